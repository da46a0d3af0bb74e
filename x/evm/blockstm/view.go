package blockstm

// View is one incarnation's window on multi-version memory: it returns what
// the transaction must see and records every read for validation. A View is
// used by one goroutine.
type View struct {
	mv     *MVMemory
	txn    int
	worker int
	reads  []Read
	keep   bool // record the reads (see Engine.execute)
	// readsPred is set when a read returned a full value written by the
	// transaction just before (the chain test's signal, kept without a
	// read set).
	readsPred bool
	yield     func()
	arena     arena // the worker's read sets and key lists
	// Views of different workers are written all the time: keep the next
	// allocated view's fields out of this one's last cache line.
	_ [cacheLine]byte
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
	var r ReadResult
	v.ReadInto(&k, &r)
	return r
}

// ReadInto is Read without copying the key and the result: it stores the
// result of k in r, which must be zero.
func (v *View) ReadInto(k *Key, r *ReadResult) {
	if v.yield != nil {
		v.yield()
	}
	v.mv.read(k, int32(v.txn), r)
	if r.Status == ReadValue && r.Version.TxIndex == v.txn-1 {
		v.readsPred = true
	}
	if v.keep && r.Status != ReadDependency {
		v.reads = append(v.reads, recordRead(k, r))
	}
}

// begin starts the read set of an incarnation of txn; keep false records
// none.
func (v *View) begin(txn int, keep bool) {
	v.txn, v.keep, v.readsPred = txn, keep, false
	v.reads = v.arena.readBuffer()
}

// takeReads returns the recorded reads, which stay valid for the block.
func (v *View) takeReads() []Read {
	out := v.arena.takeReads(v.reads)
	v.reads = nil
	return out
}
