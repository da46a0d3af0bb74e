package evm

import "sync"

// fallbackProbeInterval is how often, in blocks, an executor whose last engine
// run fell back runs the engine again to see whether the conflicts went on:
// the blocks in between run in order.
const fallbackProbeInterval = 4

// FallbackHistory remembers, across the blocks of one executor, whether the
// engine's last run fell back to running in order: the chain test or too
// many aborts stopped it (a dependency chain, or conflicts Block-STM only
// loses time on). While it did, the next blocks run in order without paying
// for the engine's setup and its first window, except every
// fallbackProbeInterval-th, which runs the engine again and clears the memory
// when it does not fall back. Running in order costs a block nothing over
// sequential execution, so a wrong guess loses at most the speedup of
// fallbackProbeInterval-1 blocks. Where a block falls back is a matter of
// timing, so it is not looked at; which executor runs a block never changes
// its result. The zero value is ready; it is safe for concurrent use.
//
// It also remembers whether the last head lane (parallel_head.go) had to
// execute more than one in maxSharedSenders of the engine's transactions
// again: the blocks touch state the head changes, which Block-STM alone
// handles better. The next blocks then run without a head lane but for
// every headProbeInterval-th.
type FallbackHistory struct {
	mu       sync.Mutex
	fellBack bool // the engine's last run fell back
	skipped  int  // blocks run in order since that run
	// headRedone is set when more than one in maxSharedSenders of the last
	// head lane's rest ran again; headSkipped counts the blocks run without
	// a head lane since.
	headRedone  bool
	headSkipped int
}

// headProbeInterval is how often, in blocks, an executor whose last head
// lane had much of its rest run again tries a head lane again.
const headProbeInterval = 8

// skipHead reports whether the next block should run without a head lane,
// counting it.
func (h *FallbackHistory) skipHead() bool {
	if h == nil {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return countSkip(h.headRedone, &h.headSkipped, headProbeInterval)
}

// skip reports whether the next block should run in order, counting it.
func (h *FallbackHistory) skip() bool {
	if h == nil {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return countSkip(h.fellBack, &h.skipped, fallbackProbeInterval)
}

// countSkip reports whether a block skips a path its history marked
// (marked), counting it in skipped, but for every interval-th block, which
// probes the path again.
func countSkip(marked bool, skipped *int, interval int) bool {
	if !marked || *skipped+1 >= interval {
		return false
	}
	*skipped++
	return true
}

// record notes the outcome of an engine run.
func (h *FallbackHistory) record(stats *ParallelStats) {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.fellBack = stats.FellBack
	h.skipped = 0
	if stats.Head > 0 {
		h.headRedone = stats.HeadRedone*maxSharedSenders > stats.Txs-stats.Head
		h.headSkipped = 0
	}
}
