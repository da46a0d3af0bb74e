package evm

import "github.com/hyperion-rollup/hyperion/x/evm/internal/spare"

// chunkLen is the fewest records a chunk of a chunkSpace holds.
const chunkLen = 256

// chunkSpace hands a worker room for records that outlive the incarnation
// writing them (outcomes keep them until the in-order pass), cut from large
// chunks. The chunks go back to a spare list once the block's in-order pass
// is done, so the next block's workers reuse them instead of allocating a
// block's worth of records again.
type chunkSpace[T any] struct {
	free   []T   // room left in the last chunk
	chunks [][]T // the chunks handed out this block
}

// room returns an empty slice with room for n records.
func (c *chunkSpace[T]) room(n int, spares *spare.List[[]T]) []T {
	if cap(c.free) < n {
		chunk, ok := spares.Take(func(s []T) bool { return cap(s) >= n })
		if !ok {
			chunk = make([]T, 0, max(n, chunkLen))
		}
		c.free = chunk[:0]
		c.chunks = append(c.chunks, chunk[:0])
	}
	return c.free[:0:n]
}

// use marks the first n records of the room as taken.
func (c *chunkSpace[T]) use(n int) { c.free = c.free[n:n] }

// release clears every chunk (records point into the block's state) and
// hands them to spares. Nothing may use the records afterwards.
func (c *chunkSpace[T]) release(spares *spare.List[[]T]) {
	for _, chunk := range c.chunks {
		clear(chunk[:cap(chunk)])
		spares.Put(chunk)
	}
	c.free, c.chunks = nil, c.chunks[:0]
}

// Spare chunks of account and slot writes: about a block's worth for two
// workers (a few records per transaction).
var (
	spareAccountChunks = spare.List[[]accountWrite]{Max: 32}
	spareSlotChunks    = spare.List[[]slotWrite]{Max: 32}
)
