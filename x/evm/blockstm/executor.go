package blockstm

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// Sentinel errors of the engine.
var (
	// ErrPanic wraps a panic of a transaction that stayed in the final,
	// validated result: a deterministic bug of the transaction function.
	ErrPanic = errors.New("blockstm: transaction panicked")
	// ErrUnresolvedDependency is returned when a transaction still reads an
	// ESTIMATE while every earlier transaction is final: a bug of the engine
	// or of the transaction function.
	ErrUnresolvedDependency = errors.New("blockstm: dependency on a final transaction")
)

// DependencyError is returned by a TxFunc whose read hit an ESTIMATE of an
// earlier transaction (View.Read reports it first).
type DependencyError struct{ Blocker int }

func (e *DependencyError) Error() string {
	return fmt.Sprintf("blockstm: read an estimate of transaction %d", e.Blocker)
}

// TxFunc executes incarnation v of a transaction, reading through view, and
// returns its writes. It returns a *DependencyError after View.Read reported
// ReadDependency; any other error aborts the whole run. It must be a pure
// function of what it read and must not retain view.
type TxFunc func(v Version, view *View) ([]Write, error)

// Options tune a run. The zero value runs one worker with no budget.
type Options struct {
	// Workers is the number of goroutines executing and validating.
	Workers int
	// ExecutionBudget caps the executions of the parallel phase (0: none).
	// When it is exceeded the workers stop, the longest valid prefix is kept
	// and the rest of the block executes in order on one goroutine.
	ExecutionBudget int
	// Yield, when set, is called before every read (tests inject scheduling
	// noise with it).
	Yield func()
	// MaxAbortPercent, when positive, stops the workers like an exceeded
	// ExecutionBudget once more than this percentage of the executions so
	// far (at least abortSample of them, and four per worker) were aborted:
	// a block of conflicting transactions then finishes in order instead of
	// being re-executed.
	// Suspensions on an ESTIMATE do not count: they are how known
	// dependencies (seeded sender chains) are waited for.
	MaxAbortPercent int
	// CallerTail, when set, leaves the sequential tail of a fallback to the
	// caller: Run returns with Stats.FellBack set and Stats.TailFrom the first
	// transaction the caller must execute in order by its own means. The
	// outputs of transactions at or above TailFrom must then be ignored.
	CallerTail bool
	// ChainWindow, when positive and Commit is set, stops the workers like
	// an exceeded ExecutionBudget once more than half of the first
	// ChainWindow transactions, as they are committed during the run, read
	// a value written by the transaction just before (or once the first
	// chainPrefix+1 transactions are one chain), and later once more than
	// half of the last chainSpan*ChainWindow committed ones did (a chain
	// after an independent prefix): the block is a dependency chain, which
	// Block-STM can only run one transaction after the other at a cost, so
	// the rest runs in order. The judgement uses the reads of final
	// incarnations only, so whether a block is a chain does not depend on
	// timing.
	ChainWindow int
	// KnownLink, when set, reports whether transaction txn's dependency on
	// txn-1 is already known (a sender's next nonce, say) and so must not
	// count towards the chain test: known links are waited for, not aborted.
	KnownLink func(txn int) bool
	// KeepReads keeps the read set of every incarnation for LastReads; by
	// default an incarnation that ran while every lower transaction was
	// committed (so it cannot be invalidated) keeps none.
	KeepReads bool
	// Commit, when set, is called by Run's goroutine once for every
	// transaction whose outputs are final, in index order, while the workers
	// still run the later ones (a rolling commit): a transaction is final
	// when every earlier one is and its latest incarnation is executed and
	// valid. With a fallback, Commit is called up to TailFrom. An error
	// stops the run and is returned by Run.
	Commit func(txn int) error
}

// Stats counts what a run did.
type Stats struct {
	Executions  int64 // completed executions, sequential tail included
	Validations int64
	// LoggedValidations counts the validations the change log answered
	// without reading the transaction's reads again.
	LoggedValidations int64
	Aborts            int64 // validations that failed
	Dependencies      int64 // executions suspended on an ESTIMATE
	Panics            int64 // executions that panicked (speculatively or not)
	// IdleRescues counts the tasks found by a parked worker that no wake-up
	// but its recheck timer had woken: each one is a lost wake-up (always
	// zero unless the scheduler misses a wake; tests assert it).
	IdleRescues int64
	FellBack    bool // the execution budget was exceeded
	TailFrom    int  // first transaction of the sequential tail (n when none)
}

