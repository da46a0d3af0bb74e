package evm

import (
	"os"
	"testing"
	"time"
)

// BenchmarkParallelPhases reports where a parallel block's wall time goes:
// setup (sender scan, messages, engine), the parallel phase, the in-order
// pass with any sequential tail, and Finish (ms per 1,000-tx block).
func BenchmarkParallelPhases(b *testing.B) {
	for _, name := range []string{"transfers", "erc20-many", "erc20-solc", "erc20-solc-distinct", "erc20-solc-independent", "amm-solc", "chain"} {
		w, st := namedGenesis(b, name, 1000)
		bctx := benchContext()
		runSequential(b, st, bctx, w.txs) // senders cached, as on both sides of BenchmarkParallel
		for _, workers := range []int{0, 2} {
			b.Run(name+"/"+workersLabel(workers), func(b *testing.B) {
				var prep, exec, asm, fin time.Duration
				for b.Loop() {
					pb, _, stats, err := ParallelBuilder(testCfg, st, bctx, noHashes, w.txs, benchOptions(workers))
					if err != nil {
						b.Fatal(err)
					}
					mid := time.Now()
					if _, err := pb.Finish(); err != nil {
						b.Fatal(err)
					}
					fin += time.Since(mid)
					prep, exec, asm = prep+stats.Prepare, exec+stats.Execute, asm+stats.Assemble
				}
				perBlock := func(d time.Duration) float64 { return d.Seconds() * 1e3 / float64(b.N) }
				b.ReportMetric(perBlock(prep), "prepare-ms")
				b.ReportMetric(perBlock(exec), "execute-ms")
				b.ReportMetric(perBlock(asm), "assemble-ms")
				b.ReportMetric(perBlock(fin), "finish-ms")
			})
		}
	}
}

// TestParallelFallbackStats runs workloads at 8 and 16 workers under the
// 2-core defaults (20 %, len/4 + 2*workers) and under those of a machine
// with as many cores as workers, requires each block to equal sequential
// execution, and logs the fallback decisions (HYPERION_PHASES=1; on fewer
// cores the workers share them, so the abort rates are those of
// time-sliced workers).
func TestParallelFallbackStats(t *testing.T) {
	if os.Getenv("HYPERION_PHASES") == "" {
		t.Skip("HYPERION_PHASES=1 runs and logs the fallback decisions")
	}
	for _, name := range []string{"amm-solc", "erc20-solc", "amm-many", "mixed", "chain"} {
		w, st := namedGenesis(t, name, 1000)
		bctx := benchContext()
		want, wantErrs := runSequential(t, st, bctx, w.txs)
		for _, workers := range []int{8, 16} {
			n := len(w.txs)
			for _, pct := range []int{minAbortPercent, defaultAbortPercent(workers)} {
				opts := ParallelOptions{Workers: workers, MaxAbortPercent: pct, ExtraExecutions: defaultExtraExecutions(n, pct, workers)}
				for range 3 {
					start := time.Now()
					got, errs, s := runParallel(t, st, bctx, w.txs, opts)
					elapsed := time.Since(start)
					requireSameBlock(t, want, got, wantErrs, errs)
					t.Logf("%-10s w=%-2d max %2d%% budget +%4d: %7v exec %4d aborts %4d (%.2f) deps %4d fell back %-5v tail %4d",
						name, workers, pct, opts.ExtraExecutions, elapsed.Round(10*time.Microsecond), s.Executions, s.Aborts,
						float64(s.Aborts)/float64(max(s.Executions, 1)), s.Stats.Dependencies, s.FellBack, s.TailFrom)
				}
			}
		}
	}
}
