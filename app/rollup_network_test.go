package app_test

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	cmtlog "github.com/cometbft/cometbft/libs/log"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/rollup/batch"
	"github.com/hyperion-rollup/hyperion/rollup/contracts"
	"github.com/hyperion-rollup/hyperion/rollup/l1"
	"github.com/hyperion-rollup/hyperion/rollup/service"
	"github.com/hyperion-rollup/hyperion/rollup/verifier"
	"github.com/hyperion-rollup/hyperion/testutil"
)

// rollupNet is a 4-validator network posting to a development L1 served over HTTP.
type rollupNet struct {
	t      *testing.T
	homes  []string
	cfgs   []app.Config
	nodes  []*app.Node
	l1     *ethclient.Client
	addrs  service.Addresses
	l2     *ethclient.Client
	server *l1.Server
}

func startRollupNet(t *testing.T, medium string) *rollupNet {
	return startRollupNetOf(t, medium, 4)
}

// startRollupNetOf starts a development L1 served over HTTP and a network of validators posting to it.
func startRollupNetOf(t *testing.T, medium string, validators int, tweaks ...func(*app.Config)) *rollupNet {
	l1port, err := testutil.FreePorts(1)
	require.NoError(t, err)
	alloc, err := app.DevL1Alloc()
	require.NoError(t, err)
	server, err := l1.Start(l1.Config{Alloc: alloc, Port: l1port[0], BlockTime: 500 * time.Millisecond})
	require.NoError(t, err)
	t.Cleanup(func() { _ = server.Close() })
	rn := startRollupNodes(t, medium, server.Endpoint(), validators, tweaks...)
	rn.server = server
	return rn
}

