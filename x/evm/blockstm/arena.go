package blockstm

import "github.com/hyperion-rollup/hyperion/x/evm/internal/spare"

// arenaChunk is how many elements an arena allocates at once.
const arenaChunk = 512

// spareReads and spareKeys keep the arrays of finished blocks' arenas for
// the next block: a block's read sets are most of what the engine
// allocates.
var (
	spareReads = spare.List[[]Read]{Max: maxSpareChunks}
	spareKeys  = spare.List[[]Key]{Max: maxSpareChunks}
)

const maxSpareChunks = 128

// takeChunk returns an empty array of size elements, a spare one if list
// has one.
func takeChunk[T any](list *spare.List[[]T], size int) []T {
	if c, ok := list.Take(nil); ok {
		return c[:0]
	}
	return make([]T, 0, size)
}

// giveChunks keeps chunks in list while it has room.
func giveChunks[T any](list *spare.List[[]T], chunks [][]T) {
	for _, c := range chunks {
		if !list.Put(c[:0]) {
			return
		}
	}
}

// arena hands out the read sets and key lists of one worker's incarnations
// from large arrays, so that recording an incarnation allocates nothing in
// the common case. Memory is never reused within a block: a validator may
// still be reading a read set the worker has replaced. A nil arena
// allocates every list on its own.
type arena struct {
	reads      []Read // free room for the next read set (len 0)
	keySpace   []Key
	keyHdrs    [][]Key
	readHdrs   [][]Read
	readChunks [][]Read // every array handed out, for release
	keyChunks  [][]Key
	changes    []change // free room for the next logged change
}

// readBuffer returns an empty slice whose room follows the last read set
// taken: appending to it fills the arena until it is full (append then
// moves the reads to their own array).
func (a *arena) readBuffer() []Read {
	if cap(a.reads) < 16 {
		a.reads = takeChunk(&spareReads, arenaChunk)
		a.readChunks = append(a.readChunks, a.reads)
	}
	return a.reads[:0]
}

// takeReads closes a read set built from readBuffer and returns it.
func (a *arena) takeReads(reads []Read) []Read {
	n := len(reads)
	if n > 0 && &reads[0] == &a.reads[:1][0] {
		a.reads = a.reads[n:n] // the set stayed in the arena: keep it there
	}
	return reads[:n:n]
}

// keys returns a slice of n keys.
func (a *arena) keys(n int) []Key {
	if a == nil {
		return make([]Key, n)
	}
	if cap(a.keySpace) < n {
		if n > arenaChunk {
			a.keySpace = make([]Key, 0, n)
		} else {
			a.keySpace = takeChunk(&spareKeys, arenaChunk)
			a.keyChunks = append(a.keyChunks, a.keySpace)
		}
	}
	out := a.keySpace[:n:n]
	a.keySpace = a.keySpace[n:n]
	return out
}

// keyList returns a stable pointer to keys.
func (a *arena) keyList(keys []Key) *[]Key {
	if a == nil {
		p := new([]Key) // not &keys: that would move every caller's keys to the heap
		*p = keys
		return p
	}
	return header(&a.keyHdrs, keys)
}

// readList returns a stable pointer to reads.
func (a *arena) readList(reads []Read) *[]Read {
	if a == nil {
		p := new([]Read)
		*p = reads
		return p
	}
	return header(&a.readHdrs, reads)
}

// header stores items in the next free slice header of hdrs (a chunk of
// them allocated when none is left) and returns its address.
func header[T any](hdrs *[][]T, items []T) *[]T {
	if len(*hdrs) == 0 {
		*hdrs = make([][]T, arenaChunk/4)
	}
	p := &(*hdrs)[0]
	*hdrs = (*hdrs)[1:]
	*p = items
	return p
}

// change returns a new logged change of txn; a nil arena allocates it.
func (a *arena) change(seq int64, txn int, keys *[]Key) *change {
	var c *change
	if a == nil {
		c = new(change)
	} else {
		if len(a.changes) == 0 {
			a.changes = make([]change, arenaChunk/4)
		}
		c = &a.changes[0]
		a.changes = a.changes[1:]
	}
	*c = change{seq: seq, txn: int32(txn), keys: keys}
	return c
}

// release hands the arena's arrays to the next block; nothing may use the
// read sets and key lists it gave out afterwards.
func (a *arena) release() {
	giveChunks(&spareReads, a.readChunks)
	giveChunks(&spareKeys, a.keyChunks)
	*a = arena{}
}
