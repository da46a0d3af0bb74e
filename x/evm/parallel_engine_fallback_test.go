package evm

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestParallelAbortDefaults pins the fallback's defaults: the abort rate a
// block may reach grows with the workers that can run at once, and so does
// the re-execution budget, while a 2-core node keeps the old 20 % and n/4.
func TestParallelAbortDefaults(t *testing.T) {
	for _, c := range []struct{ cores, pct int }{
		{0, 20}, {1, 20}, {2, 20}, {3, 20}, {4, 25}, {6, 50}, {8, 63}, {12, 75}, {16, 80}, {64, 80},
	} {
		require.Equal(t, c.pct, defaultAbortPercent(c.cores), "cores %d", c.cores)
	}
	require.Equal(t, 250+4, defaultExtraExecutions(1000, 20, 2))
	require.Equal(t, 250+4, defaultExtraExecutions(1000, 5, 2), "never below n/4")
	require.Equal(t, 1000*63/37+16, defaultExtraExecutions(1000, 63, 8))
	require.Equal(t, 4000+32, defaultExtraExecutions(1000, 95, 16), "rate clamped to 80 %")

	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(16))
	o := ParallelOptions{Workers: 16}.withDefaults(1000)
	require.Equal(t, 80, o.MaxAbortPercent)
	require.Equal(t, 4032, o.ExtraExecutions)
	o = ParallelOptions{Workers: 2}.withDefaults(1000)
	require.Equal(t, 20, o.MaxAbortPercent, "two workers abort as much on any machine")
	runtime.GOMAXPROCS(2)
	o = ParallelOptions{Workers: 16}.withDefaults(1000)
	require.Equal(t, 20, o.MaxAbortPercent, "16 workers on 2 cores run 2 at a time")
	require.Equal(t, 282, o.ExtraExecutions)
	o = ParallelOptions{Workers: 16, MaxAbortPercent: -1}.withDefaults(1000)
	require.Equal(t, 282, o.ExtraExecutions, "the budget stays when the rate test is off")
}

// TestParallelCraftedTailBounded runs a block that passes the chain window
// (independent transfers first) and ends in a long dependency chain with
// the permissive defaults of a 16-core node: the result is the sequential
// one, and the executions stay within the budget, so such a block costs at
// most the waste the budget allows.
func TestParallelCraftedTailBounded(t *testing.T) {
	w := newWorkload(11, 0)
	for len(w.txs) < 160 {
		w.transfer(hotAddr(len(w.txs)))
	}
	for len(w.txs) < 320 {
		w.counter()
	}
	st := newMemStore()
	st.apply(t, GenesisChanges(w.alloc))
	bctx := benchContext()
	want, wantErrs := runSequential(t, st, bctx, w.txs)
	n, workers := len(w.txs), 16
	pct := defaultAbortPercent(16)
	extra := defaultExtraExecutions(n, pct, workers)
	for round := range 3 {
		opts := ParallelOptions{Workers: workers, MinTxs: -1, MaxAbortPercent: pct}
		if round == 2 {
			opts.Yield = yielder(uint64(round))
		}
		got, errs, stats := runParallel(t, st, bctx, w.txs, opts)
		requireSameBlock(t, want, got, wantErrs, errs)
		t.Logf("round %d: %+v", round, stats.Stats)
		tail := int64(n - stats.TailFrom)
		require.LessOrEqual(t, stats.Executions-tail, int64(n+extra+workers), "round %d: %+v", round, stats.Stats)
	}
}
