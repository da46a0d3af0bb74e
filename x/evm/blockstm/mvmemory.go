package blockstm

import (
	"bytes"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/holiman/uint256"
)

const numShards = 256

// Version identifies one execution of a transaction.
type Version struct {
	TxIndex     int
	Incarnation int
}

// entryFlag says what a multi-version entry holds.
type entryFlag uint8

const (
	flagValue    entryFlag = iota // a full value
	flagDelta                     // an amount added to the value below it
	flagEstimate                  // the writer was aborted: its value is unknown
)

type entry struct {
	txn  int32
	inc  int32
	flag entryFlag
	word Word
}

// cell holds the versions of one key, sorted by transaction index.
type cell struct{ entries []entry }

type shard struct {
	mu    sync.RWMutex
	cells map[Key]*cell
}

// Write is one location written by a transaction. A Delta write adds Word
// (mod 2^256) to the value below it instead of replacing it.
type Write struct {
	Key   Key
	Word  Word
	Delta bool
}

// ReadStatus says where a read found its value.
type ReadStatus uint8

// Outcomes of a read.
const (
	ReadStorage    ReadStatus = iota // no earlier transaction wrote a full value: use the base state (plus Delta)
	ReadValue                        // a full value written by Version (plus Delta)
	ReadDependency                   // an ESTIMATE of transaction Blocker: abort or wait
)

// ReadResult is what multi-version memory returned for one read.
type ReadResult struct {
	Status   ReadStatus
	Version  Version // writer of the full value (ReadValue)
	Word     Word    // the full value (ReadValue)
	Delta    Word    // sum of the deltas written above the full value
	HasDelta bool
	Blocker  int // ReadDependency only
}

// Resolve returns the value the read observed, given the base value used
// when Status is ReadStorage.
func (r *ReadResult) Resolve(base Word) Word {
	v := base
	if r.Status == ReadValue {
		v = r.Word
	}
	if r.HasDelta {
		v = addWords(v, r.Delta)
	}
	return v
}

// sameAs reports whether two reads of one key observed the same value:
// the same full value (whoever wrote it, in whichever incarnation) or both
// the base state, with the same sum of deltas on top. Comparing values
// rather than versions keeps a re-execution that rewrote identical values
// (a same-sender chain after an abort of its head) from aborting every
// later reader; a transaction is a pure function of the values it read.
func (r *ReadResult) sameAs(o *ReadResult) bool {
	if r.Status != o.Status || r.HasDelta != o.HasDelta || r.Delta != o.Delta {
		return false
	}
	return r.Status != ReadValue || r.Word == o.Word
}

func addWords(a, b Word) Word {
	var x, y uint256.Int
	x.SetBytes32(a[:])
	y.SetBytes32(b[:])
	x.Add(&x, &y)
	return Word(x.Bytes32())
}

// Read is one recorded read of a transaction's incarnation.
type Read struct {
	Key    Key
	Result ReadResult
}

// MVMemory is the multi-version memory: for every key, the values written by
// each transaction's latest incarnation, sharded by key.
type MVMemory struct {
	shards      [numShards]shard
	lastWritten []atomic.Pointer[[]Key] // per tx: keys of its latest write set, sorted
	lastReads   []atomic.Pointer[[]Read]
}

// NewMVMemory returns an empty memory for n transactions.
func NewMVMemory(n int) *MVMemory {
	m := &MVMemory{
		lastWritten: make([]atomic.Pointer[[]Key], n),
		lastReads:   make([]atomic.Pointer[[]Read], n),
	}
	hint := n * 4 / numShards // a transaction writes a handful of keys
	for i := range m.shards {
		m.shards[i].cells = make(map[Key]*cell, hint)
	}
	return m
}

// Read returns the value of k as transaction txn must see it: the writes of
// the highest lower transaction, with deltas summed on top.
func (m *MVMemory) Read(k Key, txn int) ReadResult {
	sh := &m.shards[shardOf(&k)]
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	var res ReadResult
	c := sh.cells[k]
	if c == nil {
		return res
	}
	i, _ := slices.BinarySearchFunc(c.entries, int32(txn), func(e entry, t int32) int { return int(e.txn - t) })
	for i--; i >= 0; i-- {
		e := &c.entries[i]
		switch e.flag {
		case flagEstimate:
			return ReadResult{Status: ReadDependency, Blocker: int(e.txn)}
		case flagDelta:
			res.Delta = addWords(res.Delta, e.word)
			res.HasDelta = true
		case flagValue:
			res.Status, res.Word = ReadValue, e.word
			res.Version = Version{TxIndex: int(e.txn), Incarnation: int(e.inc)}
			return res
		}
	}
	return res
}

