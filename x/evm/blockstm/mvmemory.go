package blockstm

import (
	"bytes"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/evm/internal/spare"
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

// shard maps keys to cells. The cells live in one slice, reused (with their
// entry arrays) by the next block that takes the shards from the pool.
type shard struct {
	mu    sync.RWMutex
	index map[Key]int32
	cells []cell
}

// cellOf returns the cell of k, or nil. Call with mu held.
func (sh *shard) cellOf(k *Key) *cell {
	if i, ok := sh.index[*k]; ok {
		return &sh.cells[i]
	}
	return nil
}

// newCell adds an empty cell for k, reusing a retired cell's array. Call
// with mu held for writing.
func (sh *shard) newCell(k *Key) *cell {
	n := len(sh.cells)
	if n < cap(sh.cells) {
		sh.cells = sh.cells[:n+1]
		sh.cells[n].entries = sh.cells[n].entries[:0]
	} else {
		sh.cells = append(sh.cells, cell{entries: make([]entry, 0, 2)})
	}
	sh.index[*k] = int32(n)
	return &sh.cells[n]
}

// reset empties the shard, keeping its memory.
func (sh *shard) reset() {
	clear(sh.index)
	sh.cells = sh.cells[:0]
}

// shardSet is the pooled part of a memory: the shards and the filter of
// keys written so far.
type shardSet struct {
	shards  [numShards]shard
	written writtenFilter
}

// spareShards keeps the shards of finished blocks: their maps and entry
// arrays are the bulk of an engine's allocations.
var spareShards = spare.List[*shardSet]{Max: 4}

func getShards() *shardSet {
	if s, ok := spareShards.Take(nil); ok {
		return s
	}
	s := new(shardSet)
	for i := range s.shards {
		s.shards[i].index = make(map[Key]int32)
	}
	return s
}

func putShards(s *shardSet) { spareShards.Put(s) }

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
	HasDelta bool
	Version  Version // writer of the full value (ReadValue)
	Word     Word    // the full value (ReadValue)
	Delta    Word    // sum of the deltas written above the full value
	Blocker  int     // ReadDependency only
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

func addWords(a, b Word) Word {
	var x, y uint256.Int
	x.SetBytes32(a[:])
	y.SetBytes32(b[:])
	x.Add(&x, &y)
	return Word(x.Bytes32())
}

// Read is one recorded read of a transaction's incarnation, reduced to
// what decides whether the transaction would still observe the same: where
// the value came from (the base state or a write, and which transaction's)
// and the value above the base state.
type Read struct {
	Key      Key
	Status   ReadStatus // ReadStorage or ReadValue
	HasDelta bool
	Writer   int32 // ReadValue: the transaction that wrote the full value
	// Word is the full value plus the deltas above it (ReadValue), or the
	// sum of the deltas above the base state (ReadStorage).
	Word Word
}

// recordRead returns the record of a read of k that returned r.
func recordRead(k *Key, r *ReadResult) Read {
	rec := Read{Key: *k, Status: r.Status, HasDelta: r.HasDelta}
	switch {
	case r.Status == ReadValue:
		rec.Writer, rec.Word = int32(r.Version.TxIndex), r.Word
		if r.HasDelta {
			rec.Word = addWords(rec.Word, r.Delta)
		}
	case r.HasDelta:
		rec.Word = r.Delta
	}
	return rec
}

// sameAs reports whether r, a read made now, observes what rec observed:
// the base state or the full value of the same writer, with the same value
// on top. Comparing values and writers rather than incarnations keeps a
// re-execution that rewrote identical values (a same-sender chain after an
// abort of its head) from aborting every later reader; the writer matters
// because a slot's visibility depends on which transaction wrote it
// relative to the account's storage deletions.
func (rec *Read) sameAs(r *ReadResult) bool {
	cur := recordRead(&rec.Key, r)
	return cur == *rec
}

// MVMemory is the multi-version memory: for every key, the values written by
// each transaction's latest incarnation, sharded by key.
type MVMemory struct {
	shards      *shardSet
	lastWritten []atomic.Pointer[[]Key] // per tx: keys of its latest write set
	lastReads   []atomic.Pointer[[]Read]
	seeds       arena      // key lists of SeedEstimates (called before Run only)
	lane        *deltaLane // nil: every delta write goes to its key's cell
}

// NewMVMemory returns an empty memory for n transactions. Release returns
// its memory for the next block.
func NewMVMemory(n int) *MVMemory {
	return &MVMemory{
		shards:      getShards(),
		lastWritten: make([]atomic.Pointer[[]Key], n),
		lastReads:   make([]atomic.Pointer[[]Read], n),
	}
}

// Release empties the memory and hands its shards to the next block. The
// memory must not be used afterwards, and nothing may run on it.
func (m *MVMemory) Release() {
	if m.shards == nil {
		return
	}
	for i := range m.shards.shards {
		m.shards.shards[i].reset()
	}
	m.shards.written.reset()
	putShards(m.shards)
	m.shards = nil
	m.releaseLane()
}

func (m *MVMemory) shard(k *Key) *shard { return &m.shards.shards[shardOf(k)] }

// Read returns the value of k as transaction txn must see it: the writes of
// the highest lower transaction, with deltas summed on top.
func (m *MVMemory) Read(k Key, txn int) ReadResult {
	var res ReadResult
	m.read(&k, int32(txn), &res)
	return res
}

func (m *MVMemory) read(k *Key, txn int32, res *ReadResult) {
	if m.lane.holds(k) {
		m.readLaneKey(k, txn, res)
		return
	}
	m.readCell(k, txn, res)
}

// readLaneKey reads the lane's key: the highest full value below txn from
// its cell, then the lane's deltas above it.
func (m *MVMemory) readLaneKey(k *Key, txn int32, res *ReadResult) {
	m.readCell(k, txn, res)
	from := int32(-1)
	switch res.Status {
	case ReadDependency:
		return
	case ReadValue:
		from = int32(res.Version.TxIndex)
	}
	m.lane.sum(from, txn, res)
}

// readCell reads k from its cell.
func (m *MVMemory) readCell(k *Key, txn int32, res *ReadResult) {
	if !m.shards.written.mayHave(k) {
		return // never written: no lock, no map lookup
	}
	sh := m.shard(k)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	c := sh.cellOf(k)
	if c == nil {
		return
	}
	i := searchEntries(c.entries, txn)
	for i--; i >= 0; i-- {
		e := &c.entries[i]
		switch e.flag {
		case flagEstimate:
			*res = ReadResult{Status: ReadDependency, Blocker: int(e.txn)}
			return
		case flagDelta:
			res.Delta = addWords(res.Delta, e.word)
			res.HasDelta = true
		case flagValue:
			res.Status, res.Word = ReadValue, e.word
			res.Version = Version{TxIndex: int(e.txn), Incarnation: int(e.inc)}
			return
		}
	}
}

// searchEntries returns the position of the first entry of txn or above.
func searchEntries(es []entry, txn int32) int {
	lo, hi := 0, len(es)
	if hi > 0 && es[hi-1].txn < txn {
		return hi // the common case: a read above every writer
	}
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if es[mid].txn < txn {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// Record stores the write set and read set of an incarnation, removing the
// writes of the transaction's previous incarnation that it no longer makes.
// It reports whether a key was written that the previous incarnation did
// not write. The writes may come in any order; a key should appear once.
func (m *MVMemory) Record(v Version, reads []Read, writes []Write) bool {
	wroteNew, _ := m.record(v, reads, writes, nil)
	return wroteNew
}

// record is Record with the key list carved from arena (nil: allocated).
// It also returns the incarnation's key list (nil: no writes, none before).
func (m *MVMemory) record(v Version, reads []Read, writes []Write, arena *arena) (wroteNew bool, keys *[]Key) {
	laneDelta := -1
	for i := range writes {
		flag := flagValue
		if writes[i].Delta {
			if m.lane.holds(&writes[i].Key) {
				laneDelta = i
				continue
			}
			flag = flagDelta
		}
		m.put(&writes[i].Key, entry{txn: int32(v.TxIndex), inc: int32(v.Incarnation), flag: flag, word: writes[i].Word})
	}
	prev := m.lastWritten[v.TxIndex].Load()
	var before []Key
	if prev != nil {
		before = *prev
	}
	wroteNew = len(writes) > 0
	if len(before) > 0 { // a re-execution, or the first one of a seeded transaction
		wroteNew = m.removeStale(v.TxIndex, before, writes)
	}
	if m.lane != nil {
		wroteNew = m.recordLane(v.TxIndex, before, writes, laneDelta) || wroteNew
	}
	keys = prev
	if !sameKeys(before, writes) {
		list := arena.keys(len(writes))
		for i := range writes {
			list[i] = writes[i].Key
		}
		keys = arena.keyList(list)
		m.lastWritten[v.TxIndex].Store(keys)
	}
	m.lastReads[v.TxIndex].Store(arena.readList(reads))
	return wroteNew, keys
}

// recordLane sets txn's lane slot to its delta write writes[at] (at < 0:
// none). A previous incarnation's full value of the lane's key leaves the
// key's cell, which removeStale keeps since the key is written again. It
// reports whether the slot was empty before a delta (a new location).
func (m *MVMemory) recordLane(txn int, prev []Key, writes []Write, at int) bool {
	if at < 0 {
		return m.lane.record(txn, Word{}, false)
	}
	if slices.Contains(prev, m.lane.key) {
		m.remove(&m.lane.key, txn)
	}
	return m.lane.record(txn, writes[at].Word, true)
}

// maxPairwiseKeys bounds the key comparisons removeStale makes pairwise;
// larger write sets are compared through a set.
const maxPairwiseKeys = 256

// removeStale deletes the entries of txn for the keys in prev that writes
// no longer has, and reports whether writes has a key prev lacks.
func (m *MVMemory) removeStale(txn int, prev []Key, writes []Write) bool {
	if len(prev)*len(writes) > maxPairwiseKeys {
		return m.removeStaleBySet(txn, prev, writes)
	}
	for i := range prev {
		if !writesKey(writes, &prev[i]) {
			m.remove(&prev[i], txn)
		}
	}
	for j := range writes {
		if !slices.Contains(prev, writes[j].Key) {
			return true
		}
	}
	return false
}

// removeStaleBySet is removeStale for large write sets.
func (m *MVMemory) removeStaleBySet(txn int, prev []Key, writes []Write) bool {
	now := make(map[Key]struct{}, len(writes))
	for j := range writes {
		now[writes[j].Key] = struct{}{}
	}
	before := make(map[Key]struct{}, len(prev))
	for i := range prev {
		before[prev[i]] = struct{}{}
		if _, ok := now[prev[i]]; !ok {
			m.remove(&prev[i], txn)
		}
	}
	for j := range writes {
		if _, ok := before[writes[j].Key]; !ok {
			return true
		}
	}
	return false
}

// writesKey reports whether writes has a write of k.
func writesKey(writes []Write, k *Key) bool {
	for j := range writes {
		if writes[j].Key == *k {
			return true
		}
	}
	return false
}

// sameKeys reports whether prev lists exactly the keys of writes, in order.
func sameKeys(prev []Key, writes []Write) bool {
	if len(prev) != len(writes) {
		return false
	}
	for i := range prev {
		if prev[i] != writes[i].Key {
			return false
		}
	}
	return true
}

func compareKeys(a, b Key) int { return bytes.Compare(a[:], b[:]) }

func (m *MVMemory) put(k *Key, e entry) {
	m.shards.written.add(k) // before the entry exists: see writtenFilter
	sh := m.shard(k)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	c := sh.cellOf(k)
	if c == nil {
		c = sh.newCell(k)
	}
	i := searchEntries(c.entries, e.txn)
	if i < len(c.entries) && c.entries[i].txn == e.txn {
		c.entries[i] = e
		return
	}
	c.entries = slices.Insert(c.entries, i, e)
}

func (m *MVMemory) remove(k *Key, txn int) {
	sh := m.shard(k)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	c := sh.cellOf(k)
	if c == nil {
		return
	}
	if i := searchEntries(c.entries, int32(txn)); i < len(c.entries) && c.entries[i].txn == int32(txn) {
		c.entries = slices.Delete(c.entries, i, i+1)
	}
}

// SeedEstimates marks keys as about to be written by txn before anything
// runs, so that later readers wait for txn instead of reading stale values
// (known dependencies, such as a same-sender nonce chain). The marks are
// replaced by txn's first recorded write set. Call before Run only.
func (m *MVMemory) SeedEstimates(txn int, keys []Key) {
	keys = append(m.seeds.keys(len(keys))[:0], keys...)
	slices.SortFunc(keys, compareKeys)
	keys = slices.Compact(keys)
	for i := range keys {
		m.put(&keys[i], entry{txn: int32(txn), flag: flagEstimate})
	}
	m.lastWritten[txn].Store(m.seeds.keyList(keys))
}

// ConvertWritesToEstimates marks every write of txn's latest incarnation as
// an ESTIMATE, after the incarnation was aborted.
func (m *MVMemory) ConvertWritesToEstimates(txn int) {
	p := m.lastWritten[txn].Load()
	if p == nil {
		return
	}
	for i := range *p {
		k := &(*p)[i]
		if m.lane.holds(k) {
			m.lane.estimate(txn)
		}
		sh := m.shard(k)
		sh.mu.Lock()
		if c := sh.cellOf(k); c != nil {
			if j := searchEntries(c.entries, int32(txn)); j < len(c.entries) && c.entries[j].txn == int32(txn) {
				c.entries[j].flag = flagEstimate
			}
		}
		sh.mu.Unlock()
	}
}

// ValidateReadSet reports whether every read of txn's latest incarnation
// would still return the same values.
func (m *MVMemory) ValidateReadSet(txn int) bool {
	p := m.lastReads[txn].Load()
	if p == nil {
		return true
	}
	var cur ReadResult
	for i := range *p {
		r := &(*p)[i]
		cur = ReadResult{}
		m.read(&r.Key, int32(txn), &cur)
		if cur.Status == ReadDependency || !r.sameAs(&cur) {
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

// LastWrites returns the keys of txn's latest recorded write set, in the
// order they were written.
func (m *MVMemory) LastWrites(txn int) []Key {
	if p := m.lastWritten[txn].Load(); p != nil {
		return *p
	}
	return nil
}
