package evm

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestParallelPhaseTimes prints where a block's wall time goes (benchmark
// aid; HYPERION_PHASES=1 only).
func TestParallelPhaseTimes(t *testing.T) {
	if os.Getenv("HYPERION_PHASES") == "" {
		t.Skip("HYPERION_PHASES=1 prints phase times")
	}
	names := []string{"transfers", "erc20-many", "amm-solc", "chain"}
	if list := os.Getenv("HYPERION_PHASES"); strings.Contains(list, ",") || namedWorkloads(1)[list] != nil {
		names = strings.Split(list, ",") // HYPERION_PHASES=chain,transfers: those workloads only
	}
	for _, name := range names {
		w := namedWorkloads(1000)[name]()
		st := newMemStore()
		st.apply(t, GenesisChanges(w.alloc))
		bctx := benchContext()
		runSequential(t, st, bctx, w.txs)
		for _, workers := range []int{0, 2} {
			var (
				prep, exec, asm, fin, tot time.Duration
				last                      *ParallelStats
			)
			const rounds = 50
			for range rounds {
				start := time.Now()
				b, _, stats, err := ParallelBuilder(testCfg, st, bctx, noHashes, w.txs, benchOptions(workers))
				if err != nil {
					t.Fatal(err)
				}
				mid := time.Now()
				if _, err := b.Finish(); err != nil {
					t.Fatal(err)
				}
				fin += time.Since(mid)
				tot += time.Since(start)
				prep, exec, asm = prep+stats.Prepare, exec+stats.Execute, asm+stats.Assemble
				last = stats
			}
			t.Logf("%-10s %-10s total %v prepare %v execute %v assemble %v finish %v", name, workersLabel(workers),
				tot/rounds, prep/rounds, exec/rounds, asm/rounds, fin/rounds)
			t.Logf("%-10s %-10s last block: executions %d aborts %d dependencies %d rescues %d tail from %d", name, workersLabel(workers),
				last.Executions, last.Aborts, last.Stats.Dependencies, last.IdleRescues, last.TailFrom)
			if workers == 0 {
				start := time.Now()
				for range rounds {
					runSequential(t, st, bctx, w.txs)
				}
				t.Logf("%-10s sequential total %v", name, time.Since(start)/rounds)
			}
		}
	}
}

// TestParallelFallbackStats prints the fallback decision of workloads at 8
// and 16 workers under the old defaults (20 %, len/4 + 2*workers) and under
// those of a machine with as many cores as workers (benchmark aid,
// HYPERION_PHASES=1; on fewer cores the workers share them, so the abort
// rates are those of time-sliced workers).
func TestParallelFallbackStats(t *testing.T) {
	if os.Getenv("HYPERION_PHASES") == "" {
		t.Skip("HYPERION_PHASES=1 prints fallback decisions")
	}
	for _, name := range []string{"amm-solc", "erc20-solc", "amm-many", "mixed", "chain"} {
		w := namedWorkloads(1000)[name]()
		st := newMemStore()
		st.apply(t, GenesisChanges(w.alloc))
		bctx := benchContext()
		for _, workers := range []int{8, 16} {
			n := len(w.txs)
			for _, pct := range []int{minAbortPercent, defaultAbortPercent(workers)} {
				opts := ParallelOptions{Workers: workers, MaxAbortPercent: pct, ExtraExecutions: defaultExtraExecutions(n, pct, workers)}
				for range 3 {
					start := time.Now()
					_, _, s := runParallel(t, st, bctx, w.txs, opts)
					t.Logf("%-10s w=%-2d max %2d%% budget +%4d: %7v exec %4d aborts %4d (%.2f) deps %4d fell back %-5v tail %4d",
						name, workers, pct, opts.ExtraExecutions, time.Since(start).Round(10*time.Microsecond), s.Executions, s.Aborts,
						float64(s.Aborts)/float64(max(s.Executions, 1)), s.Stats.Dependencies, s.FellBack, s.TailFrom)
				}
			}
		}
	}
}
