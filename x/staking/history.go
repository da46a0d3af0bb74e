package staking

import (
	"sort"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
)

// Stake history (contract slot 34, per validator: head, then an array of
// records {height uint64, time uint64 | tokensBefore}). The first change of a
// validator's tokens in a block records the tokens it had when the block
// began, so the stake at any height in the evidence window is the record of
// the first changed block at or after it, or the current tokens. Records older
// than unbonding_time are pruned as new ones are appended (O(1) amortized).

const stakeRecordWidth = 2

func stakeHistorySlot(op common.Address) common.Hash {
	return solstore.MapSlot(slotStakeHistory, solstore.AddressKey(op))
}

func stakeRecordSlot(op common.Address, i uint64) common.Hash {
	return solstore.Elem(solstore.Offset(stakeHistorySlot(op), 1), i, stakeRecordWidth)
}

// putValidator writes v, first recording its tokens at the start of the
// block when this is the block's first change of them.
func (k *Keeper) putValidator(v Validator) {
	base := stakeHistorySlot(v.Operator)
	records := solstore.Offset(base, 1)
	before := k.st.Uint(solstore.Offset(valSlot(v.Operator), 3))
	n := k.st.Len(records)
	if before.Eq(v.Tokens) || (n > 0 && k.st.Field(stakeRecordSlot(v.Operator, n-1), 0, 8).Uint64() == uint64(k.height)) {
		writeValidator(k.st, v)
		return
	}
	n = k.pruneStakeHistory(v.Operator, n)
	rec := stakeRecordSlot(v.Operator, n)
	k.st.SetField(rec, 0, 8, uint256.NewInt(uint64(k.height)))
	k.st.SetField(rec, 8, 8, uint256.NewInt(k.time))
	k.st.SetUint(solstore.Offset(rec, 1), before)
	k.st.SetLen(records, n+1)
	writeValidator(k.st, v)
}

// pruneStakeHistory drops the records of op older than unbonding_time (no
// evidence can reach them) and returns the array length to append at.
func (k *Keeper) pruneStakeHistory(op common.Address, n uint64) uint64 {
	base := stakeHistorySlot(op)
	head := k.st.Uint64(base)
	for ; head < n; head++ {
		rec := stakeRecordSlot(op, head)
		if k.st.Field(rec, 8, 8).Uint64()+k.params.UnbondingTime >= k.time {
			break
		}
		k.clearEntry(rec, stakeRecordWidth)
	}
	if head == n && n > 0 { // all pruned: restart the array so indexes stay small
		head, n = 0, 0
		k.st.SetLen(solstore.Offset(base, 1), 0)
	}
	k.st.SetUint64(base, head)
	return n
}

// tokensAt returns the tokens v had when the block at height began.
func (k *Keeper) tokensAt(v Validator, height int64) *uint256.Int {
	head, n := k.st.Uint64(stakeHistorySlot(v.Operator)), k.st.Len(solstore.Offset(stakeHistorySlot(v.Operator), 1))
	i := head + uint64(sort.Search(int(n-head), func(j int) bool {
		return k.st.Field(stakeRecordSlot(v.Operator, head+uint64(j)), 0, 8).Uint64() >= uint64(height)
	}))
	if i == n {
		return new(uint256.Int).Set(v.Tokens)
	}
	return k.st.Uint(solstore.Offset(stakeRecordSlot(v.Operator, i), 1))
}
