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

// idleSpins is how many times a worker that found no task looks at the
// generation before parking: a change within a few microseconds (a
// dependency resolved, a validation index lowered) is then seen without the
// cost of parking and waking a thread.
const idleSpins = 512

// wait blocks until the generation differs from gen, or idleRecheck passed.
// When the recheck timer found the worker still parked with the generation
// unchanged (no wake-up was even issued), it advances the generation itself
// and wait returns that generation; otherwise 0. A task the worker then
// finds while the generation still is the timer's was there with no wake
// issued for it: a lost wake-up. (One whose wake is still on its way, its
// maker descheduled between the change and the wake, looks the same; tests
// rerun a block before calling it lost.)
func (w *idleWorkers) wait(gen uint64) (timerGen uint64) {
	for range idleSpins {
		if w.gen.Load() != gen {
			return 0
		}
	}
	var parked atomic.Bool
	var fired atomic.Uint64
	timer := time.AfterFunc(idleRecheck, func() {
		w.mu.Lock()
		if parked.Load() && w.gen.CompareAndSwap(gen, gen+1) {
			fired.Store(gen + 1)
		}
		w.mu.Unlock()
		w.cond.Broadcast()
	})
	defer timer.Stop()
	w.mu.Lock()
	w.sleepers.Add(1)
	parked.Store(true)
	for w.gen.Load() == gen {
		w.cond.Wait()
	}
	parked.Store(false)
	w.sleepers.Add(-1)
	w.mu.Unlock()
	return fired.Load()
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