// abortSample is the fewest executions MaxAbortPercent judges; a run waits
// for four rounds of its workers when that is more: the first round starts
// every worker on the block's state at once and aborts most.
const abortSample = 32

// Engine runs one block of n transactions.
type Engine struct {
	n     int
	fn    TxFunc
	opts  Options
	mv    *MVMemory
	sched *scheduler

	// Counters every worker writes, apart from the read-mostly fields.
	_                                     [cacheLine]byte
	executions                            atomic.Int64
	_                                     [cacheLine - 8]byte
	validations, loggedValidations        atomic.Int64
	_                                     [cacheLine - 16]byte
	aborts, dependencies, panics, rescues atomic.Int64
	_                                     [cacheLine - 32]byte
	stop                                  atomic.Bool
	stopped                               atomic.Bool // Stop was called
	_                                     [cacheLine - 2]byte

	panicked []atomic.Pointer[error] // per tx: panic of its latest incarnation
	views    []*View                 // per worker, reused across incarnations

	commitMu  sync.Mutex // held by the worker running Options.Commit
	_         [cacheLine - 8]byte
	committed atomic.Int64 // transactions passed to Options.Commit
	_         [cacheLine - 8]byte
	chain     chainTest      // (commitMu)
	validated []atomic.Int64 // per tx: 1 + an incarnation validated once every lower tx was committed
	// committedSeq is the highest record sequence number of the committed
	// transactions' final incarnations (commitMu).
	committedSeq int64
	// records numbers the changes to memory (recorded executions and
	// aborts): a change's number is taken after it is in memory, so a
	// validation that started at or past it saw it.
	_       [cacheLine]byte
	records atomic.Int64
	_       [cacheLine - 8]byte
	log     changeLog

	errMu sync.Mutex
	err   error
}

// NewEngine prepares a run of n transactions executed by fn.
func NewEngine(n int, fn TxFunc, opts Options) *Engine {
	if opts.Workers < 1 {
		opts.Workers = 1
	}
	e := &Engine{n: n, fn: fn, opts: opts, mv: NewMVMemory(n), sched: newScheduler(n), panicked: make([]atomic.Pointer[error], n)}
	if opts.Commit != nil {
		e.validated = make([]atomic.Int64, n)
		e.chain = newChainTest(opts.ChainWindow)
	}
	e.views = make([]*View, opts.Workers)
	for i := range e.views {
		e.views[i] = &View{mv: e.mv, worker: i, yield: opts.Yield}
	}
	return e
}

// Memory returns the engine's multi-version memory (to seed estimates
// before Run, or to inspect read and write sets after it).
func (e *Engine) Memory() *MVMemory { return e.mv }

// Release hands the engine's memory to the next block once its results
// were read; the engine and its memory must not be used afterwards.
func (e *Engine) Release() {
	e.mv.Release()
	for _, v := range e.views {
		v.arena.release()
	}
	e.mv.seeds.release()
	e.sched.release()
}

// Run executes every transaction and returns when each one's latest
// incarnation is valid. The final incarnation of every transaction is the
// one whose outputs the caller must keep.
func (e *Engine) Run() (Stats, error) {
	var wg sync.WaitGroup
	for worker := 1; worker < e.opts.Workers; worker++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.work(worker)
		}()
	}
	e.work(0) // the calling goroutine is a worker: one handoff fewer
	wg.Wait()
	e.sched.wakeAll()
	stats := Stats{TailFrom: e.n}
	if err := e.firstError(); err != nil {
		return e.stats(stats), err
	}
	if e.stop.Load() {
		stats.FellBack = !e.stopped.Load()
		// Committed transactions are final: the tail never starts below them.
		stats.TailFrom = max(e.validPrefix(), int(e.committed.Load()))
		if e.opts.CallerTail {
			if err := e.prefixPanic(stats.TailFrom); err != nil {
				return e.stats(stats), err
			}
			return e.stats(stats), e.commitUpTo(stats.TailFrom)
		}
		if err := e.runTail(stats.TailFrom); err != nil {
			return e.stats(stats), err
		}
	}
	if err := e.finalPanic(); err != nil {
		return e.stats(stats), err
	}
	return e.stats(stats), e.commitUpTo(e.n)
}

func (e *Engine) stats(s Stats) Stats {
	s.Executions, s.Validations, s.Aborts = e.executions.Load(), e.validations.Load(), e.aborts.Load()
	s.LoggedValidations = e.loggedValidations.Load()
	s.Dependencies, s.Panics, s.IdleRescues = e.dependencies.Load(), e.panics.Load(), e.rescues.Load()
	return s
}

