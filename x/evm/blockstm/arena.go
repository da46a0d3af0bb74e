package blockstm

import "sync"

// arenaChunk is how many elements an arena allocates at once.
const arenaChunk = 512

// spareChunks keeps the arrays of finished blocks' arenas for the next
// block: a block's read sets are most of what the engine allocates, and a
// sync.Pool would drop them at every collection (which comes every block or
// two). It keeps at most maxSpareChunks arrays of each kind.
var spareChunks struct {
	mu    sync.Mutex
	reads [][]Read
	keys  [][]Key
}

const maxSpareChunks = 128

func takeSpare[T any](list *[][]T, size int) []T {
	spareChunks.mu.Lock()
	defer spareChunks.mu.Unlock()
	if n := len(*list); n > 0 {
		c := (*list)[n-1]
		*list = (*list)[:n-1]
		return c[:0]
	}
	return make([]T, 0, size)
}

func giveSpare[T any](list *[][]T, chunks [][]T) {
	spareChunks.mu.Lock()
	defer spareChunks.mu.Unlock()
	for _, c := range chunks {
		if len(*list) >= maxSpareChunks {
			return
		}
		*list = append(*list, c[:0])
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
}

// readBuffer returns an empty slice whose room follows the last read set
// taken: appending to it fills the arena until it is full (append then
// moves the reads to their own array).
func (a *arena) readBuffer() []Read {
	if cap(a.reads) < 16 {
		a.reads = takeSpare(&spareChunks.reads, arenaChunk)
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
			a.keySpace = takeSpare(&spareChunks.keys, arenaChunk)
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
	if len(a.keyHdrs) == 0 {
		a.keyHdrs = make([][]Key, arenaChunk/4)
	}
	p := &a.keyHdrs[0]
	a.keyHdrs = a.keyHdrs[1:]
	*p = keys
	return p
}

// readList returns a stable pointer to reads.
func (a *arena) readList(reads []Read) *[]Read {
	if a == nil {
		p := new([]Read)
		*p = reads
		return p
	}
	if len(a.readHdrs) == 0 {
		a.readHdrs = make([][]Read, arenaChunk/4)
	}
	p := &a.readHdrs[0]
	a.readHdrs = a.readHdrs[1:]
	*p = reads
	return p
}

// release hands the arena's arrays to the next block; nothing may use the
// read sets and key lists it gave out afterwards.
func (a *arena) release() {
	giveSpare(&spareChunks.reads, a.readChunks)
	giveSpare(&spareChunks.keys, a.keyChunks)
	*a = arena{}
}
