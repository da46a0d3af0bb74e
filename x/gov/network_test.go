package gov_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/testutil"
	"github.com/hyperion-rollup/hyperion/x/gov"
	"github.com/hyperion-rollup/hyperion/x/staking/stakingnet"
)

// TestGovernanceRaisesGasLimit: on a two-validator network, a proposal to
// raise the block gas limit passes with the validators' stake-weighted votes
// and the block after the end of voting uses the new limit.
func TestGovernanceRaisesGasLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := stakingnet.Start(t, stakingnet.Options{Nodes: 2, Validators: 2, EpochLength: 20, VotingPeriod: 6})
	ctx, cancel := context.WithTimeout(context.Background(), 80*time.Second)
	defer cancel()
	client := stakingnet.Client(ctx, t, net, 0)
	feeCap, tip, err := testutil.Fees(ctx, client)
	require.NoError(t, err)
	send := func(i int, nonce uint64, value *big.Int, method string, args ...any) {
		acc, err := devkeys.DevAccount(i)
		require.NoError(t, err)
		data, err := gov.ABI.Pack(method, args...)
		require.NoError(t, err)
		tx := testutil.NewSender(acc.Key, big.NewInt(31337), nonce).Tx(&gov.GovAddress, value, 1_000_000, data, feeCap, tip)
		require.NoError(t, client.SendTransaction(ctx, tx))
		require.True(t, testutil.WaitFor(20*time.Second, func() bool {
			r, err := client.TransactionReceipt(ctx, tx.Hash())
			return err == nil && r != nil && r.Status == types.ReceiptStatusSuccessful
		}), method)
	}
	const newLimit = 45_000_000
	payload, err := gov.EncodeParamChanges([]gov.ParamChange{{Module: "evm", Key: "block_gas_limit", Value: gov.EncodeUint(newLimit)}})
	require.NoError(t, err)
	send(5, 0, new(big.Int).Mul(big.NewInt(100), big.NewInt(1e18)), "submitProposal", gov.KindParams, payload, "raise gas")
	send(0, 0, nil, "vote", uint64(1), uint8(1))
	send(1, 0, nil, "vote", uint64(1), uint8(1))

	var p struct {
		Status    uint8
		VotingEnd uint64
	}
	require.True(t, testutil.WaitFor(30*time.Second, func() bool {
		data, _ := gov.ABI.Pack("proposal", uint64(1))
		out, err := client.CallContract(ctx, ethereum.CallMsg{To: &gov.GovAddress, Data: data}, nil)
		if err != nil {
			return false
		}
		res, err := gov.ABI.Unpack("proposal", out)
		if err != nil {
			return false
		}
		v := res[0].(struct {
			Id          uint64         `json:"id"`
			Kind        uint8          `json:"kind"`
			Proposer    common.Address `json:"proposer"`
			Payload     []byte         `json:"payload"`
			Description string         `json:"description"`
			Deposit     *big.Int       `json:"deposit"`
			VotingEnd   uint64         `json:"votingEnd"`
			Status      uint8          `json:"status"`
		})
		p.Status, p.VotingEnd = v.Status, v.VotingEnd
		return p.Status == gov.StatusPassed
	}), "proposal did not pass (status %d)", p.Status)
	require.True(t, testutil.WaitFor(10*time.Second, func() bool { n, err := client.BlockNumber(ctx); return err == nil && n > p.VotingEnd }))
	before, err := client.HeaderByNumber(ctx, new(big.Int).SetUint64(p.VotingEnd))
	require.NoError(t, err)
	after, err := client.HeaderByNumber(ctx, new(big.Int).SetUint64(p.VotingEnd+1))
	require.NoError(t, err)
	require.NotEqual(t, uint64(newLimit), before.GasLimit)
	require.Equal(t, uint64(newLimit), after.GasLimit, "the next block uses the new limit")
}