func (e *Engine) setError(err error) {
	e.errMu.Lock()
	if e.err == nil {
		e.err = err
	}
	e.errMu.Unlock()
	e.halt()
}

// Stop asks the workers to stop after the incarnation each is running, as
// a fallback does but without counting as one: Run returns with TailFrom
// the first transaction not final, whose tail the caller runs (CallerTail)
// or Run runs in order. It may be called from any goroutine, also after
// Run returned.
func (e *Engine) Stop() {
	e.stopped.Store(true)
	e.halt()
}

// halt stops every worker, waking the idle ones.
func (e *Engine) halt() {
	e.stop.Store(true)
	e.sched.wakeAll()
}

func (e *Engine) firstError() error {
	e.errMu.Lock()
	defer e.errMu.Unlock()
	return e.err
}

// work is one worker's loop. A worker that finds no task spins briefly, then
// sleeps until the scheduler's state changes.
func (e *Engine) work(worker int) {
	var (
		t        task
		timerGen uint64 // the generation the last wait's recheck timer made, or 0
	)
	for !e.sched.done.Load() && !e.stop.Load() {
		switch t.kind {
		case taskExecute:
			t = e.tryExecute(worker, t.version)
		case taskValidate: // commits follow validations, which make them cheap
			txn := t.version.TxIndex
			t = e.validate(worker, t)
			e.tryCommit(worker, txn)
		default:
			gen := e.sched.idle.generation()
			t = e.sched.nextTask()
			if timerGen != 0 && gen == timerGen && t.kind != taskNone {
				e.rescues.Add(1) // found with no change since the timer's wake
			}
			timerGen = 0
			if t.kind == taskNone && worker == 0 {
				e.tryCommit(0, 0) // before parking: what the others validated
			}
			if t.kind == taskNone && !e.sched.done.Load() && !e.stop.Load() {
				timerGen = e.sched.idle.wait(gen)
			}
		}
	}
}

// tryExecute runs one incarnation and records it; a read of an ESTIMATE
// suspends the transaction until its blocker finishes.
func (e *Engine) tryExecute(worker int, v Version) task {
	for {
		// Reads made while every lower transaction is committed see final
		// values only: the incarnation is valid for good.
		lowerFinal := e.validated != nil && e.committed.Load() >= int64(v.TxIndex)
		from := e.records.Load()
		writes, reads, err := e.execute(worker, v, !lowerFinal || e.opts.KeepReads)
		if err != nil {
			dep := dependencyOf(err)
			if dep == nil {
				e.setError(err)
				return task{}
			}
			e.dependencies.Add(1)
			if e.sched.addDependency(v.TxIndex, dep.Blocker) {
				return task{}
			}
			continue // the blocker finished meanwhile: retry
		}
		if n := e.executions.Add(1); e.opts.ExecutionBudget > 0 && n > int64(e.opts.ExecutionBudget) {
			e.halt()
		}
		arena := &e.views[worker].arena
		wroteNew, keys := e.mv.record(v, reads, writes, arena)
		seq := e.records.Add(1)
		e.log.add(arena.change(seq, v.TxIndex, keys))
		if lowerFinal {
			e.validated[v.TxIndex].Store(int64(v.Incarnation) + 1)
		}
		return e.sched.finishExecution(v, wroteNew, e.views[worker].readsPred, execSeqs{from: from, record: seq})
	}
}

// dependencyOf returns the *DependencyError in err's chain, or nil. It is a
// function of its own so that the target errors.As needs escapes only here,
// on the rare error path, not on every execution.
func dependencyOf(err error) *DependencyError {
	var dep *DependencyError
	if errors.As(err, &dep) {
		return dep
	}
	return nil
}

// execute calls the transaction function, turning a panic into an empty
// write set recorded with the reads made so far: if those reads were
// consistent the panic is deterministic and reported by finalCheck. An
// incarnation that reads final values only is valid for good: its reads
// need not be kept (keepReads false).
func (e *Engine) execute(worker int, v Version, keepReads bool) (writes []Write, reads []Read, err error) {
	view := e.views[worker]
	view.begin(v.TxIndex, keepReads)
	defer func() {
		if p := recover(); p != nil {
			e.panics.Add(1)
			e.recordPanic(v.TxIndex, fmt.Errorf("%w: tx %d: %v", ErrPanic, v.TxIndex, p))
			writes, reads, err = nil, view.takeReads(), nil
		}
	}()
	e.clearPanic(v.TxIndex)
	writes, err = e.fn(v, view)
	return writes, view.takeReads(), err
}

