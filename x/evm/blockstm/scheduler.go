package blockstm

import (
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/hyperion-rollup/hyperion/x/evm/internal/spare"
)

// txState is the lifecycle state of a transaction in the scheduler.
type txState uint8

const (
	stateReady txState = iota
	stateExecuting
	stateExecuted
	stateAborting
)

// taskKind says what a worker must do with a version.
type taskKind uint8

const (
	taskNone taskKind = iota
	taskExecute
	taskValidate
)

type task struct {
	kind    taskKind
	version Version
	from    int64 // taskValidate: the record sequence number when the version began executing
}

// execSeqs are the record sequence numbers of an execution: when it began
// and its record's.
type execSeqs struct{ from, record int64 }

// cacheLine is the padding unit that keeps data written by different
// workers out of one cache line (workers run neighbouring transactions).
const cacheLine = 64

type txStatusFields struct {
	mu          sync.Mutex
	incarnation int
	state       txState
	ranOnce     bool  // finished at least one execution
	readsPred   bool  // the latest execution read a value of txn-1 (View.readsPred)
	recordSeq   int64 // the record sequence number of the latest execution (Engine.records)
	execStart   int64 // the record sequence number when the latest execution began
	// validSeq is the latest successful validation: its incarnation and the
	// record sequence number when it started (packValidation); no lock.
	validSeq atomic.Uint64
}

// txStatus is a transaction's status record, padded to whole cache lines on
// every architecture.
type txStatus struct {
	txStatusFields
	_ [cacheLine - unsafe.Sizeof(txStatusFields{})%cacheLine]byte
}

type txDepsFields struct {
	mu         sync.Mutex
	dependents []int
}

// txDeps is a transaction's dependents list, padded like txStatus.
type txDeps struct {
	txDepsFields
	_ [cacheLine - unsafe.Sizeof(txDepsFields{})%cacheLine]byte
}

// scheduler is the collaborative scheduler of Block-STM: two shared indexes
// hand out the lowest execution and validation tasks to whichever worker
// asks. Validation is gated to the "first wave" prefix (the transactions all
// of whose predecessors finished an execution), so that the first executions
// of a block do not make every later transaction revalidate over and over.
type scheduler struct {
	n      int
	status []txStatus
	deps   []txDeps
	_      [cacheLine]byte

	// The shared indexes and counters, a cache line each: every worker
	// writes them, and a worker reading one should not miss because
	// another worker wrote its neighbour.
	execIdx     atomic.Int64
	_           [cacheLine - 8]byte
	validIdx    atomic.Int64
	_           [cacheLine - 8]byte
	activeTasks atomic.Int64
	_           [cacheLine - 8]byte
	decreaseCnt atomic.Int64
	done        atomic.Bool
	_           [cacheLine - 16]byte

	prefixMu sync.Mutex
	prefix   atomic.Int64 // every tx below has finished an execution
	_        [cacheLine - 16]byte

	idle idleWorkers
}

func newScheduler(n int) *scheduler {
	s := &scheduler{n: n}
	s.status, s.deps = takeRecords(n)
	s.idle.init()
	return s
}

// records are the per-transaction records of one run.
type records struct {
	status []txStatus
	deps   []txDeps
}

// spareRecords keeps the per-transaction records of finished runs for the
// next ones (128 bytes a transaction: at 1,000 transactions a block, a
// garbage collection every few blocks less).
var spareRecords = spare.List[records]{Max: 4}

// takeRecords returns n zero status and dependents records.
func takeRecords(n int) ([]txStatus, []txDeps) {
	r, ok := spareRecords.Take(func(r records) bool { return cap(r.status) >= n })
	if !ok {
		return make([]txStatus, n), make([]txDeps, n)
	}
	return r.status[:n], r.deps[:n]
}

