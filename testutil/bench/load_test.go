package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestTrackerMatchesCommits(t *testing.T) {
	tr := NewTracker()
	t0 := time.Unix(1000, 0)
	tr.Committed(5, t0, nil)
	tr.Submitted("a", t0)
	tr.Submitted("b", t0.Add(100*time.Millisecond))
	tr.Submitted("lost", t0)
	tr.Abandoned("lost")
	tr.Committed(6, t0.Add(300*time.Millisecond), []string{"a", "other"})
	tr.Committed(7, t0.Add(700*time.Millisecond), []string{"b", "lost"})

	samples, last := tr.Samples()
	require.Equal(t, []Sample{{300 * time.Millisecond, 1}, {600 * time.Millisecond, 2}}, samples)
	require.Equal(t, t0.Add(700*time.Millisecond), last)
	require.Equal(t, int64(7), tr.Height())
	require.Equal(t, 0, tr.Pending())
	require.Equal(t, 3, tr.Blocks())
}

func TestPercentiles(t *testing.T) {
	var s []Sample
	for i := 100; i >= 1; i-- {
		s = append(s, Sample{Latency: time.Duration(i) * time.Millisecond, Blocks: int64(i)})
	}
	p50, b50 := Percentiles(s, 0.50)
	p99, b99 := Percentiles(s, 0.99)
	require.Equal(t, 50*time.Millisecond, p50)
	require.Equal(t, int64(50), b50)
	require.Equal(t, 99*time.Millisecond, p99)
	require.Equal(t, int64(99), b99)
	one, _ := Percentiles(s[:1], 0.99)
	require.Equal(t, 100*time.Millisecond, one)
	zero, _ := Percentiles(nil, 0.5)
	require.Zero(t, zero)
}

// TestRunPacesAndCounts drives Run against a JSON-RPC endpoint that refuses
// every tenth tx and commits each accepted tx in its own block at once.
func TestRunPacesAndCounts(t *testing.T) {
	tr := NewTracker()
	var height atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		key := strings.TrimSuffix(strings.TrimPrefix(string(body), `{"tx":"`), `"}`)
		if strings.HasSuffix(key, "0") {
			fmt.Fprint(w, `{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"nonce too low"}}`)
			return
		}
		fmt.Fprint(w, `{"jsonrpc":"2.0","id":1,"result":{"code":0}}`)
		tr.Committed(height.Add(1), time.Now(), []string{key})
	}))
	defer srv.Close()

	payloads := make([]Payload, 100)
	for i := range payloads {
		key := fmt.Sprint("tx", i)
		payloads[i] = Payload{Key: key, Body: fmt.Appendf(nil, `{"tx":"%s"}`, key)}
	}
	load := Load{Rate: 200, Workers: 8, Drain: time.Second, Endpoints: []string{srv.URL}, Check: CheckTxResult}
	res, err := Run(context.Background(), load, payloads, tr)
	require.NoError(t, err)
	require.Equal(t, 90, res.Sent)
	require.Equal(t, 10, res.Failed)
	require.Equal(t, 90, res.Committed)
	require.Equal(t, 90, res.Blocks)
	require.Contains(t, res.FirstErrors[0], "nonce too low")
	// 100 txs at 200/s: the last leaves no earlier than 99/200 s after start.
	require.GreaterOrEqual(t, res.SendSpan, 490*time.Millisecond)
	require.Greater(t, res.CommitTPS, 0.0)
	require.LessOrEqual(t, res.CommitTPS, 200.0)
}

func TestRunRejectsEmptyLoad(t *testing.T) {
	_, err := Run(context.Background(), Load{Rate: 10, Workers: 1}, nil, NewTracker())
	require.ErrorIs(t, err, ErrNoPayloads)
}

func TestCheckTxResult(t *testing.T) {
	require.NoError(t, CheckTxResult(json.RawMessage(`{"code":0,"hash":"AB"}`)))
	require.ErrorIs(t, CheckTxResult(json.RawMessage(`{"code":2,"log":"bad"}`)), ErrCheckTx)
	require.ErrorIs(t, CheckTxResult(json.RawMessage(`"0xabc"`)), ErrRPC)
}

func TestKVTxsHaveRequestedSize(t *testing.T) {
	txs := KVTxs(20, 117, 4)
	seen := map[string]bool{}
	for i, p := range txs {
		require.Len(t, p.Key, 117)
		require.Equal(t, 1, strings.Count(p.Key, "="))
		require.Equal(t, i%4, p.Endpoint)
		require.False(t, seen[p.Key])
		seen[p.Key] = true
	}
}

// TestKVNetworkCommits runs a real one-validator kvstore network under a
// small load and requires every tx to be committed within a few blocks.
func TestKVNetworkCommits(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a CometBFT node")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	net := NewKVNetwork(t, 1, 100*time.Millisecond)
	tr := NewTracker()
	require.NoError(t, net.Track(ctx, tr))
	require.Eventually(t, func() bool { return tr.Height() >= 2 }, 20*time.Second, 20*time.Millisecond)
	load := Load{Rate: 100, Workers: 4, Drain: 5 * time.Second, Endpoints: net.Endpoints(), Check: CheckTxResult}
	res, err := Run(ctx, load, KVTxs(50, 100, 1), tr)
	require.NoError(t, err)
	require.Equal(t, 50, res.Sent, "errors: %v", res.FirstErrors)
	require.Equal(t, 50, res.Committed)
	require.LessOrEqual(t, res.P99B, int64(3))
}