// validate checks the read set of t's version and aborts it when stale.
func (e *Engine) validate(worker int, t task) task {
	v := t.version
	e.validations.Add(1)
	if e.validatedFinal(v) {
		return e.sched.finishValidation(v.TxIndex, false)
	}
	lowerFinal := e.validated != nil && e.committed.Load() >= int64(v.TxIndex)
	start := e.records.Load()
	valid := e.readsValid(v.TxIndex, t.from, start)
	if valid && lowerFinal {
		e.validated[v.TxIndex].Store(int64(v.Incarnation) + 1)
	}
	if valid && e.validated != nil {
		e.sched.status[v.TxIndex].validSeq.Store(packValidation(v.Incarnation, start))
	}
	aborted := !valid && e.sched.tryValidationAbort(v)
	if aborted {
		e.mv.ConvertWritesToEstimates(v.TxIndex)
		seq := e.records.Add(1)
		e.log.add(e.views[worker].arena.change(seq, v.TxIndex, e.mv.lastWritten[v.TxIndex].Load()))
		if e.tooManyAborts(e.aborts.Add(1)) {
			e.halt()
		}
	}
	return e.sched.finishValidation(v.TxIndex, aborted)
}

// readsValid reports whether the reads of txn's latest incarnation, which
// began executing at record sequence number from, still return what they
// returned, at sequence number now: through the change log when it can
// tell, else by making them again.
func (e *Engine) readsValid(txn int, from, now int64) bool {
	if e.log.readsUnchanged(txn, from, now, e.mv.LastReads(txn)) {
		e.loggedValidations.Add(1)
		return true
	}
	return e.mv.ValidateReadSet(txn)
}

// packValidation packs a validated incarnation and the record sequence
// number at the validation's start into a txStatus.validSeq; 0 (never a
// match) when they do not fit.
func packValidation(inc int, seq int64) uint64 {
	if inc >= 1<<23 || seq >= 1<<40 {
		return 0
	}
	return uint64(inc+1)<<40 | uint64(seq)
}

// validatedFinal reports whether v was already found valid at a time when
// every lower transaction was committed: nothing can invalidate it since.
func (e *Engine) validatedFinal(v Version) bool {
	return e.validated != nil && e.validated[v.TxIndex].Load() == int64(v.Incarnation)+1
}

// tooManyAborts reports whether aborts exceed Options.MaxAbortPercent.
func (e *Engine) tooManyAborts(aborts int64) bool {
	pct := int64(e.opts.MaxAbortPercent)
	ex := e.executions.Load()
	return pct > 0 && ex >= int64(max(abortSample, 4*e.opts.Workers)) && aborts*100 > ex*pct
}

// validPrefix returns the length of the longest prefix of transactions that
// are executed and whose reads are valid, once the workers stopped.
func (e *Engine) validPrefix() int {
	for i := range e.n {
		if !e.sched.executed(i) || !e.mv.ValidateReadSet(i) {
			return i
		}
	}
	return e.n
}

// runTail executes transactions from..n-1 in order on this goroutine; every
// earlier transaction is final, so no read can meet an ESTIMATE.
func (e *Engine) runTail(from int) error {
	for i := from; i < e.n; i++ {
		st := &e.sched.status[i]
		st.mu.Lock()
		st.incarnation++
		v := Version{TxIndex: i, Incarnation: st.incarnation}
		st.state = stateExecuted
		st.mu.Unlock()
		writes, reads, err := e.execute(0, v, true)
		var dep *DependencyError
		if errors.As(err, &dep) {
			return fmt.Errorf("%w: tx %d on %d", ErrUnresolvedDependency, i, dep.Blocker)
		}
		if err != nil {
			return err
		}
		e.executions.Add(1)
		e.mv.record(v, reads, writes, &e.views[0].arena)
	}
	return nil
}

func (e *Engine) recordPanic(txn int, err error) { e.panicked[txn].Store(&err) }

// clearPanic forgets txn's panic; it reads first, so that the common case
// does not write a cache line shared with neighbouring transactions.
func (e *Engine) clearPanic(txn int) {
	if e.panicked[txn].Load() != nil {
		e.panicked[txn].Store(nil)
	}
}

// finalPanic returns the panic of the lowest transaction whose final
// incarnation panicked.
func (e *Engine) finalPanic() error { return e.prefixPanic(e.n) }

// prefixPanic returns the panic of the lowest transaction below end whose
// final incarnation panicked.
func (e *Engine) prefixPanic(end int) error {
	for i := range end {
		if p := e.panicked[i].Load(); p != nil {
			return *p
		}
	}
	return nil
}
