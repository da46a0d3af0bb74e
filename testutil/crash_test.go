package testutil_test

import (
	"context"
	"fmt"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/abci"
	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/testutil"
	"github.com/hyperion-rollup/hyperion/x/store"
)

const (
	victim       = 3   // the validator the fault tests kill or crash
	loadSenders  = 6   // dev accounts 1..6 send the transfer load
	crashExit    = 137 // exit code of a HYPERION_CRASH_AT crash
	catchUpLimit = 90 * time.Second
)

// TestKillAndRestartValidator runs 4 validator processes under a steady load
// of transfers sent round-robin over their JSON-RPC, SIGKILLs one mid-stream,
// checks that the other three keep producing blocks, restarts it, and checks
// that it catches up to the same blocks and state roots and that every
// accepted transaction has a receipt on every node.
func TestKillAndRestartValidator(t *testing.T) {
	if testing.Short() {
		t.Skip("process network test")
	}
	net := testutil.NewProcNet(t, testutil.HomeOptions{Validators: 4})
	require.NoError(t, net.StartAll())
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	clients := dialProcNet(t, net)
	for _, c := range clients {
		waitHeight(t, ctx, c, 2)
	}
	load := newTransferLoad(t, ctx, clients)
	live := []int{0, 1, 2}

	load.rounds(0, 5, []int{0, 1, 2, 3})
	load.rounds(5, 8, live)                               // the victim's pool drains into blocks
	waitReceipts(t, ctx, clients[0], load.sentTo[victim]) // nothing accepted by it only is lost
	killedAt := headOf(t, ctx, clients[0])
	require.NoError(t, net.Kill(victim))
	load.rounds(8, 20, live)
	waitHeight(t, ctx, clients[0], killedAt+5) // the other three go on without it

	require.NoError(t, net.Start(victim))
	waitCaughtUp(t, ctx, clients, victim)
	load.rounds(20, 30, []int{0, 1, 2, 3})

	for _, c := range clients {
		waitReceipts(t, ctx, c, load.sent)
	}
	height := headOf(t, ctx, clients[0])
	for _, c := range clients {
		waitHeight(t, ctx, c, height)
	}
	checkSameBlocks(t, ctx, clients, height)
}

// TestCrashBetweenIndexAndSaveVersion crashes one of 4 validators inside
// Commit, once between the block index write and IAVL SaveVersion and once
// right after SaveVersion, checks on disk that the crash left the state the
// crash point promises, restarts it without the crash point and checks that
// it recovers to the peers' blocks and state roots.
func TestCrashBetweenIndexAndSaveVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("process network test")
	}
	net := testutil.NewProcNet(t, testutil.HomeOptions{Validators: 4})
	for i := range victim {
		require.NoError(t, net.Start(i))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	clients := dialProcNet(t, net)

	const firstCrash = 6
	crashAndRecover(t, ctx, net, clients, abci.CrashAfterIndex, firstCrash, firstCrash-1)

	_, err := net.Stop(victim)
	require.NoError(t, err)
	next := headOf(t, ctx, clients[0]) + 4
	crashAndRecover(t, ctx, net, clients, abci.CrashAfterSave, next, next)

	height := headOf(t, ctx, clients[0])
	for _, c := range clients {
		waitHeight(t, ctx, c, height)
	}
	checkSameBlocks(t, ctx, clients, height)
}

// crashAndRecover starts the victim with HYPERION_CRASH_AT=point:height,
// waits for the crash, checks that the IAVL store holds wantVersion and the
// block index reaches height, then restarts it cleanly and waits until it
// has caught up with the peers.
func crashAndRecover(t *testing.T, ctx context.Context, net *testutil.ProcNet, clients []*ethclient.Client,
	point string, height, wantVersion uint64) {
	t.Helper()
	require.NoError(t, net.Start(victim, fmt.Sprintf("HYPERION_CRASH_AT=%s:%d", point, height)))
	code, err := net.WaitExit(victim, catchUpLimit)
	require.NoError(t, err, "%s:%d: the node did not crash", point, height)
	require.Equal(t, crashExit, code)
	require.True(t, net.LogContains(victim, fmt.Sprintf("crashing at %s of height %d", point, height)))

	version, indexed := crashedState(t, net.Homes[victim])
	require.Equal(t, int64(wantVersion), version, "IAVL version after crash at %s:%d", point, height)
	require.Equal(t, int64(height), indexed, "index height after crash at %s:%d", point, height)

	require.NoError(t, net.Start(victim))
	waitCaughtUp(t, ctx, clients, victim)
	hdr, err := clients[victim].HeaderByNumber(ctx, new(big.Int).SetUint64(height))
	require.NoError(t, err)
	ref, err := clients[0].HeaderByNumber(ctx, new(big.Int).SetUint64(height))
	require.NoError(t, err)
	require.Equal(t, ref.Hash(), hdr.Hash(), "block %d after recovery from %s", height, point)
	require.Equal(t, ref.Root, hdr.Root, "state root %d after recovery from %s", height, point)
}

