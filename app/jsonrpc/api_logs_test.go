package jsonrpc

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

// systemLogAddr and systemTopic are the address and topic of every test system receipt log.
var (
	systemLogAddr = common.HexToAddress("0x0800")
	systemTopic   = common.Hash{0x5e}
)

// commitBlocks appends n empty blocks (with a system receipt log when withSystem) and
// commits everything indexed, as the node does at Commit.
func (b *memBackend) commitBlocks(t testing.TB, n int, withSystem bool) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for range n {
		b.appendBlock(t, nil, copyState(b.blocks[len(b.blocks)-1].state), withSystem)
	}
	b.head = uint64(len(b.blocks) - 1)
}

func logHashes(logs []types.Log) []common.Hash {
	out := make([]common.Hash, len(logs))
	for i, l := range logs {
		out[i] = l.TxHash
	}
	return out
}

func TestGetLogs(t *testing.T) {
	client, b, url := dialClient(t)
	ctx := context.Background()
	all, err := client.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: big.NewInt(0)})
	require.NoError(t, err)
	require.Equal(t, []common.Hash{b.blocks[1].txs[1].Hash(), systemTxHash(1)}, logHashes(all))
	require.Equal(t, uint(0), all[0].Index)
	require.Equal(t, uint(1), all[1].Index, "log index is block-wide, the system receipt's included")

	cases := []struct {
		name string
		q    ethereum.FilterQuery
		want int
	}{
		{"address", ethereum.FilterQuery{Addresses: []common.Address{contractAddr}}, 1},
		{"system address", ethereum.FilterQuery{Addresses: []common.Address{systemLogAddr}}, 1},
		{"two addresses", ethereum.FilterQuery{Addresses: []common.Address{contractAddr, systemLogAddr}}, 2},
		{"topics in position", ethereum.FilterQuery{Topics: [][]common.Hash{{{0x01}}, {{0x02}}}}, 1},
		{"wildcard then topic", ethereum.FilterQuery{Topics: [][]common.Hash{nil, {{0x02}}}}, 1},
		{"alternatives", ethereum.FilterQuery{Topics: [][]common.Hash{{{0x01}, systemTopic}}}, 2},
		{"wrong position", ethereum.FilterQuery{Topics: [][]common.Hash{{{0x02}}}}, 0},
		{"more topics than the log", ethereum.FilterQuery{Topics: [][]common.Hash{{systemTopic}, nil}}, 0},
		{"block hash", ethereum.FilterQuery{BlockHash: ptr(b.blocks[1].header.Hash())}, 2},
		{"empty range", ethereum.FilterQuery{FromBlock: big.NewInt(2), ToBlock: big.NewInt(2)}, 0},
		{"above head", ethereum.FilterQuery{FromBlock: big.NewInt(3)}, 0},
	}
	for _, c := range cases {
		q := c.q
		if q.BlockHash == nil && q.FromBlock == nil {
			q.FromBlock = big.NewInt(0)
		}
		logs, err := client.FilterLogs(ctx, q)
		require.NoError(t, err, c.name)
		require.Len(t, logs, c.want, c.name)
	}
	resp := call(t, url, "eth_getLogs", map[string]any{"blockHash": common.Hash{1}})
	require.Equal(t, -32602, resp.Error.Code)
	require.Equal(t, "unknown block", resp.Error.Message)
	resp = call(t, url, "eth_getLogs", map[string]any{"blockHash": common.Hash{1}, "fromBlock": "0x0"})
	require.NotNil(t, resp.Error)
	resp = call(t, url, "eth_getLogs", map[string]any{"fromBlock": "0x2", "toBlock": "0x1"})
	require.Equal(t, -32602, resp.Error.Code)
}

func ptr[T any](v T) *T { return &v }

