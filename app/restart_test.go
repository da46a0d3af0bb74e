package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/testutil"
)

// TestNodeRestartsInProcess stops a node and starts a new one on the same
// home in the same process: every database CometBFT opened must be closed
// by Stop, and the new node resumes from the committed height.
func TestNodeRestartsInProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := testutil.NewNetwork(t, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	before := waitBlock(ctx, t, net.RPCURL(0), 3)
	require.NoError(t, net.Nodes[0].Stop())
	net.Nodes[0] = nil

	node, err := testutil.StartNode(net.Homes[0], net.Ports[0])
	require.NoError(t, err, "restart on the same home")
	net.Nodes[0] = node
	waitBlock(ctx, t, net.RPCURL(0), before+2)
}

func waitBlock(ctx context.Context, t *testing.T, url string, atLeast uint64) uint64 {
	t.Helper()
	c, err := ethclient.Dial(url)
	require.NoError(t, err)
	defer c.Close()
	var n uint64
	ok := testutil.WaitFor(60*time.Second, func() bool {
		n, err = c.BlockNumber(ctx)
		return err == nil && n >= atLeast
	})
	require.True(t, ok, "block %d not reached (last %d, %v)", atLeast, n, err)
	return n
}
