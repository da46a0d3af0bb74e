package blockstm

// View is one incarnation's window on multi-version memory: it returns what
// the transaction must see and records every read for validation. A View is
// used by one goroutine.
type View struct {
	mv     *MVMemory
	txn    int
	worker int
	reads  []Read
	yield  func()
}

// TxIndex returns the index of the transaction the view belongs to.
func (v *View) TxIndex() int { return v.txn }

// Worker returns the index of the worker running the incarnation, in
// [0, Options.Workers): per-worker scratch objects may be keyed by it, since
// a worker runs one incarnation at a time.
func (v *View) Worker() int { return v.worker }

// Read returns the value of k for the view's transaction. A ReadDependency
// result is not recorded: the caller must stop and return a
// *DependencyError for its Blocker.
func (v *View) Read(k Key) ReadResult {
	if v.yield != nil {
		v.yield()
	}
	r := v.mv.Read(k, v.txn)
	if r.Status != ReadDependency {
		v.reads = append(v.reads, Read{Key: k, Result: r})
	}
	return r
}

// takeReads returns a right-sized copy of the recorded reads and keeps the
// view's buffer for the worker's next incarnation.
func (v *View) takeReads() []Read {
	out := make([]Read, len(v.reads))
	copy(out, v.reads)
	v.reads = v.reads[:0]
	return out
}