// TestGetLogsRangeCapAndSpeed builds a chain longer than the cap, checks the cap's
// error and times a full-range scan (the header bloom check skips the bodies).
func TestGetLogsRangeCapAndSpeed(t *testing.T) {
	client, b, url := dialClient(t)
	b.commitBlocks(t, MaxLogBlockRange, false)
	b.commitBlocks(t, 1, true)
	head := b.HeadNumber()
	resp := call(t, url, "eth_getLogs", map[string]any{"fromBlock": "0x0", "toBlock": "latest"})
	require.NotNil(t, resp.Error)
	require.Equal(t, errCodeLimitExceeded, resp.Error.Code)
	require.Contains(t, resp.Error.Message, "the cap is 10000 blocks")

	start := time.Now()
	logs, err := client.FilterLogs(context.Background(), ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(head - MaxLogBlockRange + 1), ToBlock: new(big.Int).SetUint64(head),
		Addresses: []common.Address{systemLogAddr}})
	require.NoError(t, err)
	require.Len(t, logs, 1)
	require.Equal(t, head, logs[0].BlockNumber)
	t.Logf("eth_getLogs over %d blocks: %v", MaxLogBlockRange, time.Since(start))
}

func TestFilters(t *testing.T) {
	_, b, url := dialClient(t)
	var blockFilter, logFilter, allFilter string
	callResult(t, url, &blockFilter, "eth_newBlockFilter")
	callResult(t, url, &logFilter, "eth_newFilter", map[string]any{"address": systemLogAddr})
	callResult(t, url, &allFilter, "eth_newFilter", map[string]any{"fromBlock": "0x0", "topics": []any{[]any{common.Hash{0x01}}}})
	var hashes []common.Hash
	callResult(t, url, &hashes, "eth_getFilterChanges", blockFilter)
	require.Empty(t, hashes)

	b.commitBlocks(t, 2, true) // commits the indexed block 3 too
	callResult(t, url, &hashes, "eth_getFilterChanges", blockFilter)
	require.Equal(t, []common.Hash{b.blocks[3].header.Hash(), b.blocks[4].header.Hash(), b.blocks[5].header.Hash()}, hashes)
	callResult(t, url, &hashes, "eth_getFilterChanges", blockFilter)
	require.Empty(t, hashes)

	var logs []types.Log
	callResult(t, url, &logs, "eth_getFilterChanges", logFilter)
	require.Equal(t, []common.Hash{systemTxHash(4), systemTxHash(5)}, logHashes(logs))
	callResult(t, url, &logs, "eth_getFilterChanges", logFilter)
	require.Empty(t, logs)
	callResult(t, url, &logs, "eth_getFilterLogs", logFilter)
	require.Equal(t, []common.Hash{systemTxHash(5)}, logHashes(logs), "getFilterLogs runs the query: fromBlock defaults to latest")
	callResult(t, url, &logs, "eth_getFilterChanges", allFilter)
	require.Empty(t, logs, "changes start after installation")
	callResult(t, url, &logs, "eth_getFilterLogs", allFilter)
	require.Len(t, logs, 1)

	var ok bool
	callResult(t, url, &ok, "eth_uninstallFilter", logFilter)
	require.True(t, ok)
	callResult(t, url, &ok, "eth_uninstallFilter", logFilter)
	require.False(t, ok)
	resp := call(t, url, "eth_getFilterChanges", logFilter)
	require.Equal(t, "filter not found", resp.Error.Message)
}

func TestFilterExpiry(t *testing.T) {
	_, url := startServer(t, Config{FilterTimeout: 100 * time.Millisecond}, newMemBackend(t))
	var kept, idle string
	callResult(t, url, &kept, "eth_newBlockFilter")
	callResult(t, url, &idle, "eth_newBlockFilter")
	for range 6 {
		time.Sleep(50 * time.Millisecond)
		require.Nil(t, call(t, url, "eth_getFilterChanges", kept).Error, "a polled filter stays")
	}
	resp := call(t, url, "eth_getFilterChanges", idle)
	require.NotNil(t, resp.Error)
	require.Equal(t, "filter not found", resp.Error.Message)
}