// release clears the scheduler's records and keeps them for the next run;
// nothing may use the scheduler afterwards.
func (s *scheduler) release() {
	if s.status == nil {
		return
	}
	clear(s.status)
	clear(s.deps)
	spareRecords.Put(records{status: s.status, deps: s.deps})
	s.status, s.deps = nil, nil
}

// wakeAll wakes every idle worker (new tasks, done or stop).
func (s *scheduler) wakeAll() { s.idle.wake() }

func (s *scheduler) decreaseExecIdx(to int) {
	for cur := s.execIdx.Load(); int64(to) < cur; cur = s.execIdx.Load() {
		if s.execIdx.CompareAndSwap(cur, int64(to)) {
			break
		}
	}
	s.decreaseCnt.Add(1)
	s.wakeAll()
}

func (s *scheduler) decreaseValidIdx(to int) {
	for cur := s.validIdx.Load(); int64(to) < cur; cur = s.validIdx.Load() {
		if s.validIdx.CompareAndSwap(cur, int64(to)) {
			break
		}
	}
	s.decreaseCnt.Add(1)
	s.wakeAll()
}

// checkDone sets done when no task is left and none is running.
func (s *scheduler) checkDone() {
	observed := s.decreaseCnt.Load()
	n := int64(s.n)
	if s.execIdx.Load() >= n && s.validIdx.Load() >= n && s.activeTasks.Load() == 0 && observed == s.decreaseCnt.Load() {
		s.done.Store(true)
		s.wakeAll()
	}
}

// tryIncarnate moves txn from ready to executing and returns its version.
func (s *scheduler) tryIncarnate(txn int) (Version, bool) {
	st := &s.status[txn]
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.state != stateReady {
		return Version{}, false
	}
	st.state = stateExecuting
	return Version{TxIndex: txn, Incarnation: st.incarnation}, true
}

// nextToExecute takes the next execution index; consumed reports whether an
// index was taken (a miss then may be followed by a hit: try again).
func (s *scheduler) nextToExecute() (t task, consumed bool) {
	if s.execIdx.Load() >= int64(s.n) {
		s.checkDone()
		return task{}, false
	}
	s.activeTasks.Add(1)
	idx := int(s.execIdx.Add(1) - 1)
	if idx < s.n {
		if v, ok := s.tryIncarnate(idx); ok {
			return task{kind: taskExecute, version: v}, true
		}
	}
	s.activeTasks.Add(-1)
	return task{}, idx < s.n
}

// nextToValidate takes the next validation index, like nextToExecute.
func (s *scheduler) nextToValidate() (t task, consumed bool) {
	if s.validIdx.Load() >= int64(s.n) {
		s.checkDone()
		return task{}, false
	}
	s.activeTasks.Add(1)
	idx := int(s.validIdx.Add(1) - 1)
	if idx < s.n {
		st := &s.status[idx]
		st.mu.Lock()
		state, inc, from := st.state, st.incarnation, st.execStart
		st.mu.Unlock()
		if state == stateExecuted {
			return task{kind: taskValidate, version: Version{TxIndex: idx, Incarnation: inc}, from: from}, true
		}
	}
	s.activeTasks.Add(-1)
	return task{}, idx < s.n
}

// nextTask returns the lowest pending task, preferring validation. It
// returns taskNone only when no index could be taken: the worker may sleep.
func (s *scheduler) nextTask() task {
	for {
		consumed := false
		v := s.validIdx.Load()
		if v < s.execIdx.Load() && (v < s.prefix.Load() || s.execIdx.Load() >= int64(s.n)) {
			t, c := s.nextToValidate()
			if t.kind != taskNone {
				return t
			}
			consumed = c
		}
		t, c := s.nextToExecute()
		if t.kind != taskNone || !(c || consumed) || s.done.Load() {
			return t
		}
	}
}

