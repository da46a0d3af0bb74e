package gov

import (
	"encoding/json"
	"math/big"
	"os"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/staking"
	"github.com/hyperion-rollup/hyperion/x/staking/stakingtest"
)

func tokens(n uint64) *uint256.Int { return new(uint256.Int).Mul(uint256.NewInt(n), staking.Token) }

// newChain starts 3 validators with 100 tokens each (account i operates validator i) and both modules.
func newChain(t *testing.T) *stakingtest.Chain {
	sp := staking.DefaultParams()
	sp.EpochLength = 5
	gp := DefaultParams()
	gp.DepositPeriod, gp.VotingPeriod = 5, 5
	c := stakingtest.New(t, 3, 6, func(c *stakingtest.Chain) map[string]any {
		var vals []staking.GenesisValidator
		for i, ck := range c.ConsKeys {
			vals = append(vals, staking.GenesisValidator{Operator: c.Addrs[i], ConsensusPubKey: ck.PubKey().Bytes(),
				SelfBond: tokens(100).Dec()})
		}
		return map[string]any{"block_gas_limit": c.Params.BlockGasLimit,
			"staking": staking.GenesisState{Params: &sp, Validators: vals}, "gov": GenesisState{Params: &gp}}
	}, staking.NewModule(), NewModule())
	c.AfterBlock = checkSupply
	return c
}

// checkSupply: balances plus everything burned equal the genesis supply after every block.
func checkSupply(c *stakingtest.Chain) {
	db := evm.NewStateDB(c.Store)
	sk := staking.NewKeeper(db, c.Height, uint64(c.Time.Unix()))
	if err := sk.CheckInvariants(); err != nil {
		panic(err)
	}
	sum := new(uint256.Int).Add(sk.Totals().Burned, NewKeeper(db, sk, &c.Params, c.Height).Burned())
	for _, a := range append(append([]common.Address{}, c.Addrs...), staking.StakingAddress, GovAddress, staking.FeeVault) {
		sum.Add(sum, c.Balance(a))
	}
	want := new(uint256.Int).Mul(stakingtest.Funds, uint256.NewInt(uint64(len(c.Addrs))))
	if want.Add(want, tokens(300)); !sum.Eq(want) {
		panic("supply changed: " + sum.Dec() + " != " + want.Dec())
	}
}

func pack(t *testing.T, method string, args ...any) []byte {
	data, err := ABI.Pack(method, args...)
	require.NoError(t, err)
	return data
}

func gasLimitProposal(t *testing.T, limit uint64) []byte {
	payload, err := EncodeParamChanges([]ParamChange{{Module: "evm", Key: "block_gas_limit", Value: EncodeUint(limit)}})
	require.NoError(t, err)
	return pack(t, "submitProposal", KindParams, payload, "raise the block gas limit")
}

func proposal(t *testing.T, c *stakingtest.Chain, id uint64) Proposal {
	p, ok := NewKeeper(evm.NewStateDB(c.Store), nil, &c.Params, c.Height).Proposal(id)
	require.True(t, ok)
	return p
}

func eventCount(c *stakingtest.Chain, name string) int {
	n := 0
	for _, l := range c.LastLogs {
		if l.Address == GovAddress && l.Topics[0] == ABI.Events[name].ID {
			n++
		}
	}
	return n
}

// voteAndClose votes option from the given accounts in one block, then runs blocks until the proposal closes.
func voteAndClose(t *testing.T, c *stakingtest.Chain, id uint64, votes map[int]uint8) Proposal {
	var txs []*types.Transaction
	for i := 0; i < len(c.Addrs); i++ {
		if opt, ok := votes[i]; ok {
			txs = append(txs, c.Tx(i, GovAddress, nil, pack(t, "vote", id, opt)))
		}
	}
	c.Block(txs...)
	require.Equal(t, len(txs), eventCount(c, "Voted"), "logs: %v", c.LastLogs)
	for i := 0; i < 10 && proposal(t, c, id).Status == StatusVoting; i++ {
		c.Block()
	}
	return proposal(t, c, id)
}

func TestLayoutMatchesContract(t *testing.T) {
	raw, err := os.ReadFile("contracts/Gov.layout.json")
	require.NoError(t, err)
	var layout []struct{ Label, Slot string }
	require.NoError(t, json.Unmarshal(raw, &layout))
	want := map[string]string{"queue": "0", "nextId": "1", "proposals": "2", "tallies": "3", "params": "4",
		"votes": "5", "voters": "6", "depositors": "7", "deposits": "8", "open": "9", "govParams": "10", "burned": "18"}
	require.Len(t, layout, len(want))
	for _, l := range layout {
		require.Equal(t, want[l.Label], l.Slot, l.Label)
	}
}

