package blockstm

import (
	"sync"

	"github.com/hyperion-rollup/hyperion/x/evm/internal/spare"
)

// deltaLane keeps the delta writes of one key outside its cell, one slot
// per transaction. It is for a key that nearly every transaction adds to
// and few read (the fee vault's balance): in a cell, every transaction's
// write takes the same shard lock and inserts into the same entry array,
// which two cores then pass back and forth; in the lane a transaction
// writes its own slot. The key's full values stay in its cell.
type deltaLane struct {
	key   Key
	slots []laneSlot
}

// laneSlot is one transaction's delta write of the lane's key.
type laneSlot struct {
	word Word
	mu   sync.Mutex
	set  bool
	flag entryFlag // flagDelta, or flagEstimate once the writer aborted
	// Neighbouring transactions run on different workers: one slot per
	// cache line.
	_ [cacheLine - 42]byte
}

// spareLanes keeps the slot arrays of finished blocks, cleared.
var spareLanes = spare.List[[]laneSlot]{Max: 4}

// SetDeltaLane makes the memory keep the delta writes of k in a lane of
// their own instead of k's cell (see deltaLane); reads of k see the same
// values. Call before Run only.
func (m *MVMemory) SetDeltaLane(k Key) {
	n := len(m.lastWritten)
	slots, ok := spareLanes.Take(func(s []laneSlot) bool { return cap(s) >= n })
	if !ok {
		slots = make([]laneSlot, n)
	}
	m.lane = &deltaLane{key: k, slots: slots[:n]}
}

// releaseLane hands the lane's slots to the next block.
func (m *MVMemory) releaseLane() {
	if m.lane == nil {
		return
	}
	s := m.lane.slots[:cap(m.lane.slots)]
	for i := range s {
		s[i].set, s[i].flag, s[i].word = false, 0, Word{}
	}
	spareLanes.Put(s)
	m.lane = nil
}

// holds reports whether k is the lane's key.
func (l *deltaLane) holds(k *Key) bool {
	return l != nil && k[0] == l.key[0] && *k == l.key
}

// record sets txn's slot to the delta its latest incarnation wrote (has
// false: none) and reports whether the slot was empty before a delta.
func (l *deltaLane) record(txn int, word Word, has bool) (wroteNew bool) {
	s := &l.slots[txn]
	s.mu.Lock()
	defer s.mu.Unlock()
	wroteNew = has && !s.set
	s.set, s.flag, s.word = has, flagDelta, word
	return wroteNew
}

// estimate marks txn's delta, if any, as an ESTIMATE.
func (l *deltaLane) estimate(txn int) {
	s := &l.slots[txn]
	s.mu.Lock()
	if s.set {
		s.flag = flagEstimate
	}
	s.mu.Unlock()
}

// sum adds to res the deltas of the transactions between from and txn
// (both excluded), or makes res a dependency on the highest of them whose
// delta is an ESTIMATE.
func (l *deltaLane) sum(from, txn int32, res *ReadResult) {
	var total Word
	has := false
	for i := txn - 1; i > from; i-- {
		s := &l.slots[i]
		s.mu.Lock()
		set, flag, word := s.set, s.flag, s.word
		s.mu.Unlock()
		switch {
		case !set:
		case flag == flagEstimate:
			*res = ReadResult{Status: ReadDependency, Blocker: int(i)}
			return
		default:
			total, has = addWords(total, word), true
		}
	}
	if has {
		res.Delta, res.HasDelta = addWords(res.Delta, total), true
	}
}
