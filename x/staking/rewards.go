package staking

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/holiman/uint256"
)

// FeeVault is where the block's fees accrue (evm.FeeVault; repeated here so
// the module does not import the executor).
var FeeVault = common.HexToAddress("0x0000000000000000000000000000000000000802")

func (k *Keeper) ratio(v common.Address) *uint256.Int { return k.st.Uint(rewardRatioSlot(v)) }

// settle pays delegator's rewards from op accrued since its last settlement
// and moves its starting ratio to the current one (F1: O(1) per delegation).
func (k *Keeper) settle(delegator, op common.Address) *uint256.Int {
	d := readDelegation(k.st, delegator, op)
	r := k.ratio(op)
	owed := new(uint256.Int)
	if !d.Shares.IsZero() && r.Gt(d.Ratio) {
		delta := new(uint256.Int).Sub(r, d.Ratio)
		owed, _ = new(uint256.Int).MulDivOverflow(d.Shares, delta, RatioScale)
	}
	if !d.Ratio.Eq(r) {
		d.Ratio = r
		writeDelegation(k.st, delegator, op, d)
	}
	k.pay(delegator, owed)
	k.subTotal(totalRewards, owed)
	return owed
}

// withdrawRewards pays the delegation's rewards, and the commission when the
// caller is the validator's operator.
func (k *Keeper) withdrawRewards(delegator, op common.Address) error {
	if _, ok := readValidator(k.st, op); !ok {
		return ErrUnknownValidator
	}
	paid := k.settle(delegator, op)
	if delegator == op {
		c := k.st.Uint(commissionSlot(op))
		k.st.SetUint(commissionSlot(op), new(uint256.Int))
		k.subTotal(totalCommission, c)
		k.pay(op, c)
		paid.Add(paid, c)
	}
	k.emit("RewardsWithdrawn", delegator, op, paid.ToBig())
	return nil
}

// DistributeFees moves the fee vault's balance into the contract and credits
// it to the active, unjailed validators pro rata to their tokens: commission
// to the operator, the rest to the validator's per-share ratio. Rounding dust
// and fees without eligible validators go to the community pool. O(active set).
func (k *Keeper) DistributeFees() {
	amount := new(uint256.Int).Set(k.db.GetBalance(FeeVault))
	if amount.IsZero() {
		return
	}
	k.db.SubBalance(FeeVault, amount, tracing.BalanceChangeTransfer)
	k.db.AddBalance(StakingAddress, amount, tracing.BalanceChangeTransfer)
	var earners []Validator
	total := new(uint256.Int)
	for _, op := range k.ActiveSet() {
		v, ok := readValidator(k.st, op)
		if ok && !v.Jailed && !v.Tombstoned && !v.Shares.IsZero() && !v.Tokens.IsZero() {
			earners = append(earners, v)
			total.Add(total, v.Tokens)
		}
	}
	left := new(uint256.Int).Set(amount)
	for _, v := range earners {
		share, _ := new(uint256.Int).MulDivOverflow(amount, v.Tokens, total)
		left.Sub(left, share)
		k.credit(v, share)
	}
	k.addTotal(totalCommunityPool, left)
}

// credit splits a validator's share into commission and delegator rewards.
func (k *Keeper) credit(v Validator, share *uint256.Int) {
	comm, _ := new(uint256.Int).MulDivOverflow(share, uint256.NewInt(uint64(v.CommissionBps)), uint256.NewInt(10000))
	if !comm.IsZero() {
		k.st.SetUint(commissionSlot(v.Operator), new(uint256.Int).Add(k.st.Uint(commissionSlot(v.Operator)), comm))
		k.addTotal(totalCommission, comm)
	}
	rest := new(uint256.Int).Sub(share, comm)
	inc, _ := new(uint256.Int).MulDivOverflow(rest, RatioScale, v.Shares)
	k.st.SetUint(rewardRatioSlot(v.Operator), new(uint256.Int).Add(k.ratio(v.Operator), inc))
	k.addTotal(totalRewards, rest)
}

// SpendCommunityPool pays amount of the community pool to addr (gov authority only).
func (k *Keeper) SpendCommunityPool(to common.Address, amount *uint256.Int) error {
	if k.total(totalCommunityPool).Lt(amount) {
		return ErrInsufficientPool
	}
	k.subTotal(totalCommunityPool, amount)
	k.pay(to, amount)
	return nil
}
