package blockstm

import (
	"sync"
	"sync/atomic"
	"time"
)

// idleWorkers parks workers that found no task until the scheduler's state
// changes. A worker takes the generation before looking for a task and waits
// only while it is unchanged, so a change made in between is never missed.
type idleWorkers struct {
	gen      atomic.Uint64
	sleepers atomic.Int32
	mu       sync.Mutex
	cond     sync.Cond
}

func (w *idleWorkers) init() { w.cond.L = &w.mu }

// generation returns the current state generation.
func (w *idleWorkers) generation() uint64 { return w.gen.Load() }

// idleRecheck bounds a wait: a parked worker looks for a task again after
// it even without a wake. Every state change wakes the workers, so this
// only guards progress against a missed wake; it costs one timer per wait.
const idleRecheck = 2 * time.Millisecond

// wait blocks until the generation differs from gen, or idleRecheck passed.
func (w *idleWorkers) wait(gen uint64) {
	timer := time.AfterFunc(idleRecheck, w.wake)
	defer timer.Stop()
	w.mu.Lock()
	w.sleepers.Add(1)
	for w.gen.Load() == gen {
		w.cond.Wait()
	}
	w.sleepers.Add(-1)
	w.mu.Unlock()
}

// wake advances the generation and wakes the sleeping workers. The
// generation moves under the lock, so a worker between its check and its
// Wait cannot miss the broadcast.
func (w *idleWorkers) wake() {
	if w.sleepers.Load() == 0 {
		w.gen.Add(1) // nobody is parked; a worker about to park sees the change
		if w.sleepers.Load() == 0 {
			return
		}
	}
	w.mu.Lock()
	w.gen.Add(1)
	w.mu.Unlock()
	w.cond.Broadcast()
}