// startRollupNodes deploys the rollup contracts on the L1 at l1URL for a fresh network of validators
// and starts its nodes in-process, posting to that L1.
func startRollupNodes(t *testing.T, medium, l1URL string, validators int, tweaks ...func(*app.Config)) *rollupNet {
	dir, err := os.MkdirTemp("", "hyperion-rollup-")
	require.NoError(t, err)
	rn := &rollupNet{t: t}
	t.Cleanup(func() { rn.stop(); testutil.RemoveAllRetry(dir) })
	homes, ports, err := testutil.WriteHomes(dir, testutil.HomeOptions{Validators: validators})
	require.NoError(t, err)
	rn.homes = homes
	rn.l1, err = ethclient.Dial(l1URL)
	require.NoError(t, err)
	var keys []service.NodeKeys
	for _, h := range homes {
		k, err := service.LoadOrCreateKeys(h, "")
		require.NoError(t, err)
		keys = append(keys, k)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	rn.addrs, err = app.DevDeployRollup(ctx, rn.l1, keys)
	require.NoError(t, err)
	require.True(t, testutil.WaitFor(30*time.Second, func() bool {
		code, err := rn.l1.CodeAt(context.Background(), rn.addrs.Oracle, nil)
		return err == nil && len(code) > 0
	}))
	for i, h := range homes {
		cfg := app.DefaultConfig(h)
		cfg.JSONRPC.Address = fmt.Sprintf("127.0.0.1:%d", ports[i].JSONRPC)
		cfg.Rollup.L1RPC, cfg.Rollup.BatchInterval, cfg.Rollup.OutputInterval = l1URL, 4, 8
		cfg.Rollup.Medium, cfg.Rollup.PostTimeout = medium, 3
		for _, tweak := range tweaks {
			tweak(&cfg)
		}
		rn.cfgs = append(rn.cfgs, cfg)
		rn.nodes = append(rn.nodes, startLoggedNode(t, cfg))
	}
	rn.l2, err = ethclient.Dial("http://" + rn.cfgs[len(homes)-1].JSONRPC.Address)
	require.NoError(t, err)
	return rn
}

func startLoggedNode(t *testing.T, cfg app.Config) *app.Node {
	f, err := os.OpenFile(filepath.Join(cfg.Home, "node.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	node, err := app.NewNode(cfg, cmtlog.NewFilter(cmtlog.NewTMLogger(cmtlog.NewSyncWriter(f)), cmtlog.AllowInfo()))
	require.NoError(t, err)
	require.NoError(t, node.Start())
	return node
}

func (rn *rollupNet) stop() {
	for i, n := range rn.nodes {
		if n != nil {
			_ = n.Stop()
			rn.nodes[i] = nil
		}
	}
}

func (rn *rollupNet) inbox() (next, lastL2 uint64) {
	in := contracts.NewBatchInbox()
	b := in.Instance(rn.l1, rn.addrs.Inbox)
	next, _ = bind.Call(b, nil, in.PackNextIndex(), in.UnpackNextIndex)
	lastL2, _ = bind.Call(b, nil, in.PackLastL2Block(), in.UnpackLastL2Block)
	return next, lastL2
}

func (rn *rollupNet) outputs() uint64 {
	o := contracts.NewOutputOracle()
	n, err := bind.Call(o.Instance(rn.l1, rn.addrs.Oracle), nil, o.PackOutputCount(), o.UnpackOutputCount)
	if err != nil {
		return 0
	}
	return n.Uint64()
}

// load sends n transfers from dev account 1 to the L2.
func (rn *rollupNet) load(n int) {
	acc, err := devkeys.DevAccount(1)
	require.NoError(rn.t, err)
	ctx := context.Background()
	chainID, err := rn.l2.ChainID(ctx)
	require.NoError(rn.t, err)
	nonce, err := rn.l2.PendingNonceAt(ctx, acc.Address)
	require.NoError(rn.t, err)
	to := common.Address{0x42}
	for i := 0; i < n; i++ {
		tx := types.MustSignNewTx(acc.Key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
			ChainID: chainID, Nonce: nonce + uint64(i), GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(100e9), Gas: 21000, To: &to, Value: big.NewInt(1),
		})
		require.NoError(rn.t, rn.l2.SendTransaction(ctx, tx))
	}
}

// verify rebuilds the chain from L1 with node 0's home and returns the report.
func (rn *rollupNet) verify(blobs verifier.BlobSource) *verifier.Report {
	rep, err := app.VerifyHome(context.Background(), rn.cfgs[0], rn.l1, rn.t.TempDir(), blobs)
	require.NoError(rn.t, err)
	return rep
}

// TestRollupNetworkPostsAndVerifies: 4 validators post batches and outputs under a light load; a
// validator is killed and the others keep posting, every batch index landing exactly once; the verifier
// rebuilds the same chain (every output root) from L1 alone (calldata) or from L1 plus the archive (blobs).
func TestRollupNetworkPostsAndVerifies(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 4 validators and a development L1")
	}
	for _, medium := range []string{app.MediumNameCalldata, app.MediumNameBlobs} {
		t.Run(medium, func(t *testing.T) { runRollupNetwork(t, medium) })
	}
}

func runRollupNetwork(t *testing.T, medium string) {
	rn := startRollupNet(t, medium)
	rn.load(20)
	require.True(t, testutil.WaitFor(90*time.Second, func() bool {
		next, _ := rn.inbox()
		return next >= 3 && rn.outputs() >= 1
	}), "batches and outputs land")
	// Kill the poster of the next batch (position next mod 4 in L1 set order is some node; any one works
	// since turns rotate through all): the others take over after the timeout.
	next, _ := rn.inbox()
	require.NoError(t, rn.nodes[0].Stop())
	rn.nodes[0] = nil
	require.True(t, testutil.WaitFor(90*time.Second, func() bool {
		n, _ := rn.inbox()
		return n >= next+4
	}), "posting continues without node 0")
	rn.stop()
	batches, err := verifier.ReadBatches(context.Background(), rn.l1, rn.addrs.Inbox)
	require.NoError(t, err)
	for i, b := range batches {
		require.Equal(t, uint64(i), b.Event.Index, "each batch posted once, in order")
	}
	var blobs verifier.BlobSource
	if medium == app.MediumNameBlobs {
		a, err := batch.OpenArchive(app.RollupArchiveDir(rn.cfgs[1]))
		require.NoError(t, err)
		blobs = verifier.ArchiveBlobs{Archive: a}
	}
	start := time.Now()
	rep := rn.verify(blobs)
	_, lastL2 := rn.inbox()
	require.Equal(t, len(batches), rep.Batches)
	require.Equal(t, lastL2, rep.LastBlock)
	require.GreaterOrEqual(t, rep.Outputs, 1)
	require.Equal(t, int(rn.outputs()), rep.Outputs, "every L1 output checked")
	t.Logf("%s: %d batches, %d blocks, %d outputs verified in %s (execution %s, %.0f blocks/s); media %v",
		medium, rep.Batches, rep.Blocks, rep.Outputs, time.Since(start), rep.Execution,
		float64(rep.Blocks)/rep.Execution.Seconds(), rep.Media)
}
