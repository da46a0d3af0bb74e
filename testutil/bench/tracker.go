// Package bench measures end-to-end throughput and inclusion latency of a
// running network: a steady-rate load generator that posts prepared
// transactions over JSON-RPC, a tracker that matches them with the blocks
// that commit them, and in-process networks of Hyperion validators and of
// CometBFT's kvstore example application for comparison.
package bench

import (
	"slices"
	"sync"
	"time"
)

// submission is when and at which committed height a tx was sent.
type submission struct {
	at     time.Time
	height int64
}

// Sample is the inclusion of one transaction.
type Sample struct {
	// Latency runs from the submit call to the commit of the including block.
	Latency time.Duration
	// Blocks is the including height minus the last committed height at
	// submit time (1 means the very next block).
	Blocks int64
}

// Tracker matches submitted transactions with committed blocks. It is safe
// for concurrent use: submitters call Submitted/Abandoned, the commit feed
// calls Committed.
type Tracker struct {
	mu         sync.Mutex
	height     int64
	pending    map[string]submission
	samples    []Sample
	lastCommit time.Time
	blocks     int
}

// NewTracker returns an empty tracker.
func NewTracker() *Tracker {
	return &Tracker{pending: make(map[string]submission)}
}

// Submitted records that the tx with key is about to be sent.
func (t *Tracker) Submitted(key string, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pending[key] = submission{at: at, height: t.height}
}

// Abandoned forgets a tx whose submission failed.
func (t *Tracker) Abandoned(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.pending, key)
}

// Committed records a block committed at time at holding the given tx keys.
// Keys that were never submitted (other traffic) are ignored.
func (t *Tracker) Committed(height int64, at time.Time, keys []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if height > t.height {
		t.height = height
	}
	t.blocks++
	for _, k := range keys {
		sub, ok := t.pending[k]
		if !ok {
			continue
		}
		delete(t.pending, k)
		t.samples = append(t.samples, Sample{Latency: at.Sub(sub.at), Blocks: height - sub.height})
		t.lastCommit = at
	}
}

// Height is the last committed height seen.
func (t *Tracker) Height() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.height
}

// Pending is how many submitted txs are not yet committed.
func (t *Tracker) Pending() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.pending)
}

// Blocks is how many committed blocks the tracker has seen.
func (t *Tracker) Blocks() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.blocks
}

// Samples returns a copy of the inclusion samples and the commit time of the
// last tracked tx.
func (t *Tracker) Samples() ([]Sample, time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Clone(t.samples), t.lastCommit
}

// Percentiles returns the q-quantiles (0 < q <= 1, nearest rank) of the
// samples' latencies and block counts.
func Percentiles(samples []Sample, q float64) (time.Duration, int64) {
	if len(samples) == 0 {
		return 0, 0
	}
	lat := make([]time.Duration, len(samples))
	blk := make([]int64, len(samples))
	for i, s := range samples {
		lat[i], blk[i] = s.Latency, s.Blocks
	}
	slices.Sort(lat)
	slices.Sort(blk)
	idx := nearestRank(len(samples), q)
	return lat[idx], blk[idx]
}

// nearestRank is the 0-based index of the q-quantile of n sorted values.
func nearestRank(n int, q float64) int {
	rank := int(q*float64(n)+0.999999999) - 1
	return min(max(rank, 0), n-1)
}