func TestPendingTransactionFilter(t *testing.T) {
	b := newMemBackend(t)
	s, url := startServer(t, Config{}, b)
	var id string
	callResult(t, url, &id, "eth_newPendingTransactionFilter")
	tx := b.blocks[3].txs[0]
	s.NotifyPendingTx(tx)
	var hashes []common.Hash
	require.Eventually(t, func() bool {
		callResult(t, url, &hashes, "eth_getFilterChanges", id)
		return len(hashes) > 0
	}, 5*time.Second, 10*time.Millisecond)
	require.Equal(t, []common.Hash{tx.Hash()}, hashes)
}

// dialWS starts a server over b and returns a WebSocket ethclient.
func dialWS(t *testing.T, b Backend) (*Server, *ethclient.Client) {
	s, url := startServer(t, Config{}, b)
	c, err := rpc.Dial(strings.Replace(url, "http://", "ws://", 1))
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return s, ethclient.NewClient(c)
}

func TestSubscriptions(t *testing.T) {
	b := newMemBackend(t)
	s, client := dialWS(t, b)
	ctx := context.Background()
	heads := make(chan *types.Header, 64)
	headSub, err := client.SubscribeNewHead(ctx, heads)
	require.NoError(t, err)
	defer headSub.Unsubscribe()
	logs := make(chan types.Log, 64)
	logSub, err := client.SubscribeFilterLogs(ctx, ethereum.FilterQuery{Addresses: []common.Address{systemLogAddr}}, logs)
	require.NoError(t, err)
	defer logSub.Unsubscribe()
	pending := make(chan common.Hash, 4)
	pendSub, err := client.Client().EthSubscribe(ctx, pending, "newPendingTransactions")
	require.NoError(t, err)
	defer pendSub.Unsubscribe()

	b.commitBlocks(t, 1, false)
	s.NotifyCommit()
	b.commitBlocks(t, 3, true) // no notification: the feed's own polling finds them
	for n := uint64(3); n <= 7; n++ {
		select {
		case h := <-heads:
			require.Equal(t, n, h.Number.Uint64(), "heads arrive in order without gaps")
			require.Equal(t, b.blocks[n].header.Hash(), h.Hash())
		case <-time.After(5 * time.Second):
			t.Fatalf("no head %d", n)
		}
	}
	for n := uint64(5); n <= 7; n++ {
		l := <-logs
		require.Equal(t, n, l.BlockNumber)
		require.Equal(t, systemTxHash(n), l.TxHash)
	}
	tx := b.blocks[3].txs[0]
	s.NotifyPendingTx(tx)
	require.Equal(t, tx.Hash(), <-pending)
}

func TestSlowSubscriberIsCutOff(t *testing.T) {
	b := newMemBackend(t)
	s, client := dialWS(t, b)
	heads := make(chan *types.Header) // never read: the client stops reading too
	sub, err := client.SubscribeNewHead(context.Background(), heads)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return s.hub.subscriberCount() == 1 }, 5*time.Second, 10*time.Millisecond)
	head, err := b.HeaderByNumber(2)
	require.NoError(t, err)
	// Fill the subscriber's buffer faster than anyone drains it.
	for i := 0; i < 4*chainEventBuffer && s.hub.subscriberCount() == 1; i++ {
		s.hub.broadcast(eventHeads, head, nil)
	}
	require.Equal(t, 0, s.hub.subscriberCount(), "the slow subscriber is removed")
	select {
	case err := <-sub.Err():
		require.Error(t, err, "the client learns that its subscription ended")
	case <-time.After(10 * time.Second):
		t.Fatal("the cut-off client was not disconnected")
	}
}

func TestLogQueryBounds(t *testing.T) {
	_, _, url := dialClient(t)
	addrs := make([]string, maxQueryAddresses+1)
	for i := range addrs {
		addrs[i] = common.BigToAddress(big.NewInt(int64(i))).Hex()
	}
	resp := call(t, url, "eth_getLogs", map[string]any{"address": addrs})
	require.NotNil(t, resp.Error)
	require.Contains(t, resp.Error.Message, "exceed max addresses")
	resp = call(t, url, "eth_getLogs", map[string]any{"topics": []any{nil, nil, nil, nil, nil}})
	require.NotNil(t, resp.Error)
	require.Contains(t, resp.Error.Message, "exceed max topics")
}