// addDependency registers that txn read an ESTIMATE of blocking. It returns
// false when blocking has executed meanwhile (the read must be retried).
func (s *scheduler) addDependency(txn, blocking int) bool {
	d := &s.deps[blocking]
	d.mu.Lock()
	defer d.mu.Unlock()
	bs := &s.status[blocking]
	bs.mu.Lock()
	executed := bs.state == stateExecuted
	bs.mu.Unlock()
	if executed {
		return false
	}
	st := &s.status[txn]
	st.mu.Lock()
	st.state = stateAborting
	st.mu.Unlock()
	d.dependents = append(d.dependents, txn)
	s.activeTasks.Add(-1)
	return true
}

func (s *scheduler) setReady(txn int) {
	st := &s.status[txn]
	st.mu.Lock()
	st.incarnation++
	st.state = stateReady
	st.mu.Unlock()
}

// finishExecution marks v executed, wakes its dependents and returns the
// validation task of v when it can run at once. readsPred is whether v read
// a value written by the transaction before it.
func (s *scheduler) finishExecution(v Version, wroteNew, readsPred bool, seqs execSeqs) task {
	st := &s.status[v.TxIndex]
	st.mu.Lock()
	st.state = stateExecuted
	st.readsPred, st.recordSeq, st.execStart = readsPred, seqs.record, seqs.from
	first := !st.ranOnce
	st.ranOnce = true
	st.mu.Unlock()
	if first {
		s.advancePrefix()
	}
	d := &s.deps[v.TxIndex]
	d.mu.Lock()
	dependents := d.dependents
	d.dependents = nil
	d.mu.Unlock()
	s.resume(dependents)
	if s.validIdx.Load() > int64(v.TxIndex) {
		if !wroteNew {
			return task{kind: taskValidate, version: v, from: seqs.from}
		}
		s.decreaseValidIdx(v.TxIndex)
	}
	s.activeTasks.Add(-1)
	return task{}
}

func (s *scheduler) resume(dependents []int) {
	if len(dependents) == 0 {
		return
	}
	lowest := s.n
	for _, d := range dependents {
		s.setReady(d)
		lowest = min(lowest, d)
	}
	s.decreaseExecIdx(lowest)
}

// advancePrefix moves the first-wave prefix over every transaction that has
// finished an execution.
func (s *scheduler) advancePrefix() {
	s.prefixMu.Lock()
	defer s.prefixMu.Unlock()
	p := int(s.prefix.Load())
	for p < s.n {
		st := &s.status[p]
		st.mu.Lock()
		ran := st.ranOnce
		st.mu.Unlock()
		if !ran {
			break
		}
		p++
	}
	if int64(p) != s.prefix.Load() {
		s.prefix.Store(int64(p))
		s.wakeAll()
	}
}

// tryValidationAbort moves v from executed to aborting; only one validator
// of a version wins.
func (s *scheduler) tryValidationAbort(v Version) bool {
	st := &s.status[v.TxIndex]
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.incarnation == v.Incarnation && st.state == stateExecuted {
		st.state = stateAborting
		return true
	}
	return false
}

// finishValidation schedules the re-execution of an aborted version and the
// revalidation of every later transaction.
func (s *scheduler) finishValidation(txn int, aborted bool) task {
	if aborted {
		s.setReady(txn)
		s.decreaseValidIdx(txn + 1)
		if s.execIdx.Load() > int64(txn) {
			if v, ok := s.tryIncarnate(txn); ok {
				return task{kind: taskExecute, version: v}
			}
		}
	}
	s.activeTasks.Add(-1)
	return task{}
}

// executed reports whether txn's latest incarnation is executed.
func (s *scheduler) executed(txn int) bool {
	st := &s.status[txn]
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.state == stateExecuted
}

// The per-transaction records must fill whole cache lines.
var (
	_ [0]struct{} = [unsafe.Sizeof(txStatus{}) % cacheLine]struct{}{}
	_ [0]struct{} = [unsafe.Sizeof(txDeps{}) % cacheLine]struct{}{}
)
