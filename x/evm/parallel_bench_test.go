package evm

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkParallel compares sequential and Block-STM execution of the same
// block per workload and worker count, side by side in one run.
func BenchmarkParallel(b *testing.B) {
	for _, name := range []string{"transfers", "erc20-many", "amm-many", "chain", "same-sender", "mixed"} {
		w := namedWorkloads(1000)[name]()
		st := newMemStore()
		st.apply(b, GenesisChanges(w.alloc))
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
		for _, workers := range []int{1, 2, 4, 8, 16} {
			b.Run(fmt.Sprintf("%s/workers=%d", name, workers), func(b *testing.B) {
				var stats *ParallelStats
				for b.Loop() {
					var got *BlockResult
					var errs []error
					got, errs, stats = runParallel(b, st, bctx, w.txs, ParallelOptions{Workers: workers})
					require.Equal(b, want.GasUsed, got.GasUsed)
					require.Equal(b, len(wantErrs), len(errs))
				}
				sec := b.Elapsed().Seconds() / float64(b.N)
				n := float64(len(w.txs))
				b.ReportMetric(float64(want.GasUsed)/sec/1e6, "Mgas/s")
				b.ReportMetric(seqSec/sec, "speedup")
				b.ReportMetric(float64(stats.Executions)/n, "exec/tx")
				b.ReportMetric(float64(stats.Validations)/n, "val/tx")
				b.ReportMetric(float64(stats.Aborts)/n, "aborts/tx")
				fb := 0.0
				if stats.FellBack {
					fb = 1
				}
				b.ReportMetric(fb, "fellback")
			})
		}
	}
}
