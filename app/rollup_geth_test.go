package app_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/rollup/verifier"
	"github.com/hyperion-rollup/hyperion/testutil"
)

// gethL1ChainID is the chain id of the geth --dev L1.
var gethL1ChainID = big.NewInt(900)

// TestRollupOnGethDev runs the rollup against a real L1: geth --dev (mining every second) initialised with
// an Osaka-last genesis. The contracts are deployed on it, a validator posts calldata batches and an output,
// and the verifier rebuilds the chain from geth's data alone.
func TestRollupOnGethDev(t *testing.T) {
	if testing.Short() {
		t.Skip("builds geth and runs a network against it")
	}
	bin, err := testutil.InstallGeth()
	if err != nil {
		t.Skipf("geth %s cannot be built here, skipping the geth --dev flow: %v", testutil.GethVersion, err)
	}
	faucet, err := devkeys.DevAccount(0)
	require.NoError(t, err)
	genesis, err := testutil.OsakaDevGenesis(gethL1ChainID, faucet.Address)
	require.NoError(t, err)
	geth, err := testutil.StartGethDev(t, bin, genesis, gethL1ChainID, 1)
	require.NoError(t, err)
	rn := startRollupNodes(t, app.MediumNameCalldata, geth.URL, 1)
	rn.load(10)
	require.True(t, testutil.WaitFor(90*time.Second, func() bool {
		next, _ := rn.inbox()
		return next >= 3 && rn.outputs() >= 1
	}), "batches and an output land on geth; geth log %s, node log %s", geth.LogPath, rn.cfgs[0].Home)
	rn.stop()
	batches, err := verifier.ReadBatches(context.Background(), rn.l1, rn.addrs.Inbox)
	require.NoError(t, err)
	for i, b := range batches {
		require.Equal(t, uint64(i), b.Event.Index, "each batch posted once, in order")
	}
	rep := rn.verify(nil)
	_, lastL2 := rn.inbox()
	require.Equal(t, len(batches), rep.Batches)
	require.Equal(t, lastL2, rep.LastBlock)
	require.Equal(t, int(rn.outputs()), rep.Outputs, "every L1 output checked")
	t.Logf("geth --dev: %d batches, %d blocks, %d outputs verified; media %v", rep.Batches, rep.Blocks, rep.Outputs, rep.Media)
}
