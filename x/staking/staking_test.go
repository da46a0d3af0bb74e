package staking

import (
	"encoding/json"
	"math/big"
	"os"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/staking/stakingtest"
)

func TestLayoutMatchesContract(t *testing.T) {
	raw, err := os.ReadFile("contracts/Staking.layout.json")
	require.NoError(t, err)
	var layout []struct{ Label, Slot string }
	require.NoError(t, json.Unmarshal(raw, &layout))
	want := map[string]string{"queue": "0", "activeSet": "1", "vals": "2", "dels": "3", "rewardRatio": "4",
		"unbondingQueue": "5", "unbondingHead": "6", "commission": "7", "allValidators": "8", "nextSet": "9",
		"byConsAddr": "10", "valState": "11", "delegatedTo": "12", "params": "13", "totals": "25",
		"redelegations": "31", "redelegationHead": "32", "missedBlocks": "33", "stakeHistory": "34"}
	require.Len(t, layout, len(want))
	for _, l := range layout {
		require.Equal(t, want[l.Label], l.Slot, l.Label)
	}
	require.Equal(t, uint64(25), slotTotals)
	require.Equal(t, uint64(13), slotParams)
}

func viewValidators(t *testing.T, c *stakingtest.Chain) []common.Address {
	out, err := c.Call(StakingAddress, mustPack(t, "validators"))
	require.NoError(t, err)
	vals, err := ABI.Unpack("validators", out)
	require.NoError(t, err)
	var ops []common.Address
	for _, v := range vals[0].([]struct {
		Operator        common.Address `json:"operator"`
		ConsensusPubKey []byte         `json:"consensusPubKey"`
		BlsPubKey       []byte         `json:"blsPubKey"`
		Tokens          *big.Int       `json:"tokens"`
		Shares          *big.Int       `json:"shares"`
		CommissionBps   uint16         `json:"commissionBps"`
		Active          bool           `json:"active"`
		Jailed          bool           `json:"jailed"`
		Tombstoned      bool           `json:"tombstoned"`
		Moniker         string         `json:"moniker"`
	}) {
		require.True(t, v.Active)
		ops = append(ops, v.Operator)
	}
	return ops
}

func viewUint(t *testing.T, c *stakingtest.Chain, method string, args ...any) *uint256.Int {
	out, err := c.Call(StakingAddress, mustPack(t, method, args...))
	require.NoError(t, err)
	res, err := ABI.Unpack(method, out)
	require.NoError(t, err)
	return uint256.MustFromBig(res[0].(*big.Int))
}

func TestGenesisViews(t *testing.T) {
	c := newChain(t, 3, 4, testParams())
	c.Block()
	require.ElementsMatch(t, c.Addrs[:3], viewValidators(t, c))
	require.Equal(t, tokens(100), viewUint(t, c, "delegation", c.Addrs[0], c.Addrs[0]))
	require.Equal(t, uint256.NewInt(0), viewUint(t, c, "delegation", c.Addrs[3], c.Addrs[0]))
}

func createValidatorTx(t *testing.T, c *stakingtest.Chain, i int, seed uint64, bond *uint256.Int, pop []byte) []byte {
	pk, goodPop := blsKey(t, seed)
	if pop == nil {
		pop = goodPop
	}
	cons := make([]byte, 32)
	cons[0], cons[1] = byte(seed), 0xAA
	dkg := make([]byte, 33)
	dkg[0] = 2
	_ = bond
	_ = i
	return mustPack(t, "createValidator", cons, pk, pop, dkg, uint16(500), "joiner")
}

func TestCreateValidatorJoinsAtSecondBoundary(t *testing.T) {
	c := newChain(t, 3, 5, testParams())
	joiner := c.Addrs[4]
	c.Block(c.Tx(4, StakingAddress, tokens(50).ToBig(), createValidatorTx(t, c, 4, 9, tokens(50), nil))) // height 1
	require.Len(t, logsNamed(c, "ValidatorCreated"), 1, "logs: %v", c.LastLogs)
	require.Equal(t, tokens(50), viewUint(t, c, "delegation", joiner, joiner))
	var joinedAt int64
	for c.Height < 12 {
		if updates := c.Block(); len(updates) > 0 {
			require.Len(t, updates, 1)
			require.Equal(t, int64(10), updates[0].Power)
			joinedAt = c.Height
		}
	}
	require.Equal(t, int64(10), joinedAt, "snapshot at 5 includes it, it takes over at 10")
	require.Contains(t, viewValidators(t, c), joiner)
	k := keeperAt(c)
	v, _ := k.Validator(joiner)
	_, err := c.SetAt(12).Find(consAddr(v.ConsensusPubKey))
	require.NoError(t, err, "CometBFT runs it from 12")
}

func TestBadProofOfPossessionRejected(t *testing.T) {
	c := newChain(t, 1, 2, testParams())
	_, wrongPop := blsKey(t, 77)
	before := c.Balance(c.Addrs[1])
	c.Block(c.Tx(1, StakingAddress, tokens(50).ToBig(), createValidatorTx(t, c, 1, 3, tokens(50), wrongPop)))
	rej := logsNamed(c, "RequestRejected")
	require.Len(t, rej, 1)
	fields, err := ABI.Events["RequestRejected"].Inputs.NonIndexed().Unpack(rej[0].Data)
	require.NoError(t, err)
	require.Equal(t, ErrBadPoP.Error(), fields[1])
	gas := new(uint256.Int).Mul(uint256.NewInt(c.LastReceipts[0].GasUsed), uint256.MustFromBig(c.LastReceipts[0].EffectiveGasPrice))
	require.Equal(t, new(uint256.Int).Sub(before, gas), c.Balance(c.Addrs[1]), "value refunded, only gas paid")
	_, ok := keeperAt(c).Validator(c.Addrs[1])
	require.False(t, ok)
}

func TestUndelegateFullyLeavesAndMatures(t *testing.T) {
	c := newChain(t, 2, 3, testParams())
	leaver := c.Addrs[1]
	c.Block(c.Tx(1, StakingAddress, nil, mustPack(t, "undelegate", leaver, tokens(100).ToBig()))) // height 1
	require.Len(t, logsNamed(c, "Undelegated"), 1)
	out, err := c.Call(StakingAddress, mustPack(t, "unbondings", leaver))
	require.NoError(t, err)
	ub, err := ABI.Unpack("unbondings", out)
	require.NoError(t, err)
	require.Len(t, ub[0], 1)
	balance := c.Balance(leaver)
	var left bool
	for c.Height < 10 {
		for _, u := range c.Block() {
			left = left || u.Power == 0
		}
	}
	require.True(t, left, "the validator leaves at a boundary")
	require.Equal(t, []common.Address{c.Addrs[0]}, viewValidators(t, c))
	for c.Height < 22 {
		c.Block()
	}
	require.Equal(t, new(uint256.Int).Add(balance, tokens(100)), c.Balance(leaver), "unbonding paid out at maturity")
}
