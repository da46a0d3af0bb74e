package staking

import (
	"bytes"
	"sort"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
)

// ActiveSet returns the validators CometBFT runs now, in order.
func (k *Keeper) ActiveSet() []common.Address {
	return k.st.AddressArray(slotActiveSet, maxValidatorList)
}

// NextSet returns the snapshot that becomes the active set at the next epoch boundary.
func (k *Keeper) NextSet() []common.Address {
	return k.st.AddressArray(slotNextSet, maxValidatorList)
}

// NextBoundary is the epoch boundary after the keeper's height: the height
// at whose end NextSet becomes the active set.
func (k *Keeper) NextBoundary() int64 {
	l := int64(k.params.EpochLength)
	if l <= 0 {
		return 0
	}
	return (max(k.height, 0)/l + 1) * l
}

// DKGKey returns the 33-byte DKG encryption key op registered with
// createValidator, or nil (genesis validators register theirs in the first
// DKG instead).
func (k *Keeper) DKGKey(op common.Address) []byte {
	key, err := k.st.Bytes(solstore.Offset(valStateSlot(op), 3), maxKeyBytes)
	if err != nil || len(key) == 0 {
		return nil
	}
	return key
}

// NextSetKeys returns the CometBFT address and registered DKG key (nil when
// none) of every validator of NextSet still eligible now, in NextSet order:
// what the threshold mempool's DKG for the next epoch needs.
func (k *Keeper) NextSetKeys() (consAddrs, dkgKeys [][]byte) {
	for _, op := range k.filterEligible(k.NextSet()) {
		v, _ := readValidator(k.st, op)
		consAddrs = append(consAddrs, ed25519.PubKey(v.ConsensusPubKey).Address().Bytes())
		dkgKeys = append(dkgKeys, k.DKGKey(op))
	}
	return consAddrs, dkgKeys
}

// Validator returns the record of op.
func (k *Keeper) Validator(op common.Address) (Validator, bool) { return readValidator(k.st, op) }

// power is the equal CometBFT voting power of every active validator.
func (k *Keeper) power() int64 { return int64(k.st.Uint64(paramSlot(paramValidatorPower))) }

// eligible reports whether v may be in the set: not jailed or tombstoned,
// with a self-delegation of at least min_self_bond.
func (k *Keeper) eligible(v Validator) bool {
	if v.Jailed || v.Tombstoned || v.Tokens.IsZero() {
		return false
	}
	self := tokensOf(v, readDelegation(k.st, v.Operator, v.Operator).Shares)
	return !self.Lt(k.params.MinSelfBond)
}

// snapshot picks the top MaxValidators eligible validators by tokens (ties
// by operator address), in that order.
func (k *Keeper) snapshot() []common.Address {
	var cands []Validator
	for _, op := range k.st.AddressArray(slotAllValidators, maxValidatorList) {
		if v, ok := readValidator(k.st, op); ok && k.eligible(v) {
			cands = append(cands, v)
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if c := cands[i].Tokens.Cmp(cands[j].Tokens); c != 0 {
			return c > 0
		}
		return bytes.Compare(cands[i].Operator[:], cands[j].Operator[:]) < 0
	})
	n := min(uint64(len(cands)), k.params.MaxValidators)
	out := make([]common.Address, n)
	for i := range out {
		out[i] = cands[i].Operator
	}
	return out
}

// EndEpoch runs at epoch boundaries (height a multiple of epoch_length): the
// snapshot fixed one epoch ago becomes the active set (less members jailed
// since), a new snapshot is fixed for the next boundary, and the changes are
// returned as CometBFT updates (in force at height+2). The set never empties.
func (k *Keeper) EndEpoch() []abcitypes.ValidatorUpdate {
	if k.height <= 0 || uint64(k.height)%k.params.EpochLength != 0 {
		return nil
	}
	old := k.ActiveSet()
	next := k.filterEligible(k.NextSet())
	if len(next) == 0 {
		next = old
	}
	updates := k.diff(old, next)
	k.setActive(old, next)
	k.st.SetAddressArray(slotNextSet, k.snapshot())
	return updates
}

func (k *Keeper) filterEligible(ops []common.Address) []common.Address {
	var out []common.Address
	for _, op := range ops {
		if v, ok := readValidator(k.st, op); ok && k.eligible(v) {
			out = append(out, op)
		}
	}
	return out
}

// diff returns the updates from old to next: removals in old's order, then
// additions in next's order.
func (k *Keeper) diff(old, next []common.Address) []abcitypes.ValidatorUpdate {
	var updates []abcitypes.ValidatorUpdate
	for _, op := range old {
		if !contains(next, op) {
			v, _ := readValidator(k.st, op)
			updates = append(updates, abcitypes.Ed25519ValidatorUpdate(v.ConsensusPubKey, 0))
		}
	}
	for _, op := range next {
		if !contains(old, op) {
			v, _ := readValidator(k.st, op)
			updates = append(updates, abcitypes.Ed25519ValidatorUpdate(v.ConsensusPubKey, k.power()))
		}
	}
	return updates
}

// setActive stores the new active set and the records' active flags.
func (k *Keeper) setActive(old, next []common.Address) {
	for _, op := range old {
		if v, ok := readValidator(k.st, op); ok && !contains(next, op) {
			v.Active = false
			writeValidator(k.st, v)
		}
	}
	for _, op := range next {
		if v, ok := readValidator(k.st, op); ok && !v.Active {
			v.Active = true
			writeValidator(k.st, v)
		}
	}
	k.st.SetAddressArray(slotActiveSet, next)
}

func contains(list []common.Address, a common.Address) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}

// MatureUnbondings pays out every unbonding entry whose completion time has
// passed, from the head of the queue (entries are in completion order while
// unbonding_time is unchanged; after a change an entry waits for the ones
// before it).
func (k *Keeper) MatureUnbondings() {
	head, n := k.st.Uint64(slotUnbondingHead), k.st.Len(slotUnbondingQueue)
	for ; head < n; head++ {
		e := k.unbondingAt(head)
		if e.completion > k.time {
			break
		}
		k.pay(e.delegator, e.amount)
		k.subTotal(totalUnbonding, e.amount)
		k.clearEntry(slotUnbondingQueueElem(head), unbondingWidth)
	}
	if head == n && n > 0 { // queue empty: reset it so indexes stay small
		head = 0
		k.st.SetLen(slotUnbondingQueue, 0)
	}
	k.st.SetUint64(slotUnbondingHead, head)
	k.pruneRedelegations()
}

// unbondingEntry is one decoded unbonding queue entry.
type unbondingEntry struct {
	delegator, validator common.Address
	completion, height   uint64
	amount               *uint256.Int
}
