package bench_test

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/testutil/bench"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// Defaults of the end-to-end comparison; HYPERION_BENCH_* variables override.
const (
	defaultDuration  = 20 * time.Second
	defaultRuns      = "1:1000,4:400"
	defaultBlockTime = 300 * time.Millisecond
	loadAccounts     = 600
	loadWorkers      = 64
	drainTime        = 15 * time.Second
)

// scenario is one validator count at one offered rate.
type scenario struct {
	validators, rate int
}

// row is one line of the comparison table.
type row struct {
	system string
	sc     scenario
	res    bench.Result
}

// TestE2EThroughput compares committed tx/s and inclusion latency of
// Hyperion (signed transfers via eth_sendRawTransaction) with CometBFT's
// kvstore (same-size txs via broadcast_tx_sync) at the same validator count,
// block time and offered rate, and prints the table. It is not a pass/fail
// on wall time; it fails only if a run commits nothing. Enable with
// HYPERION_BENCH=1; HYPERION_BENCH_RUNS="validators:rate,..." (default
// 1:1000,4:400), HYPERION_BENCH_DURATION (default 20s) and
// HYPERION_BENCH_ONLY=hyperion|kvstore shape it; HYPERION_BENCH_KEEP=1
// keeps the node homes and logs.
func TestE2EThroughput(t *testing.T) {
	if os.Getenv("HYPERION_BENCH") != "1" {
		t.Skip("set HYPERION_BENCH=1 to run the end-to-end benchmark")
	}
	bench.KeepDirs = os.Getenv("HYPERION_BENCH_KEEP") == "1"
	duration := envDuration(t, "HYPERION_BENCH_DURATION", defaultDuration)
	only := os.Getenv("HYPERION_BENCH_ONLY")
	var rows []row
	for _, sc := range parseRuns(t, envOr("HYPERION_BENCH_RUNS", defaultRuns)) {
		if only == "" || only == "hyperion" {
			rows = append(rows, row{"hyperion", sc, runHyperion(t, sc, duration)})
		}
		if only == "" || only == "kvstore" {
			rows = append(rows, row{"kvstore", sc, runKVStore(t, sc, duration)})
		}
	}
	table := formatTable(rows)
	t.Log("\n" + table)
	fmt.Println(table)
}

func runHyperion(t *testing.T, sc scenario, duration time.Duration) (res bench.Result) {
	t.Run(fmt.Sprintf("hyperion/%dval/%dtps", sc.validators, sc.rate), func(t *testing.T) {
		net := bench.NewHyperionNetwork(t, sc.validators, loadAccounts, defaultBlockTime)
		tracker := bench.NewTracker()
		net.Track(tracker)
		payloads := bench.Transfers(net.Accounts, net.ChainID, sc.validators, sc.rate*int(duration/time.Second))
		res = runLoad(t, sc, tracker, bench.Load{Endpoints: net.Endpoints()}, payloads)
	})
	return res
}

func runKVStore(t *testing.T, sc scenario, duration time.Duration) (res bench.Result) {
	t.Run(fmt.Sprintf("kvstore/%dval/%dtps", sc.validators, sc.rate), func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		net := bench.NewKVNetwork(t, sc.validators, defaultBlockTime)
		tracker := bench.NewTracker()
		require.NoError(t, net.Track(ctx, tracker))
		size := transferSize(t)
		payloads := bench.KVTxs(sc.rate*int(duration/time.Second), size, sc.validators)
		load := bench.Load{Endpoints: net.Endpoints(), Check: bench.CheckTxResult}
		res = runLoad(t, sc, tracker, load, payloads)
	})
	return res
}

// runLoad waits for the chain to produce blocks, then runs the load.
func runLoad(t *testing.T, sc scenario, tracker *bench.Tracker, load bench.Load, payloads []bench.Payload) bench.Result {
	require.Eventually(t, func() bool { return tracker.Height() >= 3 }, 60*time.Second, 50*time.Millisecond, "no blocks")
	load.Rate, load.Workers, load.Drain = sc.rate, loadWorkers, drainTime
	res, err := bench.Run(context.Background(), load, payloads, tracker)
	require.NoError(t, err)
	t.Logf("%+v", res)
	require.Positive(t, res.Committed, "nothing committed; errors: %v", res.FirstErrors)
	return res
}

// transferSize is the byte size of one signed Hyperion transfer.
func transferSize(t *testing.T) int {
	acc, err := devkeys.DevAccount(0)
	require.NoError(t, err)
	return bench.TransferSize(acc, new(big.Int).SetUint64(system.DevChainID))
}

func formatTable(rows []row) string {
	var b strings.Builder
	b.WriteString("| system | validators | offered tx/s | sent | failed | committed | committed tx/s | p50 ms | p99 ms | p50 blocks | p99 blocks | blocks | tx/s vs kvstore |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d | %.0f | %d | %d | %d | %d | %d | %s |\n",
			r.system, r.sc.validators, r.sc.rate, r.res.Sent, r.res.Failed, r.res.Committed, r.res.CommitTPS,
			r.res.P50.Milliseconds(), r.res.P99.Milliseconds(), r.res.P50B, r.res.P99B, r.res.Blocks, ratio(rows, r))
	}
	return b.String()
}

// ratio is r's committed tx/s over kvstore's in the same scenario.
func ratio(rows []row, r row) string {
	for _, o := range rows {
		if o.system == "kvstore" && o.sc == r.sc && o.res.CommitTPS > 0 {
			return fmt.Sprintf("%.2f", r.res.CommitTPS/o.res.CommitTPS)
		}
	}
	return "-"
}

func parseRuns(t *testing.T, spec string) []scenario {
	var out []scenario
	for _, part := range strings.Split(spec, ",") {
		v, r, ok := strings.Cut(strings.TrimSpace(part), ":")
		validators, err1 := strconv.Atoi(v)
		rate, err2 := strconv.Atoi(r)
		if !ok || err1 != nil || err2 != nil || validators < 1 || validators > 10 || rate < 1 || rate > 20_000 {
			t.Fatalf("HYPERION_BENCH_RUNS: bad entry %q (want validators:rate)", part)
		}
		out = append(out, scenario{validators, rate})
	}
	return out
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func envDuration(t *testing.T, name string, def time.Duration) time.Duration {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Second || d > 10*time.Minute {
		t.Fatalf("%s: %q is not a duration in [1s, 10m]", name, v)
	}
	return d
}
