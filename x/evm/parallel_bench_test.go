package evm

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/testutil/cpuprobe"
)

// benchWorkers are the worker counts of the parallel benchmarks; 0 is one
// worker forced through the engine (one worker otherwise runs sequentially).
var benchWorkers = []int{0, 1, 2, 4, 8, 16}

func benchOptions(workers int) ParallelOptions {
	if workers == 0 {
		return ParallelOptions{Workers: 1, MinTxs: -1}
	}
	return ParallelOptions{Workers: workers}
}

// withNodeHistory returns benchOptions with a fallback and a cost history
// per worker count, as a node carries them across its blocks: the rows'
// blocks follow each other like a run of blocks of one workload.
func withNodeHistory() func(workers int) ParallelOptions {
	fallbacks := make(map[int]*FallbackHistory)
	costs := make(map[int]*CostHistory)
	return func(workers int) ParallelOptions {
		if fallbacks[workers] == nil {
			fallbacks[workers], costs[workers] = new(FallbackHistory), new(CostHistory)
		}
		opts := benchOptions(workers)
		opts.Fallbacks, opts.Costs = fallbacks[workers], costs[workers]
		return opts
	}
}

func workersLabel(workers int) string {
	if workers == 0 {
		return "engine w=1"
	}
	return fmt.Sprintf("w=%d", workers)
}

// benchNames are the workloads of the benchmark table.
var benchNames = []string{"transfers", "erc20-many", "amm-many", "hotspot-100", "chain", "same-sender", "mixed",
	"erc20-solc", "erc20-solc-distinct", "erc20-solc-independent", "amm-solc", "amm-solc-1"}

// BenchmarkParallel compares sequential and Block-STM execution of the same
// block per workload and worker count. Senders are recovered (and cached in
// the txs) before the timer starts, on both sides.
func BenchmarkParallel(b *testing.B) {
	for _, name := range benchNames {
		w, st := namedGenesis(b, name, 1000)
		bctx := benchContext()
		want, wantErrs := runSequential(b, st, bctx, w.txs)
		var seqSec float64
		b.Run(name+"/sequential", func(b *testing.B) {
			for b.Loop() {
				runSequential(b, st, bctx, w.txs)
			}
			seqSec = b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(want.GasUsed)/seqSec/1e6, "Mgas/s")
		})
		for _, workers := range benchWorkers {
			b.Run(name+"/"+strings.ReplaceAll(workersLabel(workers), " ", "-"), func(b *testing.B) {
				var stats *ParallelStats
				for b.Loop() {
					var got *BlockResult
					var errs []error
					got, errs, stats = runParallel(b, st, bctx, w.txs, benchOptions(workers))
					require.Equal(b, want.GasUsed, got.GasUsed)
					require.Equal(b, len(wantErrs), len(errs))
				}
				sec := b.Elapsed().Seconds() / float64(b.N)
				b.ReportMetric(float64(want.GasUsed)/sec/1e6, "Mgas/s")
				if seqSec > 0 {
					b.ReportMetric(seqSec/sec, "speedup")
				}
				reportStats(b, stats, len(w.txs))
			})
		}
	}
}

func reportStats(b *testing.B, stats *ParallelStats, n int) {
	b.ReportMetric(float64(stats.Executions)/float64(n), "exec/tx")
	b.ReportMetric(float64(stats.Validations)/float64(n), "val/tx")
	b.ReportMetric(float64(stats.LoggedValidations)/float64(n), "logged-val/tx")
	b.ReportMetric(float64(stats.Aborts)/float64(max(stats.Executions, 1)), "abort-rate")
	fb := 0.0
	if stats.FellBack {
		fb = 1
	}
	b.ReportMetric(fb, "fellback")
}

// slowStore is a memStore whose every read waits for delay, standing in
// for a state read that misses every cache (a disk or remote read). The
// wait yields the processor to other goroutines until the deadline instead
// of calling time.Sleep: on this machine a short time.Sleep lasts about 1 ms
// when every other goroutine is idle (the runtime then sleeps in the
// poller at millisecond resolution) and about the asked time when another
// goroutine is running, which would charge the sequential side 50 times
// more per read than the parallel side.
type slowStore struct {
	*memStore
	delay time.Duration
}

func (s slowStore) Get(key []byte) ([]byte, error) {
	waitYielding(s.delay)
	return s.memStore.Get(key)
}

