package app_test

import (
	"context"
	"fmt"
	"math/big"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/rollup/l1"
	"github.com/hyperion-rollup/hyperion/rollup/service"
	"github.com/hyperion-rollup/hyperion/rollup/verifier"
	"github.com/hyperion-rollup/hyperion/testutil"
)

// pausableL1 is the development L1 served over HTTP, mining every interval unless paused, so a test can
// hold a posted transaction in the pool.
type pausableL1 struct {
	backend *simulated.Backend
	url     string
	paused  atomic.Bool
}

func startPausableL1(t *testing.T, interval time.Duration) *pausableL1 {
	port, err := testutil.FreePorts(1)
	require.NoError(t, err)
	alloc, err := app.DevL1Alloc()
	require.NoError(t, err)
	p := &pausableL1{url: fmt.Sprintf("http://%s:%d", l1.DefaultHost, port[0])}
	p.backend = l1.NewSimulated(alloc, func(nc *node.Config, _ *ethconfig.Config) {
		nc.HTTPHost, nc.HTTPPort, nc.HTTPModules = l1.DefaultHost, port[0], l1.Modules
	})
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			case <-time.After(interval):
				if !p.paused.Load() {
					p.backend.Commit()
				}
			}
		}
	}()
	t.Cleanup(func() { close(stop); <-done; _ = p.backend.Close() })
	return p
}

// TestRollupLeaderKilledMidPost: 4 validator processes post to L1; while a batch post sits in L1's pool
// (mining held), its poster is SIGKILLed. The next poster takes over after the post timeout, posting
// continues without the killed node, and every batch index lands exactly once on L1.
func TestRollupLeaderKilledMidPost(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 4 validator processes and a development L1")
	}
	const postTimeout = 3 // seconds
	l1net := startPausableL1(t, 500*time.Millisecond)
	net := testutil.NewProcNet(t, testutil.HomeOptions{Validators: 4})
	client, err := ethclient.Dial(l1net.url)
	require.NoError(t, err)
	var keys []service.NodeKeys
	posters := make([]common.Address, len(net.Homes))
	for i, h := range net.Homes {
		k, err := service.LoadOrCreateKeys(h, "")
		require.NoError(t, err)
		keys = append(keys, k)
		posters[i] = crypto.PubkeyToAddress(k.L1.PublicKey)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	addrs, err := app.DevDeployRollup(ctx, client, keys)
	require.NoError(t, err)
	rn := &rollupNet{t: t, l1: client, addrs: addrs}
	env := []string{
		app.EnvName("rollup.l1-rpc") + "=" + l1net.url, app.EnvName("rollup.batch-interval") + "=4",
		app.EnvName("rollup.output-interval") + "=100000", fmt.Sprintf("%s=%d", app.EnvName("rollup.post-timeout"), postTimeout),
	}
	for i := range net.Homes {
		require.NoError(t, net.Start(i, env...))
	}
	require.True(t, testutil.WaitFor(60*time.Second, func() bool { n, _ := rn.inbox(); return n >= 2 }), "batches land")

	// Hold mining and wait for a batch post in the pool (output-interval is too long for any other tx).
	l1net.paused.Store(true)
	held, _ := rn.inbox()
	victim := -1
	require.True(t, testutil.WaitFor(30*time.Second, func() bool {
		victim = pendingPoster(ctx, client, posters)
		return victim >= 0
	}), "a poster sends batch %d", held)
	require.NoError(t, net.Kill(victim))
	t.Logf("killed node%d with its post of batch %d in L1's pool", victim, held)
	time.Sleep(2 * postTimeout * time.Second) // the next poster's turn comes while the post is pending
	l1net.paused.Store(false)

	require.True(t, testutil.WaitFor(90*time.Second, func() bool { n, _ := rn.inbox(); return n >= held+4 }),
		"posting continues without node%d", victim)
	batches, err := verifier.ReadBatches(context.Background(), client, addrs.Inbox)
	require.NoError(t, err)
	for i, b := range batches {
		require.Equal(t, uint64(i), b.Event.Index, "every batch index lands exactly once, in order")
	}
	require.Greater(t, len(batches), int(held)+3)
	reverted := countReverted(ctx, t, client, addrs.Inbox)
	t.Logf("%d batches on L1; %d batch posts reverted (a replay lost to the killed leader's post)", len(batches), reverted)
	require.LessOrEqual(t, reverted, 2, "at most the racing replacement posts revert")
}

// pendingPoster is the index of a poster with a transaction in L1's pool, or -1.
func pendingPoster(ctx context.Context, c *ethclient.Client, posters []common.Address) int {
	for i, a := range posters {
		pending, err1 := c.PendingNonceAt(ctx, a)
		mined, err2 := c.NonceAt(ctx, a, nil)
		if err1 == nil && err2 == nil && pending > mined {
			return i
		}
	}
	return -1
}

// countReverted counts the failed transactions to the inbox in L1's chain.
func countReverted(ctx context.Context, t *testing.T, c *ethclient.Client, inbox common.Address) int {
	head, err := c.BlockNumber(ctx)
	require.NoError(t, err)
	n := 0
	for h := uint64(1); h <= head; h++ {
		blk, err := c.BlockByNumber(ctx, new(big.Int).SetUint64(h))
		require.NoError(t, err)
		for _, tx := range blk.Transactions() {
			if tx.To() == nil || *tx.To() != inbox {
				continue
			}
			r, err := c.TransactionReceipt(ctx, tx.Hash())
			require.NoError(t, err)
			if r.Status != types.ReceiptStatusSuccessful {
				n++
			}
		}
	}
	return n
}
