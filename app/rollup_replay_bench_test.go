package app_test

import (
	"context"
	"math/big"
	"math/rand"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/rollup/batch"
	"github.com/hyperion-rollup/hyperion/testutil"
	"github.com/hyperion-rollup/hyperion/testutil/cpuprobe"
)

// TestRollupReplaySpeed (HYPERION_BENCH=1, part of `make bench`) builds a loaded chain on one validator
// posting calldata batches to a development L1 (HYPERION_REPLAY_BLOCKS blocks, default 300, of a mix of
// ETH transfers, counter-contract calls and calldata-carrying transfers), then, in the same run and
// interleaved, measures: the node's own execution of the committed blocks (read from CometBFT's block
// store, executed by a fresh application the way a validator executes a received block: ProcessProposal,
// FinalizeBlock, Commit), the same with FinalizeBlock alone (CometBFT's replay after a restart), and the
// verifier deriving the same blocks from L1 alone (events, calldata, checks, decode) and re-executing them.
func TestRollupReplaySpeed(t *testing.T) {
	if os.Getenv("HYPERION_BENCH") == "" {
		t.Skip("set HYPERION_BENCH=1")
	}
	target := 300
	if v, err := strconv.Atoi(os.Getenv("HYPERION_REPLAY_BLOCKS")); err == nil && v > 0 {
		target = v
	}
	rn := startRollupNetOf(t, app.MediumNameCalldata, 1, func(c *app.Config) {
		c.Rollup.BatchInterval, c.Rollup.OutputInterval = 64, 32
		c.TxPool.AccountSlots, c.TxPool.GlobalSlots = 4096, 65536
	})
	txs := loadChain(t, rn, uint64(target))
	landed := time.Now()
	require.True(t, testutil.WaitFor(300*time.Second, func() bool {
		next, last := rn.inbox()
		if time.Since(landed) > 15*time.Second {
			t.Logf("L1 inbox: %d batches, to L2 block %d", next, last)
			landed = time.Now()
		}
		return last >= uint64(target)-64
	}), "batches land")
	_, lastL2 := rn.inbox()
	blocks := committedBlocks(t, rn.nodes[0], lastL2)
	rn.stop()
	t.Logf("chain: %d blocks posted to L1 (%d user txs sent); two-goroutine CPU probe: %.2fx", lastL2, txs, cpuprobe.Parallelism())
	var live, decided, replay []time.Duration
	for round := 0; round < 3; round++ {
		live = append(live, executeCommitted(t, rn.cfgs[0], blocks, false))
		rep := rn.verify(nil)
		require.Equal(t, lastL2, rep.LastBlock)
		replay = append(replay, rep.Total)
		decided = append(decided, executeCommitted(t, rn.cfgs[0], blocks, true))
		t.Logf("round %d: verifier execution %s of total %s, %d outputs checked", round, rep.Execution, rep.Total, rep.Outputs)
	}
	n, ntx := len(blocks), 0
	for _, b := range blocks {
		ntx += len(b.Txs)
	}
	report := func(name string, ds []time.Duration) float64 {
		best := slicesMin(ds)
		t.Logf("%-52s %7.1f blocks/s %8.0f tx/s (best of %v)", name, float64(n)/best.Seconds(), float64(ntx)/best.Seconds(), ds)
		return float64(n) / best.Seconds()
	}
	liveRate := report("live (ProcessProposal+FinalizeBlock+Commit)", live)
	report("restart replay (FinalizeBlock+Commit)", decided)
	replayRate := report("verifier (L1 derivation + checks + execution)", replay)
	t.Logf("verifier / live = %.2f (target >= 0.9); CPU probe after: %.2fx", replayRate/liveRate, cpuprobe.Parallelism())
}

