package rpcbench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"
)

// Defaults of the benchmark, each overridable from the environment.
const (
	benchBlockTime   = 5 * time.Millisecond
	defaultLogRange  = 10_000 // HYPERION_BENCH_LOG_RANGE: blocks one eth_getLogs spans
	defaultHistory   = 1_000  // HYPERION_BENCH_HISTORY: how far back the historical reads go
	defaultSeconds   = 5      // HYPERION_BENCH_SECONDS: measuring time per request kind
	defaultWorkers   = 4      // HYPERION_BENCH_WORKERS: concurrent HTTP clients
	gethBlockTimeout = 10 * time.Second
)

// target is one node under benchmark with the chain built on it.
type target struct {
	name    string
	url     string
	load    *loadSender
	head    uint64
	account common.Address
	minHead uint64 // the head to wait for before deploying (geth mines on demand)
}

// TestRPCVersusGeth measures eth_call and eth_getBalance requests/s at latest
// and HYPERION_BENCH_HISTORY blocks back, and eth_getLogs over
// HYPERION_BENCH_LOG_RANGE blocks, on Hyperion and on geth --dev
// --gcmode=archive (Osaka-last genesis) built with the same chain shape in the
// same run, and logs the ratios. It never fails on speed.
func TestRPCVersusGeth(t *testing.T) {
	if os.Getenv("HYPERION_BENCH") != "1" {
		t.Skip("benchmark: set HYPERION_BENCH=1 to run it")
	}
	logRange := uint64(envInt(t, "HYPERION_BENCH_LOG_RANGE", defaultLogRange))
	history := uint64(envInt(t, "HYPERION_BENCH_HISTORY", defaultHistory))
	blocks := max(logRange, history) + 10
	geth := installGeth(t)
	ctx := context.Background()

	hyp := &target{name: "hyperion", url: startHyperion(t, benchBlockTime), minHead: 2}
	hyp.build(t, ctx, blocks, hyp.waitTimedBlock)
	gth := &target{name: "geth", url: startGeth(t, geth)}
	gth.build(t, ctx, blocks, gth.waitMinedBlock)

	d := time.Duration(envInt(t, "HYPERION_BENCH_SECONDS", defaultSeconds)) * time.Second
	workers := envInt(t, "HYPERION_BENCH_WORKERS", defaultWorkers)
	var rows []string
	for _, kind := range benchKinds(history, logRange) {
		ours, theirs := measure(t, hyp, kind, d, workers), measure(t, gth, kind, d, workers)
		rows = append(rows, fmt.Sprintf("| %-34s | %10.0f | %10.0f | %5.2fx |", kind.name, ours, theirs, ours/theirs))
	}
	t.Logf("chain: %d blocks with one counter call each; %d workers, %v per row\n"+
		"| %-34s | %10s | %10s | %6s |\n%s", blocks, workers, d, "request", "hyperion/s", "geth/s", "ratio",
		strings.Join(rows, "\n"))
}

// benchKind is one request shape, built from a target's chain.
type benchKind struct {
	name    string
	request func(tg *target) (string, []any)
}

func benchKinds(history, logRange uint64) []benchKind {
	back := func(tg *target) string { return hexutil.EncodeUint64(tg.head - history) }
	call := func(tg *target) map[string]any { return map[string]any{"from": tg.account, "to": tg.load.counter} }
	return []benchKind{
		{"eth_call latest", func(tg *target) (string, []any) { return "eth_call", []any{call(tg), "latest"} }},
		{fmt.Sprintf("eth_call latest-%d", history), func(tg *target) (string, []any) {
			return "eth_call", []any{call(tg), back(tg)}
		}},
		{"eth_getBalance latest", func(tg *target) (string, []any) { return "eth_getBalance", []any{tg.account, "latest"} }},
		{fmt.Sprintf("eth_getBalance latest-%d", history), func(tg *target) (string, []any) {
			return "eth_getBalance", []any{tg.account, back(tg)}
		}},
		{fmt.Sprintf("eth_getLogs %d blocks", logRange), func(tg *target) (string, []any) {
			filter := map[string]any{"fromBlock": hexutil.EncodeUint64(tg.head - logRange + 1),
				"toBlock": hexutil.EncodeUint64(tg.head), "address": tg.load.counter}
			return "eth_getLogs", []any{filter}
		}},
	}
}

// build deploys the counter and grows the chain by blocks, one counter call
// per block, waiting for each block with wait.
func (tg *target) build(t *testing.T, ctx context.Context, blocks uint64, wait func(context.Context, *ethclient.Client, uint64) error) {
	client, err := ethclient.DialContext(ctx, tg.url)
	require.NoError(t, err)
	defer client.Close()
	tg.load = deployCounter(t, ctx, client, 0, tg.minHead)
	tg.account = tg.load.sender.Address
	start, err := client.BlockNumber(ctx)
	require.NoError(t, err)
	began := time.Now()
	for n := start; n < start+blocks; n++ {
		_, err := tg.load.call(ctx)
		require.NoError(t, err)
		require.NoError(t, wait(ctx, client, n), "%s block %d", tg.name, n+1)
	}
	tx, err := tg.load.call(ctx) // the last call must land before the reads start
	require.NoError(t, err)
	waitReceipt(t, ctx, client, tx)
	tg.head, err = client.BlockNumber(ctx)
	require.NoError(t, err)
	t.Logf("%s: built %d blocks in %v (head %d)", tg.name, tg.head-start, time.Since(began).Round(time.Second), tg.head)
}

// waitTimedBlock waits until Hyperion's head passes n (blocks come on a timer).
func (tg *target) waitTimedBlock(ctx context.Context, client *ethclient.Client, n uint64) error {
	return pollHead(ctx, client, n, time.Millisecond)
}

// waitMinedBlock waits until geth mined the pending call into block n+1.
func (tg *target) waitMinedBlock(ctx context.Context, client *ethclient.Client, n uint64) error {
	return pollHead(ctx, client, n, 200*time.Microsecond)
}

func pollHead(ctx context.Context, client *ethclient.Client, n uint64, every time.Duration) error {
	deadline := time.Now().Add(gethBlockTimeout)
	for time.Now().Before(deadline) {
		head, err := client.BlockNumber(ctx)
		if err != nil {
			return err
		}
		if head > n {
			return nil
		}
		time.Sleep(every)
	}
	return fmt.Errorf("no block above %d after %v", n, gethBlockTimeout)
}

// measure sends the request from workers keep-alive HTTP clients for d and
// returns the successful requests per second. Every answer must be a result.
func measure(t *testing.T, tg *target, kind benchKind, d time.Duration, workers int) float64 {
	method, params := kind.request(tg)
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
	require.NoError(t, err)
	var done atomic.Int64
	var failure atomic.Value
	stop := time.Now().Add(d)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
			for time.Now().Before(stop) {
				if err := post(client, tg.url, body); err != nil {
					failure.CompareAndSwap(nil, err)
					return
				}
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	if err, _ := failure.Load().(error); err != nil {
		t.Fatalf("%s %s: %v", tg.name, kind.name, err)
	}
	return float64(done.Load()) / d.Seconds()
}

// post sends one JSON-RPC request and requires a result in the answer.
func post(client *http.Client, url string, body []byte) error {
	resp, err := client.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var answer struct {
		Result json.RawMessage `json:"result"`
		Error  json.RawMessage `json:"error"`
	}
	if err := json.Unmarshal(out, &answer); err != nil {
		return fmt.Errorf("answer %q: %w", out, err)
	}
	if answer.Error != nil || answer.Result == nil {
		return fmt.Errorf("answer %s", out)
	}
	return nil
}