func TestRaiseGasLimitPasses(t *testing.T) {
	c := newChain(t)
	proposer := c.Addrs[4]
	before := c.Balance(proposer)
	c.Block(c.Tx(4, GovAddress, tokens(100).ToBig(), gasLimitProposal(t, 40_000_000)))
	require.Equal(t, 1, eventCount(c, "ProposalSubmitted"))
	require.Equal(t, StatusVoting, proposal(t, c, 1).Status)
	p := voteAndClose(t, c, 1, map[int]uint8{0: 1, 1: 1, 2: 2})
	require.Equal(t, StatusPassed, p.Status)
	require.Equal(t, uint64(40_000_000), c.Params.BlockGasLimit, "the next block uses the new limit")
	out, err := c.Call(GovAddress, pack(t, "param", "evm", "block_gas_limit"))
	require.NoError(t, err)
	res, err := ABI.Unpack("param", out)
	require.NoError(t, err)
	require.Equal(t, uint64(40_000_000), new(big.Int).SetBytes(res[0].([]byte)).Uint64())
	out, err = c.Call(GovAddress, pack(t, "tally", uint64(1)))
	require.NoError(t, err)
	tally, err := ABI.Unpack("tally", out)
	require.NoError(t, err)
	require.Equal(t, tokens(200).ToBig(), tally[0], "yes")
	require.Equal(t, tokens(100).ToBig(), tally[1], "no")
	spentOnGas := new(uint256.Int).Sub(before, c.Balance(proposer))
	require.True(t, spentOnGas.Lt(tokens(1)), "deposit refunded")
}

func TestInvalidChangeFailsCleanly(t *testing.T) {
	c := newChain(t)
	c.Block(c.Tx(4, GovAddress, tokens(100).ToBig(), gasLimitProposal(t, 10)))
	p := voteAndClose(t, c, 1, map[int]uint8{0: 1, 1: 1, 2: 1})
	require.Equal(t, StatusFailed, p.Status)
	require.Equal(t, uint64(30_000_000), c.Params.BlockGasLimit)
}

func TestVetoBurnsDeposit(t *testing.T) {
	c := newChain(t)
	c.Block(c.Tx(4, GovAddress, tokens(100).ToBig(), gasLimitProposal(t, 40_000_000)))
	p := voteAndClose(t, c, 1, map[int]uint8{0: 4, 1: 4, 2: 1})
	require.Equal(t, StatusVetoed, p.Status)
	require.Equal(t, tokens(100), NewKeeper(evm.NewStateDB(c.Store), nil, &c.Params, c.Height).Burned())
}

func TestDelegatorOverridesValidatorVote(t *testing.T) {
	c := newChain(t)
	// Account 5 delegates 300 to validator 0, which then holds 400 of 600 bonded tokens.
	c.Block(c.Tx(5, staking.StakingAddress, tokens(300).ToBig(), pack0(t, "delegate", c.Addrs[0])),
		c.Tx(4, GovAddress, tokens(100).ToBig(), gasLimitProposal(t, 40_000_000)))
	// Validator 0 votes yes; its delegator votes no; the others abstain from voting.
	p := voteAndClose(t, c, 1, map[int]uint8{0: 1, 5: 2})
	require.Equal(t, StatusRejected, p.Status, "300 no against 100 yes")
	out, err := c.Call(GovAddress, pack(t, "tally", uint64(1)))
	require.NoError(t, err)
	tally, err := ABI.Unpack("tally", out)
	require.NoError(t, err)
	require.Equal(t, tokens(100).ToBig(), tally[0])
	require.Equal(t, tokens(300).ToBig(), tally[1])
}

func pack0(t *testing.T, method string, args ...any) []byte {
	data, err := staking.ABI.Pack(method, args...)
	require.NoError(t, err)
	return data
}

func TestRejectedSubmissionLeavesGap(t *testing.T) {
	c := newChain(t)
	bad, err := EncodeParamChanges([]ParamChange{{Module: "evm", Key: "nope", Value: EncodeUint(1)}})
	require.NoError(t, err)
	before := c.Balance(c.Addrs[4])
	c.Block(c.Tx(4, GovAddress, tokens(100).ToBig(), pack(t, "submitProposal", KindParams, bad, "bad")))
	require.Equal(t, 1, eventCount(c, "RequestRejected"))
	require.True(t, new(uint256.Int).Sub(before, c.Balance(c.Addrs[4])).Lt(tokens(1)), "value refunded")
	c.Block(c.Tx(4, GovAddress, tokens(100).ToBig(), gasLimitProposal(t, 40_000_000)))
	require.Equal(t, uint64(2), proposal(t, c, 2).ID)
	_, ok := NewKeeper(evm.NewStateDB(c.Store), nil, &c.Params, c.Height).Proposal(1)
	require.False(t, ok)
}
