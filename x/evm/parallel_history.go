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
type FallbackHistory struct {
	mu       sync.Mutex
	fellBack bool // the engine's last run fell back
	skipped  int  // blocks run in order since that run
}

// skip reports whether the next block should run in order, counting it.
func (h *FallbackHistory) skip() bool {
	if h == nil {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.fellBack || h.skipped+1 >= fallbackProbeInterval {
		return false
	}
	h.skipped++
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
}
