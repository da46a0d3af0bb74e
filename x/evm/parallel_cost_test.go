package evm

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// choices returns the next n decisions of h, recording each block at the
// given cost per gas of its path.
func choices(h *CostHistory, n int, engineNs, inOrderNs int64) []bool {
	const gas = 1_000_000
	var out []bool
	for range n {
		inOrder := h.preferInOrder()
		ns := engineNs
		if inOrder {
			ns = inOrderNs
		}
		h.record(inOrder, gas, time.Duration(ns*gas))
		out = append(out, inOrder)
	}
	return out
}

// count returns how many of bs are v.
func count(bs []bool, v bool) int {
	n := 0
	for _, b := range bs {
		if b == v {
			n++
		}
	}
	return n
}

// TestCostHistoryPrefersTheCheaperPath: the first block runs through the
// engine, the second in order; then the cheaper path runs but for probes
// of the other, spaced by how much worse it was.
func TestCostHistoryPrefersTheCheaperPath(t *testing.T) {
	var h CostHistory
	// In order 1.5x cheaper: probes of the engine every 25 blocks.
	got := choices(&h, 2+100, 3, 2)
	require.Equal(t, []bool{false, true}, got[:2], "engine first, then in order")
	require.Equal(t, 25, h.probeInterval())
	require.Equal(t, 4, count(got[2:], false), "engine probes in 100 blocks: %v", got)
	for i, inOrder := range got[2:] {
		require.Equal(t, (i+1)%25 != 0, inOrder, "block %d", i+2)
	}

	// The engine 4x cheaper (many cores): probes of the in-order path every
	// 150 blocks; 8x: at the longest interval.
	var many CostHistory
	choices(&many, 2, 1, 4)
	require.Equal(t, 150, many.probeInterval())
	many = CostHistory{}
	got = choices(&many, 2+600, 1, 8)
	require.Equal(t, maxProbeInterval, many.probeInterval())
	require.Equal(t, 2, count(got[2:], true), "in-order probes in 600 blocks")
}

// TestCostHistoryFollowsAWorkloadChange: when the preferred path becomes
// the slower one, the next probe of the other path turns the preference.
func TestCostHistoryFollowsAWorkloadChange(t *testing.T) {
	var h CostHistory
	got := choices(&h, 40, 2, 3) // the engine cheaper
	require.Equal(t, 1, count(got[2:], true), "one in-order probe: %v", got)
	got = choices(&h, 60, 6, 3) // now the engine costs twice as much
	require.True(t, got[len(got)-1], "in order after the change: %v", got)
	require.GreaterOrEqual(t, count(got[40:], true), 19, "in order settles: %v", got)
}

// TestCostHistoryNil: a nil history never prefers the in-order path and
// ignores records; blocks without gas are not recorded.
func TestCostHistoryNil(t *testing.T) {
	var none *CostHistory
	require.False(t, none.preferInOrder())
	none.record(true, 1, time.Second)
	var h CostHistory
	h.record(false, 0, time.Second)
	require.False(t, h.preferInOrder(), "no engine sample yet")
}

// TestCostHistoryChoosesThePath: a node's history that found the in-order
// path cheaper runs the block in order (messages made on another goroutine
// ahead of execution), one that found the engine cheaper runs it through
// the engine; both equal sequential execution, invalid transactions
// included, and record the block's cost on the path it took.
func TestCostHistoryChoosesThePath(t *testing.T) {
	for _, name := range []string{"transfers", "invalid", "mixed"} {
		t.Run(name, func(t *testing.T) { testCostHistoryChoosesThePath(t, name) })
	}
}

func testCostHistoryChoosesThePath(t *testing.T, name string) {
	w, st := namedGenesis(t, name, 200)
	bctx := benchContext()
	want, wantErrs := runSequential(t, st, bctx, w.txs)
	for _, c := range []struct {
		engineNs, inOrderNs int64
		why                 string
	}{{3, 1, "cheaper in order"}, {1, 3, ""}} {
		h := &CostHistory{}
		h.record(false, 1, time.Duration(c.engineNs))
		h.record(true, 1, time.Duration(c.inOrderNs))
		got, errs, stats := runParallel(t, st, bctx, w.txs, ParallelOptions{Workers: 2, Costs: h})
		requireSameBlock(t, want, got, wantErrs, errs)
		require.Equal(t, c.why, stats.Sequential)
		require.Equal(t, 1+boolInt(c.why == ""), h.engine.samples, "engine samples")
		require.Equal(t, 1+boolInt(c.why != ""), h.inOrder.samples, "in-order samples")
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestDeferBloomsSameBlock: a builder whose receipts get their blooms in
// Finish returns the block of one that computes them per transaction.
func TestDeferBloomsSameBlock(t *testing.T) {
	for _, name := range []string{"mixed", "erc20-solc"} {
		w, st := namedGenesis(t, name, 120)
		bctx := benchContext()
		want, wantErrs := runSequential(t, st, bctx, w.txs)
		b, err := NewBlockBuilder(testCfg, st, bctx, noHashes)
		require.NoError(t, err)
		b.DeferBlooms()
		errs := make([]error, len(w.txs))
		for i, tx := range w.txs {
			_, errs[i] = b.ApplyTx(tx)
		}
		got, err := b.Finish()
		require.NoError(t, err)
		requireSameBlock(t, want, got, wantErrs, errs)
	}
}