// crashedState opens the stopped node's state and block index and returns
// the last IAVL version and the highest indexed block.
func crashedState(t *testing.T, home string) (version, indexed int64) {
	t.Helper()
	dir := app.DefaultConfig(home).DataDir()
	st, err := store.Open(store.Options{Dir: filepath.Join(dir, "state")})
	require.NoError(t, err)
	version = st.LastVersion()
	require.NoError(t, st.Close())
	ix, err := store.OpenIndex(filepath.Join(dir, "index"))
	require.NoError(t, err)
	indexed = ix.LatestHeight()
	require.NoError(t, ix.Close())
	return version, indexed
}

func dialProcNet(t *testing.T, net *testutil.ProcNet) []*ethclient.Client {
	out := make([]*ethclient.Client, len(net.Homes))
	for i := range net.Homes {
		c, err := ethclient.Dial(net.RPCURL(i))
		require.NoError(t, err)
		t.Cleanup(c.Close)
		out[i] = c
	}
	return out
}

// headOf is c's latest block number; a node that cannot answer fails the test.
func headOf(t *testing.T, ctx context.Context, c *ethclient.Client) uint64 {
	t.Helper()
	n, err := c.BlockNumber(ctx)
	require.NoError(t, err)
	return n
}

// waitCaughtUp waits until node i answers and reaches the height the other
// nodes had when it was (re)started.
func waitCaughtUp(t *testing.T, ctx context.Context, clients []*ethclient.Client, i int) {
	t.Helper()
	target := headOf(t, ctx, clients[(i+1)%len(clients)])
	ok := testutil.WaitFor(catchUpLimit, func() bool {
		n, err := clients[i].BlockNumber(ctx)
		return err == nil && n >= target
	})
	require.True(t, ok, "node %d did not catch up to height %d", i, target)
}

// transferLoad sends value transfers from a few dev accounts, one per sender
// and round, each to a node chosen round-robin among the targets.
type transferLoad struct {
	t       *testing.T
	ctx     context.Context
	clients []*ethclient.Client
	senders []*testutil.Sender
	feeCap  *big.Int
	tip     *big.Int
	sent    []*types.Transaction
	sentTo  map[int][]*types.Transaction
}

func newTransferLoad(t *testing.T, ctx context.Context, clients []*ethclient.Client) *transferLoad {
	feeCap, tip, err := testutil.Fees(ctx, clients[0])
	require.NoError(t, err)
	l := &transferLoad{t: t, ctx: ctx, clients: clients, feeCap: feeCap, tip: tip, sentTo: map[int][]*types.Transaction{}}
	for i := 1; i <= loadSenders; i++ {
		acc, err := devkeys.DevAccount(i)
		require.NoError(t, err)
		l.senders = append(l.senders, testutil.NewSender(acc.Key, big.NewInt(app.DevChainID), 0))
	}
	return l
}

// rounds sends rounds [from, to), pausing between them.
func (l *transferLoad) rounds(from, to int, targets []int) {
	for round := from; round < to; round++ {
		for s, sender := range l.senders {
			node := targets[(round+s)%len(targets)]
			dest := common.BigToAddress(big.NewInt(int64(0x2000 + s)))
			tx := sender.Tx(&dest, big.NewInt(int64(1e15+round)), 21_000, nil, l.feeCap, l.tip)
			require.NoError(l.t, l.clients[node].SendTransaction(l.ctx, tx), "round %d sender %d node %d", round, s, node)
			l.sent = append(l.sent, tx)
			l.sentTo[node] = append(l.sentTo[node], tx)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
