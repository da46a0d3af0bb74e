package evm

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestFallbackHistorySkipsAfterChains: after the engine fell back on a chain
// block, the next blocks run in order but every fourth, which probes with
// the engine; a probe of an independent block clears the memory. Every
// block equals sequential execution.
func TestFallbackHistorySkipsAfterChains(t *testing.T) {
	var h FallbackHistory
	opts := ParallelOptions{Workers: 2, Fallbacks: &h}
	want := []string{"", "recent fallback", "recent fallback", "recent fallback", ""}
	chain, st := namedGenesis(t, "chain", 200)
	bctx := benchContext()
	wantRes, wantErrs := runSequential(t, st, bctx, chain.txs)
	for i, why := range want {
		got, errs, stats := runParallel(t, st, bctx, chain.txs, opts)
		requireSameBlock(t, wantRes, got, wantErrs, errs)
		require.Equal(t, why, stats.Sequential, "chain block %d: %+v", i, stats.Stats)
		require.Equal(t, why == "", stats.FellBack, "chain block %d: the engine fell back", i)
	}
	// Independent blocks now: in order until the next probe, which clears it.
	transfers, st := namedGenesis(t, "transfers", 200)
	wantRes, wantErrs = runSequential(t, st, bctx, transfers.txs)
	for i, why := range []string{"recent fallback", "recent fallback", "recent fallback", "", "", ""} {
		got, errs, stats := runParallel(t, st, bctx, transfers.txs, opts)
		requireSameBlock(t, wantRes, got, wantErrs, errs)
		require.Equal(t, why, stats.Sequential, "transfer block %d", i)
		require.False(t, stats.FellBack)
	}
}

// TestFallbackHistoryRecord: a fallback is remembered, a run without one
// clears the memory; a nil history never skips.
func TestFallbackHistoryRecord(t *testing.T) {
	var h FallbackHistory
	require.False(t, h.skip(), "empty history")
	h.record(&ParallelStats{})
	require.False(t, h.skip(), "no fallback")
	fell := &ParallelStats{}
	fell.FellBack, fell.TailFrom = true, 4
	h.record(fell)
	for range fallbackProbeInterval - 1 {
		require.True(t, h.skip())
	}
	require.False(t, h.skip(), "the probe")
	h.record(&ParallelStats{})
	require.False(t, h.skip(), "the probe found no chain")
	var none *FallbackHistory
	require.False(t, none.skip())
	none.record(fell)
}