// Record stores the write set and read set of an incarnation, removing the
// writes of the transaction's previous incarnation that it no longer makes.
// It reports whether a key was written that the previous incarnation did
// not write.
func (m *MVMemory) Record(v Version, reads []Read, writes []Write) bool {
	slices.SortFunc(writes, func(a, b Write) int { return bytes.Compare(a.Key[:], b.Key[:]) })
	keys := make([]Key, len(writes))
	for i := range writes {
		keys[i] = writes[i].Key
		flag := flagValue
		if writes[i].Delta {
			flag = flagDelta
		}
		m.put(writes[i].Key, entry{txn: int32(v.TxIndex), inc: int32(v.Incarnation), flag: flag, word: writes[i].Word})
	}
	wroteNew := false
	var prev []Key
	if p := m.lastWritten[v.TxIndex].Load(); p != nil {
		prev = *p
	}
	for _, k := range keys {
		if _, found := slices.BinarySearchFunc(prev, k, compareKeys); !found {
			wroteNew = true
		}
	}
	for _, k := range prev {
		if _, found := slices.BinarySearchFunc(keys, k, compareKeys); !found {
			m.remove(k, v.TxIndex)
		}
	}
	m.lastWritten[v.TxIndex].Store(&keys)
	m.lastReads[v.TxIndex].Store(&reads)
	return wroteNew
}

func compareKeys(a, b Key) int { return bytes.Compare(a[:], b[:]) }

func (m *MVMemory) put(k Key, e entry) {
	sh := &m.shards[shardOf(&k)]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	c := sh.cells[k]
	if c == nil {
		c = &cell{entries: make([]entry, 0, 2)}
		sh.cells[k] = c
	}
	i, found := slices.BinarySearchFunc(c.entries, e.txn, func(x entry, t int32) int { return int(x.txn - t) })
	if found {
		c.entries[i] = e
		return
	}
	c.entries = slices.Insert(c.entries, i, e)
}

func (m *MVMemory) remove(k Key, txn int) {
	sh := &m.shards[shardOf(&k)]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	c := sh.cells[k]
	if c == nil {
		return
	}
	if i, found := slices.BinarySearchFunc(c.entries, int32(txn), func(x entry, t int32) int { return int(x.txn - t) }); found {
		c.entries = slices.Delete(c.entries, i, i+1)
	}
}

// SeedEstimates marks keys as about to be written by txn before anything
// runs, so that later readers wait for txn instead of reading stale values
// (known dependencies, such as a same-sender nonce chain). The marks are
// replaced by txn's first recorded write set. Call before Run only.
func (m *MVMemory) SeedEstimates(txn int, keys []Key) {
	keys = slices.Clone(keys)
	slices.SortFunc(keys, compareKeys)
	keys = slices.Compact(keys)
	for _, k := range keys {
		m.put(k, entry{txn: int32(txn), flag: flagEstimate})
	}
	m.lastWritten[txn].Store(&keys)
}

// ConvertWritesToEstimates marks every write of txn's latest incarnation as
// an ESTIMATE, after the incarnation was aborted.
func (m *MVMemory) ConvertWritesToEstimates(txn int) {
	p := m.lastWritten[txn].Load()
	if p == nil {
		return
	}
	for _, k := range *p {
		sh := &m.shards[shardOf(&k)]
		sh.mu.Lock()
		if c := sh.cells[k]; c != nil {
			if i, found := slices.BinarySearchFunc(c.entries, int32(txn), func(x entry, t int32) int { return int(x.txn - t) }); found {
				c.entries[i].flag = flagEstimate
			}
		}
		sh.mu.Unlock()
	}
}

// ValidateReadSet reports whether every read of txn's latest incarnation
// would still return the same versions.
func (m *MVMemory) ValidateReadSet(txn int) bool {
	p := m.lastReads[txn].Load()
	if p == nil {
		return true
	}
	for i := range *p {
		r := &(*p)[i]
		cur := m.Read(r.Key, txn)
		if cur.Status == ReadDependency || !cur.sameAs(&r.Result) {
			return false
		}
	}
	return true
}

// LastReads returns the read set of txn's latest recorded incarnation.
func (m *MVMemory) LastReads(txn int) []Read {
	if p := m.lastReads[txn].Load(); p != nil {
		return *p
	}
	return nil
}

// LastWrites returns the keys of txn's latest recorded write set, sorted.
func (m *MVMemory) LastWrites(txn int) []Key {
	if p := m.lastWritten[txn].Load(); p != nil {
		return *p
	}
	return nil
}
