package evm

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/ethereum/go-ethereum/core/types"
)

// bloomFollower computes the log blooms of a head-lane block's receipts on
// the engine's goroutine once the engine returned, while the head lane
// still commits the rest: the core the engine leaves idle does the keccaks
// that would otherwise lengthen the engine's worker (a bloom per outcome)
// or the head lane (a bloom per receipt), both on the block's critical
// path. The head lane publishes each receipt it appends; the follower and,
// at the end, the head lane claim receipts one at a time, so each bloom is
// computed exactly once.
type bloomFollower struct {
	// receipts is the builder's receipt array with room for the whole
	// block, fixed before the lanes start: appends never move it, and an
	// element below published is written once and read after.
	receipts  []*types.Receipt
	before    []*types.Receipt // the builder's receipts before the follow (nil when none)
	published atomic.Int64     // receipts [0, published) are appended
	next      atomic.Int64     // the next receipt to claim
	closed    atomic.Bool      // no receipt comes after published
	running   sync.WaitGroup
}

// followBlooms returns a follower of b's receipts from the next one on,
// with room for n more (nil when Finish computes the blooms: DeferBlooms).
// b's receipts get no bloom from now on until finish.
func followBlooms(b *BlockBuilder, n int) *bloomFollower {
	if b.bloomsAtFinish {
		return nil
	}
	b.bloomsLater = true
	first, before := len(b.receipts), b.receipts
	b.receipts = slices.Grow(b.receipts, n)
	f := &bloomFollower{receipts: b.receipts[:cap(b.receipts)], before: before}
	f.published.Store(int64(first))
	f.next.Store(int64(first))
	f.running.Add(1) // start's, which may begin after finish
	return f
}

// publish makes the receipts b appended so far available to the follower.
func (f *bloomFollower) publish(b *BlockBuilder) {
	if f != nil {
		f.published.Store(int64(len(b.receipts)))
	}
}

// start runs the follower on the calling goroutine until finish closes it.
// It must be called once.
func (f *bloomFollower) start() {
	if f == nil {
		return
	}
	defer f.running.Done()
	var c bloomCache
	for f.claim(&c) {
	}
}

// claim computes the bloom of the next published receipt, waiting for one
// while the head lane appends; it reports false once none is left.
func (f *bloomFollower) claim(c *bloomCache) bool {
	for {
		closed := f.closed.Load() // before published: a close follows its last publish
		j, top := f.next.Load(), f.published.Load()
		switch {
		case j < top:
			if f.next.CompareAndSwap(j, j+1) {
				if r := f.receipts[j]; len(r.Logs) > 0 {
					r.Bloom = c.logsBloom(r.Logs)
				}
			}
			return true
		case closed:
			return false
		}
		runtime.Gosched()
	}
}

// finish ends the follow on the head lane's goroutine: it publishes b's
// last receipts, claims those the follower has not reached, waits for the
// follower to stop, and gives b's receipts their blooms at once again.
func (f *bloomFollower) finish(b *BlockBuilder) {
	if f == nil {
		return
	}
	f.publish(b)
	f.closed.Store(true)
	for f.claim(&b.blooms) {
	}
	f.running.Wait()
	b.bloomsLater = false
	if len(b.receipts) == len(f.before) {
		b.receipts = f.before // no receipt came: nil stays nil, as in order
	}
}
