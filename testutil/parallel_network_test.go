package testutil_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/abci"
	"github.com/hyperion-rollup/hyperion/testutil"
	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/gov"
	"github.com/hyperion-rollup/hyperion/x/staking"
)

// TestFourValidatorsAgreeParallel runs 4 in-process validators that verify
// and finalize blocks with Block-STM (the default executor, pinned here with
// HYPERION_EXECUTOR=parallel; proposers build sequentially), sends bursts of transfers, same-sender chains and
// contract calls so blocks are large enough for the parallel executor, and
// checks that every node has the same blocks and state roots, that balances
// add up and that the counter saw every call.
func TestFourValidatorsAgreeParallel(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	t.Setenv("HYPERION_EXECUTOR", "parallel")
	before := abci.ParallelBlocks()
	net := testutil.NewNetwork(t, 4)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	clients := dialAll(t, net)
	waitHeight(t, ctx, clients[0], 1)

	accounts, senders := devSenders(t)
	feeCap, tip, err := testutil.Fees(ctx, clients[0])
	require.NoError(t, err)
	deploy, contract := deployCounter(t, ctx, clients[1], senders[0], feeCap, tip)

	receivers := make([]common.Address, 16)
	for i := range receivers {
		receivers[i] = common.BigToAddress(big.NewInt(int64(0x2000 + i)))
	}
	sent := []*types.Transaction{deploy}
	for round := range 6 {
		for s := 1; s < len(senders); s++ {
			for k := range 3 { // a same-sender chain of three per round
				var tx *types.Transaction
				if (s+k)%4 == 0 {
					tx = senders[s].Tx(&contract, big.NewInt(0), 80_000, nil, feeCap, tip)
				} else {
					to := receivers[(round*3+s+k)%len(receivers)]
					tx = senders[s].Tx(&to, big.NewInt(int64(1e15+round)), 21_000, nil, feeCap, tip)
				}
				require.NoError(t, clients[(round+s)%len(clients)].SendTransaction(ctx, tx), "round %d sender %d", round, s)
				sent = append(sent, tx)
			}
		}
		time.Sleep(400 * time.Millisecond)
	}
	waitReceipts(t, ctx, clients[2], sent)
	head, err := clients[0].BlockNumber(ctx)
	require.NoError(t, err)
	waitHeight(t, ctx, clients[3], head+2) // every node past the last tx block
	for _, c := range clients {
		waitHeight(t, ctx, c, head+2)
	}
	checkSameBlocks(t, ctx, clients, head+2)
	system := []common.Address{contract, evm.FeeVault, staking.StakingAddress, gov.GovAddress}
	checkSupply(t, ctx, clients[3], head+2, len(net.Nodes), append(addressesOf(accounts), append(receivers, system...)...))
	checkCounter(t, ctx, clients[2], contract, sent)
	require.Greater(t, abci.ParallelBlocks(), before, "no block went through Block-STM")
}