// loadChain sends a realistic mix until the chain reaches target blocks and returns how many txs it sent:
// 70% ETH transfers to fresh addresses, 20% calls of counter contracts (a storage write and a log each),
// 10% transfers carrying 100-300 bytes of calldata, from the funded dev accounts.
func loadChain(t *testing.T, rn *rollupNet, target uint64) int {
	ctx := context.Background()
	chainID, err := rn.l2.ChainID(ctx)
	require.NoError(t, err)
	var senders []*testutil.Sender
	for i := 1; i < devkeys.DevAccountCount; i++ {
		acc, err := devkeys.DevAccount(i)
		require.NoError(t, err)
		senders = append(senders, testutil.NewSender(acc.Key, chainID, 0))
	}
	counters := deployCounters(t, rn, senders[0], 4)
	rng := rand.New(rand.NewSource(8))
	feeCap, tip := big.NewInt(1000e9), big.NewInt(1e9)
	sent := 0
	for {
		head, err := rn.l2.BlockNumber(ctx)
		require.NoError(t, err)
		if head >= target {
			return sent
		}
		for i := 0; i < 60; i++ {
			s := senders[rng.Intn(len(senders))]
			require.NoError(t, rn.l2.SendTransaction(ctx, mixTx(rng, s, counters, feeCap, tip)))
			sent++
		}
		require.True(t, testutil.WaitFor(10*time.Second, func() bool {
			h, err := rn.l2.BlockNumber(ctx)
			return err == nil && h > head
		}))
	}
}

func mixTx(rng *rand.Rand, s *testutil.Sender, counters []common.Address, feeCap, tip *big.Int) *types.Transaction {
	switch r := rng.Intn(10); {
	case r < 7:
		to := common.BytesToAddress(crypto.Keccak256(big.NewInt(rng.Int63()).Bytes()))
		return s.Tx(&to, big.NewInt(rng.Int63n(1e15)+1), 21000, nil, feeCap, tip)
	case r < 9:
		return s.Tx(&counters[rng.Intn(len(counters))], new(big.Int), 60000, nil, feeCap, tip)
	default:
		to := common.BytesToAddress(crypto.Keccak256(big.NewInt(rng.Int63()).Bytes()))
		data := make([]byte, 100+rng.Intn(200))
		rng.Read(data)
		return s.Tx(&to, big.NewInt(1), 100000, data, feeCap, tip)
	}
}

// deployCounters deploys n counter contracts from s and waits for them.
func deployCounters(t *testing.T, rn *rollupNet, s *testutil.Sender, n int) []common.Address {
	ctx := context.Background()
	var out []common.Address
	for i := 0; i < n; i++ {
		out = append(out, crypto.CreateAddress(s.Address, s.Nonce))
		require.NoError(t, rn.l2.SendTransaction(ctx, s.Tx(nil, new(big.Int), 200000, testutil.CounterInitCode, big.NewInt(1000e9), big.NewInt(1e9))))
	}
	require.True(t, testutil.WaitFor(30*time.Second, func() bool {
		code, err := rn.l2.CodeAt(ctx, out[n-1], nil)
		return err == nil && len(code) > 0
	}))
	return out
}

// committedBlocks reads blocks 1..last from the node's CometBFT stores.
func committedBlocks(t *testing.T, n *app.Node, last uint64) []*batch.Block {
	r, err := n.BlockInputsReader()
	require.NoError(t, err)
	out := make([]*batch.Block, 0, last)
	for h := int64(1); h <= int64(last); h++ {
		req, err := r.FinalizeInputs(h)
		require.NoError(t, err)
		b, err := batch.FromFinalizeRequest(req)
		require.NoError(t, err)
		out = append(out, b)
	}
	return out
}

// executeCommitted executes blocks in a fresh application and returns the time execution took.
func executeCommitted(t *testing.T, cfg app.Config, blocks []*batch.Block, decidedOnly bool) time.Duration {
	r, err := app.NewReplayer(cfg, t.TempDir())
	require.NoError(t, err)
	defer r.Close()
	exec := r.Execute
	if decidedOnly {
		exec = r.ExecuteDecided
	}
	start := time.Now()
	for _, b := range blocks {
		_, _, err := exec(b)
		require.NoError(t, err)
	}
	return time.Since(start)
}

func slicesMin(ds []time.Duration) time.Duration {
	best := ds[0]
	for _, d := range ds[1:] {
		best = min(best, d)
	}
	return best
}
