package staking

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
)

// Width in slots of the queue entries.
const (
	unbondingWidth    = 3
	redelegationWidth = 4
)

// sharesFor is the number of shares amount buys of v.
func sharesFor(v Validator, amount *uint256.Int) (*uint256.Int, error) {
	if v.Shares.IsZero() {
		return new(uint256.Int).Set(amount), nil
	}
	if v.Tokens.IsZero() {
		return nil, ErrNoTokens
	}
	s, _ := new(uint256.Int).MulDivOverflow(amount, v.Shares, v.Tokens)
	if s.IsZero() {
		return nil, ErrZeroAmount
	}
	return s, nil
}

// tokensOf is the token value of shares of v.
func tokensOf(v Validator, shares *uint256.Int) *uint256.Int {
	if v.Shares.IsZero() {
		return new(uint256.Int)
	}
	t, _ := new(uint256.Int).MulDivOverflow(shares, v.Tokens, v.Shares)
	return t
}

// DelegationAmount is the token value of delegator's shares of validator.
func (k *Keeper) DelegationAmount(delegator, validator common.Address) *uint256.Int {
	v, ok := readValidator(k.st, validator)
	if !ok {
		return new(uint256.Int)
	}
	return tokensOf(v, readDelegation(k.st, delegator, validator).Shares)
}

// bond adds amount (already escrowed in the contract) to delegator's stake in op.
func (k *Keeper) bond(delegator, op common.Address, amount *uint256.Int) error {
	v, ok := readValidator(k.st, op)
	if !ok {
		return ErrUnknownValidator
	}
	if v.Tombstoned {
		return ErrTombstoned
	}
	shares, err := sharesFor(v, amount)
	if err != nil {
		return err
	}
	d := readDelegation(k.st, delegator, op)
	if d.Shares.IsZero() && !k.trackDelegatedTo(delegator, op) {
		return ErrTooMany
	}
	k.settle(delegator, op)
	d = readDelegation(k.st, delegator, op)
	d.Shares.Add(d.Shares, shares)
	writeDelegation(k.st, delegator, op, d)
	v.Tokens.Add(v.Tokens, amount)
	v.Shares.Add(v.Shares, shares)
	k.putValidator(v)
	k.addTotal(totalBonded, amount)
	return nil
}

// trackDelegatedTo records op in delegator's list of validators (for
// governance tallies); false when the list is full.
func (k *Keeper) trackDelegatedTo(delegator, op common.Address) bool {
	list := k.st.AddressArray(delegatedToSlot(delegator), maxDelegatedTo)
	for _, a := range list {
		if a == op {
			return true
		}
	}
	if len(list) >= maxDelegatedTo {
		return false
	}
	k.st.PushAddress(delegatedToSlot(delegator), op)
	return true
}

// DelegatedTo lists the validators delegator has (or had) a delegation to.
func (k *Keeper) DelegatedTo(delegator common.Address) []common.Address {
	return k.st.AddressArray(delegatedToSlot(delegator), maxDelegatedTo)
}

func (k *Keeper) delegate(delegator, op common.Address, amount *uint256.Int) error {
	if err := k.bond(delegator, op, amount); err != nil {
		return err
	}
	k.emit("Delegated", delegator, op, amount.ToBig())
	return nil
}

// unbondShares removes amount's worth of delegator's shares of op and
// returns the tokens they were worth; a request for the whole delegation
// takes every share.
func (k *Keeper) unbondShares(delegator, op common.Address, amount *uint256.Int) (*uint256.Int, error) {
	v, ok := readValidator(k.st, op)
	if !ok {
		return nil, ErrUnknownValidator
	}
	d := readDelegation(k.st, delegator, op)
	if d.Shares.IsZero() {
		return nil, ErrNoDelegation
	}
	held := tokensOf(v, d.Shares)
	if amount.Gt(held) {
		return nil, ErrExceeds
	}
	shares := new(uint256.Int).Set(d.Shares)
	if amount.Lt(held) {
		shares, _ = new(uint256.Int).MulDivOverflow(amount, v.Shares, v.Tokens)
	}
	tokens := tokensOf(v, shares)
	if tokens.IsZero() {
		return nil, ErrZeroAmount
	}
	k.settle(delegator, op)
	d = readDelegation(k.st, delegator, op)
	d.Shares.Sub(d.Shares, shares)
	writeDelegation(k.st, delegator, op, d)
	v.Tokens.Sub(v.Tokens, tokens)
	v.Shares.Sub(v.Shares, shares)
	k.putValidator(v)
	k.subTotal(totalBonded, tokens)
	return tokens, nil
}

func (k *Keeper) undelegate(delegator, op common.Address, amount *uint256.Int) error {
	tokens, err := k.unbondShares(delegator, op, amount)
	if err != nil {
		return err
	}
	completion := k.time + k.params.UnbondingTime
	n := k.st.Len(slotUnbondingQueue)
	base := solstore.Elem(slotUnbondingQueue, n, unbondingWidth)
	k.st.SetAddr(base, delegator)
	k.st.SetField(base, 20, 8, uint256.NewInt(completion))
	k.st.SetAddr(solstore.Offset(base, 1), op)
	k.st.SetField(solstore.Offset(base, 1), 20, 8, uint256.NewInt(uint64(k.height)))
	k.st.SetUint(solstore.Offset(base, 2), tokens)
	k.st.SetLen(slotUnbondingQueue, n+1)
	k.addTotal(totalUnbonding, tokens)
	k.emit("Undelegated", delegator, op, tokens.ToBig(), completion)
	return nil
}

func (k *Keeper) redelegate(delegator, src, dst common.Address, amount *uint256.Int) error {
	dv, ok := readValidator(k.st, dst)
	if !ok {
		return ErrUnknownValidator
	}
	if dv.Tombstoned {
		return ErrTombstoned
	}
	if src == dst {
		return ErrBadRequest
	}
	before := readDelegation(k.st, delegator, dst).Shares
	tokens, err := k.unbondShares(delegator, src, amount)
	if err != nil {
		return err
	}
	if err := k.bond(delegator, dst, tokens); err != nil {
		return err // unreachable in practice: dst was checked above; the state is already changed
	}
	issued := new(uint256.Int).Sub(readDelegation(k.st, delegator, dst).Shares, before)
	k.recordRedelegation(delegator, src, dst, issued)
	k.emit("Redelegated", delegator, src, dst, tokens.ToBig())
	return nil
}

func (k *Keeper) recordRedelegation(delegator, src, dst common.Address, shares *uint256.Int) {
	n := k.st.Len(slotRedelegations)
	base := solstore.Elem(slotRedelegations, n, redelegationWidth)
	k.st.SetAddr(base, delegator)
	k.st.SetField(base, 20, 8, uint256.NewInt(k.time+k.params.UnbondingTime))
	k.st.SetAddr(solstore.Offset(base, 1), src)
	k.st.SetField(solstore.Offset(base, 1), 20, 8, uint256.NewInt(uint64(k.height)))
	k.st.SetAddr(solstore.Offset(base, 2), dst)
	k.st.SetUint(solstore.Offset(base, 3), shares)
	k.st.SetLen(slotRedelegations, n+1)
}

// DelegationShares returns delegator's shares of validator.
func (k *Keeper) DelegationShares(delegator, validator common.Address) *uint256.Int {
	return readDelegation(k.st, delegator, validator).Shares
}
