package staking

import (
	"testing"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
)

func TestDoubleSignIgnoresStakeDelegatedAfterInfraction(t *testing.T) {
	c := newChain(t, 2, 3, testParams())
	cons := c.Vals.Validators[0]
	op := keeperAt(c).byConsAddr(cons.Address)
	infraction := c.Height + 1
	c.Block() // 1: the infraction, with 100 tokens staked
	// 2: a late delegation of 900
	c.Block(c.Tx(2, StakingAddress, tokens(900).ToBig(), mustPack(t, "delegate", op)))
	c.Evidence = []abcitypes.Misbehavior{{Type: abcitypes.MisbehaviorType_DUPLICATE_VOTE,
		Validator: abcitypes.Validator{Address: cons.Address, Power: cons.Power}, Height: infraction, Time: c.Time}}
	c.Block() // 3
	require.Len(t, logsNamed(c, "Slashed"), 1)
	require.Equal(t, tokens(5), keeperAt(c).Totals().Burned, "5% of the 100 staked at the infraction, not of 1000")
	v, _ := keeperAt(c).Validator(op)
	require.Equal(t, tokens(995), v.Tokens)
}

func TestStakeHistoryPrunedPastUnbondingTime(t *testing.T) {
	c := newChain(t, 2, 3, testParams()) // unbonding_time 20 s, one block a second
	op := keeperAt(c).byConsAddr(c.Vals.Validators[0].Address)
	for i := 0; i < 40; i++ {
		c.Block(c.Tx(2, StakingAddress, tokens(1).ToBig(), mustPack(t, "delegate", op)))
	}
	k := keeperAt(c)
	head, n := k.st.Uint64(stakeHistorySlot(op)), k.st.Len(solstore.Offset(stakeHistorySlot(op), 1))
	require.LessOrEqual(t, n-head, uint64(22), "only records within unbonding_time are kept")
	require.Equal(t, tokens(100+40-5), k.tokensAt(mustValidator(t, k, op), c.Height-4))
	require.Equal(t, tokens(140), k.tokensAt(mustValidator(t, k, op), c.Height+1))
}

func mustValidator(t *testing.T, k *Keeper, op common.Address) Validator {
	v, ok := k.Validator(op)
	require.True(t, ok)
	return v
}

// An outage straddling what used to be a fixed-window boundary (heights 10,
// 20, …) is caught: 10 missed blocks in a row, 5 allowed in any 10.
func TestDowntimeSlidingWindowCatchesStraddlingOutage(t *testing.T) {
	c := newChain(t, 2, 2, testParams())
	cons := c.Vals.Validators[1]
	op := keeperAt(c).byConsAddr(cons.Address)
	for c.Height < 4 {
		c.Block()
	}
	c.Missing[string(cons.Address)] = true
	slashes := 0
	for c.Height < 14 {
		c.Block()
		slashes += len(logsNamed(c, "Slashed"))
	}
	v, _ := keeperAt(c).Validator(op)
	require.True(t, v.Jailed)
	require.Equal(t, 1, slashes)
}

// Misses that slid out of the window no longer count.
func TestDowntimeOldMissesLeaveTheWindow(t *testing.T) {
	c := newChain(t, 2, 2, testParams())
	cons := c.Vals.Validators[1]
	op := keeperAt(c).byConsAddr(cons.Address)
	for _, missing := range []bool{true, false, true} {
		c.Missing[string(cons.Address)] = missing
		for i := 0; i < map[bool]int{true: 5, false: 10}[missing]; i++ {
			c.Block()
		}
	}
	v, _ := keeperAt(c).Validator(op)
	require.False(t, v.Jailed, "5 misses, then 10 signed, then 5: never more than 5 in 10")
	c.Block()
	v, _ = keeperAt(c).Validator(op)
	require.True(t, v.Jailed, "the 6th miss in 10 blocks")
}

func TestWithheldSharesSlashOncePerJail(t *testing.T) {
	c := newChain(t, 2, 2, testParams())
	cons := c.Vals.Validators[0]
	op := keeperAt(c).byConsAddr(cons.Address)
	c.Withheld = [][]byte{cons.Address}
	slashes := 0
	for i := 0; i < 4; i++ {
		c.Block()
		slashes += len(logsNamed(c, "Slashed"))
	}
	require.Equal(t, 1, slashes, "reports while jailed are a no-op")
	v, _ := keeperAt(c).Validator(op)
	require.True(t, v.Jailed)
	require.Equal(t, new(uint256.Int).Sub(tokens(100), mul(tokens(100), 1, 10000)), v.Tokens)
}
