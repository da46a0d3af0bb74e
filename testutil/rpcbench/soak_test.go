package rpcbench

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"
)

// soakBlockTime is the block time of the soak chain.
const soakBlockTime = 5 * time.Millisecond

// logKey identifies a log in the chain.
type logKey struct {
	block uint64
	index uint
}

// soakRun is the state of one soak: what the subscriptions delivered.
type soakRun struct {
	t       *testing.T
	first   *types.Header // first head received
	last    *types.Header // last head received
	logs    map[logKey]common.Hash
	kicks   chan struct{} // one per head: the load sender's pace
	counter common.Address
}

// TestWebSocketSoak follows newHeads and logs subscriptions over WebSocket for
// HYPERION_SOAK_BLOCKS blocks (default 10,000) while counter calls keep coming,
// and requires that no head is missed (consecutive numbers, parent hashes
// chained) and that the logs delivered are exactly eth_getLogs' over the range.
func TestWebSocketSoak(t *testing.T) {
	if os.Getenv("HYPERION_SOAK") != "1" {
		t.Skip("soak: set HYPERION_SOAK=1 (and HYPERION_SOAK_BLOCKS, default 10000) to run it")
	}
	blocks := uint64(envInt(t, "HYPERION_SOAK_BLOCKS", 10_000))
	url := startHyperion(t, soakBlockTime)
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(blocks)*200*time.Millisecond+5*time.Minute)
	defer cancel()
	httpClient, err := ethclient.DialContext(ctx, url)
	require.NoError(t, err)
	defer httpClient.Close()
	wsClient, err := ethclient.DialContext(ctx, strings.Replace(url, "http://", "ws://", 1))
	require.NoError(t, err)
	defer wsClient.Close()
	load := deployCounter(t, ctx, httpClient, 3, 2)

	run := &soakRun{t: t, logs: make(map[logKey]common.Hash), kicks: make(chan struct{}, 1), counter: load.counter}
	heads := make(chan *types.Header, 4096)
	headSub, err := wsClient.SubscribeNewHead(ctx, heads)
	require.NoError(t, err)
	defer headSub.Unsubscribe()
	logs := make(chan types.Log, 16384)
	logSub, err := wsClient.SubscribeFilterLogs(ctx, ethereum.FilterQuery{Addresses: []common.Address{load.counter}}, logs)
	require.NoError(t, err)
	defer logSub.Unsubscribe()

	loadCtx, stopLoad := context.WithCancel(ctx)
	loadDone := make(chan error, 1)
	go func() { loadDone <- run.sendLoad(loadCtx, load) }()
	start := time.Now()
	run.follow(ctx, blocks, heads, logs, headSub, logSub)
	stopLoad()
	require.NoError(t, <-loadDone)
	run.drainLogs(logs, logSub)
	n := run.last.Number.Uint64() - run.first.Number.Uint64()
	t.Logf("followed %d blocks in %v (%.1f blocks/s), %d logs", n, time.Since(start).Round(time.Millisecond),
		float64(n)/time.Since(start).Seconds(), len(run.logs))
	run.compareLogs(ctx, httpClient)
}

// sendLoad sends two counter calls per head until ctx ends.
func (r *soakRun) sendLoad(ctx context.Context, load *loadSender) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-r.kicks:
		}
		for range 2 {
			if _, err := load.call(ctx); err != nil && ctx.Err() == nil {
				return fmt.Errorf("send: %w", err)
			}
		}
	}
}

// follow reads heads (and logs meanwhile) until blocks heads after the first.
func (r *soakRun) follow(ctx context.Context, blocks uint64, heads chan *types.Header, logs chan types.Log,
	headSub, logSub ethereum.Subscription) {
	for r.first == nil || r.last.Number.Uint64()-r.first.Number.Uint64() < blocks {
		select {
		case h := <-heads:
			r.onHead(h)
		case l := <-logs:
			r.onLog(l)
		case err := <-headSub.Err():
			r.t.Fatalf("newHeads subscription ended after head %v: %v", r.last.Number, err)
		case err := <-logSub.Err():
			r.t.Fatalf("logs subscription ended after head %v: %v", r.last.Number, err)
		case <-ctx.Done():
			r.t.Fatalf("soak timed out after head %v", r.last.Number)
		}
	}
}

func (r *soakRun) onHead(h *types.Header) {
	if r.last != nil {
		require.Equal(r.t, r.last.Number.Uint64()+1, h.Number.Uint64(), "missed or repeated head")
		require.Equal(r.t, r.last.Hash(), h.ParentHash, "head %d does not extend the previous one", h.Number)
	} else {
		r.first = h
	}
	r.last = h
	select {
	case r.kicks <- struct{}{}:
	default:
	}
}

func (r *soakRun) onLog(l types.Log) {
	require.False(r.t, l.Removed, "a removed log on a BFT-final chain")
	key := logKey{l.BlockNumber, l.Index}
	_, dup := r.logs[key]
	require.False(r.t, dup, "log %d/%d delivered twice", l.BlockNumber, l.Index)
	r.logs[key] = l.TxHash
}

// drainLogs takes the logs still queued once the last head arrived: the two
// subscriptions are separate streams, so a block's logs may trail its head.
func (r *soakRun) drainLogs(logs chan types.Log, logSub ethereum.Subscription) {
	idle := time.NewTimer(2 * time.Second)
	defer idle.Stop()
	for {
		select {
		case l := <-logs:
			r.onLog(l)
		case err := <-logSub.Err():
			r.t.Fatalf("logs subscription ended: %v", err)
		case <-idle.C:
			return
		}
	}
}

// compareLogs requires that the subscription delivered exactly the logs
// eth_getLogs returns for the blocks after the first head.
func (r *soakRun) compareLogs(ctx context.Context, client *ethclient.Client) {
	from, to := r.first.Number.Uint64()+1, r.last.Number.Uint64()
	want := make(map[logKey]common.Hash)
	for lo := from; lo <= to; lo += 5000 {
		hi := min(lo+4999, to)
		got, err := client.FilterLogs(ctx, ethereum.FilterQuery{
			FromBlock: new(big.Int).SetUint64(lo), ToBlock: new(big.Int).SetUint64(hi), Addresses: []common.Address{r.counter}})
		require.NoError(r.t, err)
		for _, l := range got {
			want[logKey{l.BlockNumber, l.Index}] = l.TxHash
		}
	}
	require.NotEmpty(r.t, want, "the load produced no logs")
	for k, tx := range want {
		got, ok := r.logs[k]
		require.True(r.t, ok, "log %d/%d (tx %s) was not delivered", k.block, k.index, tx)
		require.Equal(r.t, tx, got)
	}
	for k := range r.logs {
		if k.block >= from && k.block <= to {
			_, ok := want[k]
			require.True(r.t, ok, "delivered log %d/%d is not in eth_getLogs", k.block, k.index)
		}
	}
}
