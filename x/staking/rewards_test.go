package staking

import (
	"testing"

	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

func TestRewardsF1(t *testing.T) {
	c := newChain(t, 2, 4, testParams())
	val, del := c.Addrs[0], c.Addrs[2]
	// Delegate 300 to validator 0 (now 400 tokens, the delegator holds 3/4 of its shares).
	c.Block(c.Tx(2, StakingAddress, tokens(300).ToBig(), mustPack(t, "delegate", val)))
	require.Len(t, logsNamed(c, "Delegated"), 1)
	// Fees of a plain transfer accrue in the vault and are distributed the next block.
	c.Block(c.Tx(3, c.Addrs[3], tokens(1).ToBig(), nil))
	c.Block()
	delReward := viewUint(t, c, "pendingRewards", del, val)
	valReward := viewUint(t, c, "pendingRewards", val, val)
	require.False(t, delReward.IsZero())
	// 10% commission; the operator holds 1/4 of the shares and the delegator 3/4 of the rest.
	k := keeperAt(c)
	comm := k.st.Uint(commissionSlot(val))
	opPart := new(uint256.Int).Sub(valReward, comm)
	require.InDelta(t, 3*opPart.Float64(), delReward.Float64(), 4, "delegator earns 3x the operator's stake part")
	require.InDelta(t, comm.Float64()*9, new(uint256.Int).Add(opPart, delReward).Float64(), 20, "commission is 10%")
	before := c.Balance(del)
	c.Block(c.Tx(2, StakingAddress, nil, mustPack(t, "withdrawRewards", val)))
	paid := logsNamed(c, "RewardsWithdrawn")
	require.Len(t, paid, 1)
	got := new(uint256.Int).SetBytes(paid[0].Data)
	require.True(t, got.Cmp(delReward) >= 0, "pays at least what the view showed (a block more accrued)")
	gas := new(uint256.Int).Mul(uint256.NewInt(c.LastReceipts[0].GasUsed), uint256.MustFromBig(c.LastReceipts[0].EffectiveGasPrice))
	require.Equal(t, new(uint256.Int).Sub(new(uint256.Int).Add(before, got), gas), c.Balance(del))
	require.True(t, viewUint(t, c, "pendingRewards", del, val).Lt(got), "settled: only this block's accrual is pending")
}

func TestJailedValidatorStopsEarning(t *testing.T) {
	c := newChain(t, 2, 3, testParams())
	c.Missing[string(c.Vals.Validators[0].Address)] = true
	op := keeperAt(c).byConsAddr(c.Vals.Validators[0].Address)
	for c.Height < 8 {
		c.Block(c.Tx(2, c.Addrs[2], tokens(1).ToBig(), nil))
	}
	v, _ := keeperAt(c).Validator(op)
	require.True(t, v.Jailed, "missed more than half of a 10-block window")
	r := viewUint(t, c, "pendingRewards", op, op)
	c.Block(c.Tx(2, c.Addrs[2], tokens(1).ToBig(), nil))
	c.Block()
	require.Equal(t, r, viewUint(t, c, "pendingRewards", op, op), "no rewards while jailed")
}
