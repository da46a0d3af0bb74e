package evm

import (
	"math"
	"sync"
	"time"
)

// Bounds of CostHistory's probes of the path it does not prefer.
const (
	// maxProbeLoss is the share of throughput the probes may cost: a path
	// r times slower than the preferred one is probed every (r-1)/maxProbeLoss
	// blocks.
	maxProbeLoss = 0.02
	// minProbeInterval and maxProbeInterval bound that interval in blocks.
	minProbeInterval = 4
	maxProbeInterval = 256
	// costWeight is the weight of a new block's cost in a path's running
	// estimate.
	costWeight = 0.3
)

// CostHistory remembers, across the blocks of one executor, what a unit of
// gas cost on each of the two paths a block can take: through Block-STM and
// in order. Which one is faster depends on the machine and the workload: on
// many cores the engine wins by several times; on two, blocks of cheap
// independent transactions (native transfers, small contracts) run slower
// through the engine than in order, whose cost per transaction is below the
// engine's bookkeeping. The history prefers the path whose running cost per
// gas is lower and runs the other one now and then to follow a change of
// workload, the less often the worse that path was measured
// (maxProbeLoss). The first eligible block runs through the engine, the
// second in order. Timing decides only which path runs a block, never its
// result: both equal sequential execution. The zero value is ready; it is
// safe for concurrent use.
type CostHistory struct {
	mu      sync.Mutex
	engine  costEstimate
	inOrder costEstimate
	since   int // blocks on the preferred path since the other one ran
}

// costEstimate is a path's running cost per gas.
type costEstimate struct {
	nsPerGas float64
	samples  int
}

// add folds one block's cost into the estimate.
func (e *costEstimate) add(gas uint64, d time.Duration) {
	cost := float64(d.Nanoseconds()) / float64(gas)
	if e.samples == 0 {
		e.nsPerGas = cost
	} else {
		e.nsPerGas += costWeight * (cost - e.nsPerGas)
	}
	e.samples++
}

// preferInOrder reports whether the next eligible block should run in
// order, counting it.
func (h *CostHistory) preferInOrder() bool {
	if h == nil {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.engine.samples == 0:
		return false
	case h.inOrder.samples == 0:
		return true
	}
	inOrder := h.inOrder.nsPerGas < h.engine.nsPerGas
	h.since++
	if h.since >= h.probeInterval() {
		h.since = 0
		return !inOrder // probe the other path
	}
	return inOrder
}

// probeInterval is how many blocks run on the preferred path between two
// runs of the other one. Call with mu held.
func (h *CostHistory) probeInterval() int {
	better := min(h.engine.nsPerGas, h.inOrder.nsPerGas)
	worse := max(h.engine.nsPerGas, h.inOrder.nsPerGas)
	if better <= 0 {
		return minProbeInterval
	}
	n := math.Ceil((worse/better - 1) / maxProbeLoss)
	return int(min(max(n, minProbeInterval), maxProbeInterval))
}

// record notes what a block that could have taken either path cost on the
// one it took.
func (h *CostHistory) record(inOrder bool, gas uint64, d time.Duration) {
	if h == nil || gas == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if inOrder {
		h.inOrder.add(gas, d)
	} else {
		h.engine.add(gas, d)
	}
}
