package staking

import (
	"math/bits"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
)

// Liveness state per validator: valState offset 1 holds the blocks missed in
// the sliding window, offset 2 packs signedIndex (uint64, the blocks counted)
// and the window the bits were recorded under (uint64); the bits themselves
// are missedBlocks[validator][word], bit (signedIndex % window) of the block
// counted at signedIndex, 256 to a word (Cosmos SDK's missed-blocks bitmap).

func missedWordSlot(op common.Address, word uint64) common.Hash {
	return solstore.MapSlot(solstore.MapSlot(slotMissedBlocks, solstore.AddressKey(op)), solstore.Uint64Key(word))
}

// HandleLiveness records, for each active validator in the commit of the
// previous block, whether it signed, in a sliding window of the last
// downtime_window blocks it was counted in; one that missed more than the
// window allows is slashed lightly and jailed, and its window restarts.
func (k *Keeper) HandleLiveness(commit abcitypes.CommitInfo) {
	window := k.params.DowntimeWindow
	allowed := window - window*k.params.MinSignedBps/10000
	for _, vote := range commit.Votes {
		op := k.st.Addr(consAddrSlot(vote.Validator.Address))
		v, ok := readValidator(k.st, op)
		if !ok || v.Jailed {
			continue
		}
		if k.countVote(op, window, vote.BlockIdFlag == cmtproto.BlockIDFlagAbsent) > allowed {
			k.slash(v, k.params.SlashDowntimeBps, ReasonDowntime, k.height)
			k.jail(op, k.time+k.params.JailDuration, false)
			k.resetLiveness(op, window)
		}
	}
}

// countVote moves op's window on by one block, missed or not, and returns
// the blocks it missed in the window.
func (k *Keeper) countVote(op common.Address, window uint64, absent bool) uint64 {
	packed := solstore.Offset(valStateSlot(op), 2)
	if k.st.Field(packed, 8, 8).Uint64() != window {
		k.resetLiveness(op, window)
	}
	index := k.st.Field(packed, 0, 8).Uint64()
	pos := index % window
	word := missedWordSlot(op, pos/256)
	set := k.st.Uint(word)
	mask := new(uint256.Int).Lsh(uint256.NewInt(1), uint(pos%256))
	was := !new(uint256.Int).And(set, mask).IsZero()
	missed := k.st.Uint64(solstore.Offset(valStateSlot(op), 1))
	switch {
	case absent && !was:
		k.st.SetUint(word, set.Or(set, mask))
		missed++
	case !absent && was:
		k.st.SetUint(word, set.Xor(set, mask))
		missed--
	}
	k.st.SetUint64(solstore.Offset(valStateSlot(op), 1), missed)
	k.st.SetField(packed, 0, 8, uint256.NewInt(index+1))
	return missed
}

// resetLiveness empties op's window and starts a new one of window blocks.
// Only set bits need clearing, so the scan stops once the missed count is
// accounted for (nothing to scan when it is zero).
func (k *Keeper) resetLiveness(op common.Address, window uint64) {
	base := valStateSlot(op)
	packed := solstore.Offset(base, 2)
	left := k.st.Uint64(solstore.Offset(base, 1))
	words := (k.st.Field(packed, 8, 8).Uint64() + 255) / 256
	for w := uint64(0); w < words && left > 0; w++ {
		slot := missedWordSlot(op, w)
		if word := k.st.Uint(slot); !word.IsZero() {
			left -= min(left, popcount(word))
			k.st.SetWord(slot, common.Hash{})
		}
	}
	k.st.SetUint64(solstore.Offset(base, 1), 0)
	k.st.SetField(packed, 0, 8, uint256.NewInt(0))
	k.st.SetField(packed, 8, 8, uint256.NewInt(window))
}

// popcount is the number of set bits of x.
func popcount(x *uint256.Int) uint64 {
	n := 0
	for _, limb := range x {
		n += bits.OnesCount64(limb)
	}
	return uint64(n)
}
