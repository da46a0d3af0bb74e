package staking

import (
	"testing"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

func TestDoubleSignSlashesJailsTombstones(t *testing.T) {
	c := newChain(t, 2, 4, testParams())
	cons := c.Vals.Validators[0]
	op := keeperAt(c).byConsAddr(cons.Address)
	del, late := c.Addrs[2], c.Addrs[3]
	c.Block(c.Tx(2, StakingAddress, tokens(100).ToBig(), mustPack(t, "delegate", op))) // 1
	infraction := c.Height + 1
	c.Block() // 2: the infraction
	// After the infraction: the delegator starts unbonding 40, a late delegator joins.
	c.Block(c.Tx(2, StakingAddress, nil, mustPack(t, "undelegate", op, tokens(40).ToBig())),
		c.Tx(3, StakingAddress, tokens(100).ToBig(), mustPack(t, "delegate", op))) // 3
	c.Evidence = []abcitypes.Misbehavior{{Type: abcitypes.MisbehaviorType_DUPLICATE_VOTE,
		Validator: abcitypes.Validator{Address: cons.Address, Power: cons.Power}, Height: infraction, Time: c.Time}}
	c.Block() // 4
	require.Len(t, logsNamed(c, "Slashed"), 1)
	require.Len(t, logsNamed(c, "Jailed"), 1)
	v, _ := keeperAt(c).Validator(op)
	require.True(t, v.Jailed)
	require.True(t, v.Tombstoned)
	// 5% of the 200 tokens staked at the infraction height: 2 from the 40
	// unbonding begun after it, the other 8 from the 260 bonded now (the late
	// delegation does not raise the amount).
	require.Equal(t, new(uint256.Int).Sub(tokens(260), tokens(8)), v.Tokens)
	require.Equal(t, mul(tokens(60), 252, 260), viewUint(t, c, "delegation", del, op))
	require.Equal(t, mul(tokens(100), 252, 260), viewUint(t, c, "delegation", late, op))
	require.Equal(t, new(uint256.Int).Sub(tokens(40), tokens(2)), keeperAt(c).unbondingAt(0).amount)
	require.Equal(t, tokens(10), keeperAt(c).Totals().Burned)
	// The validator leaves at the next boundary and can never unjail.
	var removed bool
	for c.Height < 5 {
		for _, u := range c.Block() {
			removed = removed || u.Power == 0
		}
	}
	require.True(t, removed)
	c.Block(c.Tx(0, StakingAddress, nil, mustPack(t, "unjail")))
	require.Len(t, logsNamed(c, "RequestRejected"), 1)
}

func mul(x *uint256.Int, num, den uint64) *uint256.Int {
	out, _ := new(uint256.Int).MulDivOverflow(x, uint256.NewInt(num), uint256.NewInt(den))
	return out
}

func TestDowntimeJailUnjailRejoin(t *testing.T) {
	c := newChain(t, 2, 3, testParams())
	cons := c.Vals.Validators[1]
	op := keeperAt(c).byConsAddr(cons.Address)
	i := 0
	for j, a := range c.Addrs {
		if a == op {
			i = j
		}
	}
	c.Missing[string(cons.Address)] = true
	var left bool
	for c.Height < 10 {
		for _, u := range c.Block() {
			left = left || u.Power == 0
		}
	}
	v, _ := keeperAt(c).Validator(op)
	require.True(t, v.Jailed)
	require.False(t, v.Tombstoned)
	require.True(t, left, "jailed validator left at the boundary")
	require.True(t, v.Tokens.Lt(tokens(100)), "downtime slashed lightly")
	delete(c.Missing, string(cons.Address))
	c.Block(c.Tx(i, StakingAddress, nil, mustPack(t, "unjail")))
	require.Len(t, logsNamed(c, "Unjailed"), 1, "jail duration (5 s) is over")
	var rejoined bool
	for c.Height < 25 {
		for _, u := range c.Block() {
			rejoined = rejoined || u.Power > 0
		}
	}
	require.True(t, rejoined)
	require.Contains(t, viewValidators(t, c), op)
}

func TestRedelegationSlashedWithSource(t *testing.T) {
	c := newChain(t, 2, 3, testParams())
	src := keeperAt(c).byConsAddr(c.Vals.Validators[0].Address)
	dst := keeperAt(c).byConsAddr(c.Vals.Validators[1].Address)
	del := c.Addrs[2]
	c.Block(c.Tx(2, StakingAddress, tokens(100).ToBig(), mustPack(t, "delegate", src))) // 1
	infraction := c.Height + 1
	c.Block()                                                                                      // 2
	c.Block(c.Tx(2, StakingAddress, nil, mustPack(t, "redelegate", src, dst, tokens(40).ToBig()))) // 3
	require.Len(t, logsNamed(c, "Redelegated"), 1)
	require.Equal(t, tokens(40), viewUint(t, c, "delegation", del, dst))
	cons := c.Vals.Validators[0]
	c.Evidence = []abcitypes.Misbehavior{{Type: abcitypes.MisbehaviorType_DUPLICATE_VOTE,
		Validator: abcitypes.Validator{Address: cons.Address, Power: cons.Power}, Height: infraction, Time: c.Time}}
	c.Block() // 4
	require.Equal(t, new(uint256.Int).Sub(tokens(40), tokens(2)), viewUint(t, c, "delegation", del, dst),
		"5% of the redelegated stake is slashed at the destination")
	v, _ := keeperAt(c).Validator(dst)
	require.False(t, v.Jailed, "the destination is not jailed")
}