func waitYielding(d time.Duration) {
	for start := time.Now(); time.Since(start) < d; {
		runtime.Gosched()
	}
}

// benchRow is one workload's line of the table.
type benchRow struct {
	name      string
	gas       uint64
	seq       time.Duration
	par       []time.Duration // per benchWorkers
	ratios    [][]float64     // per benchWorkers: each round's sequential time over its parallel time
	stats     []*ParallelStats
	available float64
	// Garbage collector CPU seconds and blocks run, over the sequential
	// samples and over each worker count's parallel samples.
	gcSeq     float64
	seqBlocks int
	gcPar     []float64
	parBlocks []int
	inOrder   []int // parallel samples' blocks the history ran in order, per worker count
}

// gcMillis returns the collector's CPU milliseconds per block over the
// sequential samples and over the parallel samples at benchWorkers[i].
func (r *benchRow) gcMillis(i int) (seq, par float64) {
	return 1e3 * r.gcSeq / float64(max(r.seqBlocks, 1)), 1e3 * r.gcPar[i] / float64(max(r.parBlocks[i], 1))
}

// gcSeconds returns the CPU time the garbage collector used so far
// (runtime/metrics' estimate, brought up to date as collections run; over
// the many collections of a row's samples it is close).
func gcSeconds() float64 {
	s := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}}
	metrics.Read(s)
	return s[0].Value.Float64()
}

// speedup returns the median and the extremes of the per-round speedups at
// benchWorkers[i]. A round times the sequential and the parallel runs back
// to back, so a slow patch of the machine moves both sides of its ratio.
func (r *benchRow) speedup(i int) (median, lo, hi float64) {
	s := slices.Clone(r.ratios[i])
	slices.Sort(s)
	return s[len(s)/2], s[0], s[len(s)-1]
}

// medianOf returns the median of ds.
func medianOf(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// measureRow times the sequential and the parallel executions of one block
// in pairs, a sequential sample next to each parallel one (first in even
// rounds, second in odd ones), rounds times per worker count after an
// untimed warm-up round. A sample starts after a collection (untimed) and
// is the mean of as many back-to-back runs as fill sampleTime: single runs of a few
// milliseconds vary by tens of percent on a shared machine. It keeps the
// medians of the samples and of the pairs' ratios (a slow patch of the
// machine moves both samples of a pair).
func measureRow(t testing.TB, name string, r interface{ Get([]byte) ([]byte, error) }, st *memStore, w *workload, rounds int,
	opts func(workers int) ParallelOptions) benchRow {
	bctx := benchContext()
	row := benchRow{name: name, par: make([]time.Duration, len(benchWorkers)), stats: make([]*ParallelStats, len(benchWorkers)),
		ratios: make([][]float64, len(benchWorkers)), gcPar: make([]float64, len(benchWorkers)), parBlocks: make([]int, len(benchWorkers)),
		inOrder: make([]int, len(benchWorkers))}
	_, gas := timeSequential(t, r, bctx, w.txs) // the first run pays for cold caches
	one, _ := timeSequential(t, r, bctx, w.txs)
	runs := max(1, int(sampleTime()/max(one, time.Microsecond)))
	var seqs []time.Duration
	pars := make([][]time.Duration, len(benchWorkers))
	for round := range rounds + 1 { // round 0 warms caches and pools, untimed
		for i, workers := range benchWorkers {
			var seq, par time.Duration
			var gcSeq, gcPar float64
			sequential := func() {
				runtime.GC() // neither side pays for the other's garbage
				gc := gcSeconds()
				for range runs {
					d, _ := timeSequential(t, r, bctx, w.txs)
					seq += d
				}
				gcSeq = gcSeconds() - gc
			}
			parallel := func() {
				runtime.GC()
				gc := gcSeconds()
				for range runs {
					d, stats := timeParallel(t, r, bctx, w.txs, opts(workers), gas)
					par, row.stats[i] = par+d, stats
					if round > 0 && stats.Sequential != "" {
						row.inOrder[i]++
					}
				}
				gcPar = gcSeconds() - gc
			}
			if round%2 == 0 {
				sequential()
				parallel()
			} else { // alternate the order: neither side always inherits the other's garbage
				parallel()
				sequential()
			}
			if round > 0 {
				seqs, pars[i] = append(seqs, seq/time.Duration(runs)), append(pars[i], par/time.Duration(runs))
				row.ratios[i] = append(row.ratios[i], seq.Seconds()/par.Seconds())
				row.gcSeq, row.seqBlocks = row.gcSeq+gcSeq, row.seqBlocks+runs
				row.gcPar[i], row.parBlocks[i] = row.gcPar[i]+gcPar, row.parBlocks[i]+runs
			}
		}
	}
	row.gas, row.seq = gas, medianOf(seqs)
	for i := range pars {
		row.par[i] = medianOf(pars[i])
	}
	row.available = availableParallelism(t, st, w.txs)
	return row
}

// sampleTime is the least time one sample of measureRow runs blocks for:
// 300 ms, or HYPERION_BENCH_SAMPLE_MS. A sample starts on a collected heap
// and must hold several collections (one every 2-3 solc ERC-20 blocks, ~25
// ms): a sample of a few blocks holds one or none, and where it falls
// decides the pair's ratio, since the collector's marking is free beside
// one goroutine (the idle core) and not beside two.
func sampleTime() time.Duration {
	if v, err := strconv.Atoi(os.Getenv("HYPERION_BENCH_SAMPLE_MS")); err == nil && v > 0 {
		return time.Duration(v) * time.Millisecond
	}
	return 300 * time.Millisecond
}

// tableWorkloads returns the names among names the table measures: all,
// or those in HYPERION_BENCH_WORKLOADS (comma-separated).
func tableWorkloads(names []string) []string {
	only := os.Getenv("HYPERION_BENCH_WORKLOADS")
	if only == "" {
		return names
	}
	var out []string
	for _, name := range names {
		if slices.Contains(strings.Split(only, ","), name) {
			out = append(out, name)
		}
	}
	return out
}

// timeSequential executes txs as one block in order and returns the time it
// took and the gas the block used.
func timeSequential(t testing.TB, r interface{ Get([]byte) ([]byte, error) }, bctx BlockContext, txs []*types.Transaction) (time.Duration, uint64) {
	start := time.Now()
	b, err := NewBlockBuilder(testCfg, r, bctx, noHashes)
	require.NoError(t, err)
	for _, tx := range txs {
		_, _ = b.ApplyTx(tx)
	}
	res, err := b.Finish()
	require.NoError(t, err)
	return time.Since(start), res.GasUsed
}

// timeParallel executes txs as one block with Block-STM under opts and
// returns the time it took; the block must use gas.
func timeParallel(t testing.TB, r interface{ Get([]byte) ([]byte, error) }, bctx BlockContext, txs []*types.Transaction, opts ParallelOptions, gas uint64) (time.Duration, *ParallelStats) {
	start := time.Now()
	pb, _, stats, err := ParallelBuilder(testCfg, r, bctx, noHashes, txs, opts)
	require.NoError(t, err)
	got, err := pb.Finish()
	require.NoError(t, err)
	d := time.Since(start)
	require.Equal(t, gas, got.GasUsed)
	return d, stats
}

// availableParallelism is the sequential execution time of the block over
// the length of its critical path: the final dependency graph (from a
// one-worker run, which never aborts) weighted by each transaction's
// sequential execution time. It does not depend on the core count.
func availableParallelism(t testing.TB, st *memStore, txs []*types.Transaction) float64 {
	bctx := benchContext()
	_, _, stats, err := ParallelBuilder(testCfg, st, bctx, noHashes, txs, ParallelOptions{Workers: 1, MinTxs: -1, ExtraExecutions: 1 << 30, MaxAbortPercent: -1, RecordDependencies: true})
	require.NoError(t, err)
	cost := make([]time.Duration, len(txs))
	for range 3 { // the least of three runs per tx
		b, err := NewBlockBuilder(testCfg, st, bctx, noHashes)
		require.NoError(t, err)
		for i, tx := range txs {
			start := time.Now()
			_, _ = b.ApplyTx(tx)
			if d := time.Since(start); cost[i] == 0 || d < cost[i] {
				cost[i] = d
			}
		}
	}
	var total, critical time.Duration
	finish := make([]time.Duration, len(txs))
	for j := range txs {
		var ready time.Duration
		for _, i := range stats.Dependencies[j] {
			ready = max(ready, finish[i])
		}
		finish[j] = ready + cost[j]
		total += cost[j]
		critical = max(critical, finish[j])
	}
	return float64(total) / float64(critical)
}

// formatTable renders rows as a markdown table.
func formatTable(rows []benchRow) string {
	var sb strings.Builder
	sb.WriteString("| workload | seq Mgas/s |")
	for _, w := range benchWorkers {
		fmt.Fprintf(&sb, " %s Mgas/s (speedup, range) |", workersLabel(w))
	}
	sb.WriteString(" exec/tx | val/tx (by the change log) | abort rate | fell back | avail. par. | GC ms/block (seq / w=2) | w=2 blocks in order |\n|---|---|")
	for range benchWorkers {
		sb.WriteString("---|")
	}
	sb.WriteString("---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		mgas := func(d time.Duration) float64 { return float64(r.gas) / d.Seconds() / 1e6 }
		fmt.Fprintf(&sb, "| %s | %.0f |", r.name, mgas(r.seq))
		for i := range benchWorkers {
			med, lo, hi := r.speedup(i)
			fmt.Fprintf(&sb, " %.0f (%.2f×, %.2f-%.2f) |", mgas(r.par[i]), med, lo, hi)
		}
		s := r.stats[2] // two workers: the machine's core count
		n := float64(s.Txs)
		gcSeq, gcPar := r.gcMillis(2)
		fmt.Fprintf(&sb, " %.2f | %.2f (%.2f) | %.3f | %v | %.1f | %.2f / %.2f | %d of %d |\n", float64(s.Executions)/n,
			float64(s.Validations)/n, float64(s.LoggedValidations)/n,
			float64(s.Aborts)/float64(max(s.Executions, 1)), s.FellBack, r.available, gcSeq, gcPar, r.inOrder[2], r.parBlocks[2])
	}
	return sb.String()
}

// TestParallelBenchTable prints the side-by-side table of docs/BENCHMARKS.md
// (HYPERION_BENCH_TABLE=1): every workload sequential and with Block-STM at
// 1-16 workers, in sequential/parallel pairs of samples, medians of several
// rounds (5, or HYPERION_BENCH_ROUNDS) with the range of the pairs'
// speedups (HYPERION_BENCH_WORKLOADS and HYPERION_BENCH_SAMPLE_MS narrow
// the workloads and set the sample length); the machine's two-goroutine ceiling, also under a rare
// collector (rareGC) with the engine's ratios there; the table again with a
// blocking latency on every state read; and some workloads on the node's
// IAVL store.
func TestParallelBenchTable(t *testing.T) {
	if os.Getenv("HYPERION_BENCH_TABLE") != "1" {
		t.Skip("set HYPERION_BENCH_TABLE=1")
	}
	t.Logf("GOMAXPROCS=%d NumCPU=%d; two-goroutine CPU probe before: %.2f×", runtime.GOMAXPROCS(0), runtime.NumCPU(), cpuprobe.Parallelism())
	rounds := 5
	if v, err := strconv.Atoi(os.Getenv("HYPERION_BENCH_ROUNDS")); err == nil && v > 0 {
		rounds = v
	}
	var rows []benchRow
	for _, name := range tableWorkloads(benchNames) {
		w, st := namedGenesis(t, name, 1000)
		rows = append(rows, measureRow(t, name, st, st, w, rounds, benchOptions))
		t.Logf("%s measured", name)
	}
	for _, name := range tableWorkloads([]string{"transfers", "erc20-solc", "amm-solc", "chain", "amm-solc-1"}) {
		w, st := namedGenesis(t, name, 1000)
		rows = append(rows, measureRow(t, name+" (node history)", st, st, w, rounds, withNodeHistory()))
	}
	t.Logf("in-memory state, 1000 txs per block:\n%s", formatTable(rows))
	for _, name := range []string{"transfers", "erc20-many", "amm-many", "erc20-solc", "amm-solc"} {
		t.Logf("machine ceiling, %s: two independent sequential executions on two goroutines run %.2f× one (%.2f× with GOGC=%d)",
			name, twoBlockCeiling(t, name), withGCPercent(rareGC, func() float64 { return twoBlockCeiling(t, name) }), rareGC)
	}
	if benchSection("rare-gc") {
		rareGCRows(t)
	}
	if benchSection("latency") {
		latencyRows(t)
	}
	if benchSection("iavl") {
		t.Logf("the node's IAVL store, 1000 txs per block:\n%s", formatTable(iavlRows(t, rounds)))
	}
	t.Logf("two-goroutine CPU probe after: %.2f×", cpuprobe.Parallelism())
}

// benchSection reports whether the table's section name runs: all but
// those named in HYPERION_BENCH_SKIP (comma-separated: rare-gc, latency,
// iavl), to fit a run into a short lease of a machine.
func benchSection(name string) bool {
	return !slices.Contains(strings.Split(os.Getenv("HYPERION_BENCH_SKIP"), ","), name)
}

// rareGCRows prints the engine's ratios at 1 and 2 workers under a rare
// collector (rareGC).
func rareGCRows(t *testing.T) {
	for _, name := range []string{"transfers", "erc20-solc"} {
		w, st := namedGenesis(t, name, 1000)
		row := withGCPercent(rareGC, func() benchRow { return measureRow(t, name, st, st, w, 3, benchOptions) })
		w1, _, _ := row.speedup(0)
		w2, _, _ := row.speedup(2)
		t.Logf("GOGC=%d, %s: engine w=1 %.2f×, w=2 %.2f× of sequential", rareGC, name, w1, w2)
	}
}

// latencyRows prints the table of small blocks with a blocking latency on
// every state read.
func latencyRows(t *testing.T) {
	delay := 50 * time.Microsecond
	t.Logf("time.Sleep(%v) measured %v; yielding wait of %v measured %v", delay, measuredSleep(delay, time.Sleep), delay, measuredSleep(delay, waitYielding))
	var rows []benchRow
	for _, name := range []string{"transfers", "erc20-many", "amm-many"} {
		w, st := namedGenesis(t, name, latencyBlock)
		rows = append(rows, measureRow(t, name, slowStore{st, delay}, st, w, 3, benchOptions))
	}
	t.Logf("read latency (yielding wait of %v per state read), %d txs per block:\n%s", delay, latencyBlock, formatTable(rows))
}

// iavlRows measures the solc workloads and native transfers reading the
// node's own state store (IAVL on disk behind its read cache, the genesis
// committed) instead of a map, through the engine and as a node runs them.
func iavlRows(t *testing.T, rounds int) []benchRow {
	var rows []benchRow
	for _, name := range []string{"transfers", "erc20-solc", "amm-solc"} {
		rows = append(rows, iavlRow(t, name, name, rounds, benchOptions),
			iavlRow(t, name, name+" (node history)", rounds, withNodeHistory()))
	}
	return rows
}

// iavlRow measures one workload on a fresh IAVL store, closed afterwards
// (an open store's caches and goroutines would weigh on later rows).
func iavlRow(t *testing.T, name, label string, rounds int, opts func(workers int) ParallelOptions) benchRow {
	w, mem := namedGenesis(t, name, 1000)
	st := openBenchStore(t, GenesisChanges(w.alloc))
	defer st.Close()
	return measureRow(t, label, st, mem, w, rounds, opts)
}

// twoBlockCeiling returns how much faster two goroutines execute blocks
// sequentially, each its own, than one goroutine does (medians of
// interleaved rounds): the most any parallel executor can gain here, with
// no shared state and no coordination. Below 2× the cores share caches,
// memory bandwidth or a physical core, and the garbage collector's share.
func twoBlockCeiling(t testing.TB, name string) float64 {
	w, st := namedGenesis(t, name, 1000)
	bctx := benchContext()
	run := func(goroutines, blocks int) time.Duration {
		start := time.Now()
		var wg sync.WaitGroup
		for range goroutines {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range blocks / goroutines {
					runSequential(t, st, bctx, w.txs)
				}
			}()
		}
		wg.Wait()
		return time.Since(start)
	}
	var one, two []time.Duration
	for range 5 {
		one = append(one, run(1, 8))
		two = append(two, run(2, 8))
	}
	return medianOf(one).Seconds() / medianOf(two).Seconds()
}

// rareGC is the GOGC of the table's runs without the collector's
// competition: two goroutines allocating at once make it collect twice as
// often, and on two cores its marking then takes time from them instead of
// from an idle core, as it does beside one sequential goroutine.
const rareGC = 1600

// withGCPercent returns f's result computed under GOGC=pct.
func withGCPercent[T any](pct int, f func() T) T {
	old := debug.SetGCPercent(pct)
	defer debug.SetGCPercent(old)
	runtime.GC()
	return f()
}

// latencyBlock is the block size of the read-latency variant.
const latencyBlock = 300

// measuredSleep returns the mean duration of wait(d).
func measuredSleep(d time.Duration, wait func(time.Duration)) time.Duration {
	start := time.Now()
	for range 100 {
		wait(d)
	}
	return time.Since(start) / 100
}
