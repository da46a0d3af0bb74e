package blockstm

// tryCommit passes the transactions that became final to Options.Commit, in
// order, unless another worker is doing so (the next task of any worker
// commits what this one leaves; Run commits the rest at the end).
func (e *Engine) tryCommit() {
	if e.opts.Commit == nil || !e.commitMu.TryLock() {
		return
	}
	defer e.commitMu.Unlock()
	for c := int(e.committed.Load()); c < e.n && !e.stop.Load() && e.final(c); c++ {
		if err := e.opts.Commit(c); err != nil {
			e.setError(err)
			return
		}
		e.committed.Store(int64(c + 1))
		if c < e.opts.ChainWindow && e.chainDetected(c) {
			e.halt()
		}
	}
}

// chainDetected counts committed transaction c towards the chain window
// and reports whether more than half of the window is known to read its
// predecessor, or the first chainPrefix+1 transactions form one chain.
func (e *Engine) chainDetected(c int) bool {
	known := e.opts.KnownLink != nil && c > 0 && e.opts.KnownLink(c)
	if !known && readsPredecessor(e.mv.LastReads(c), c) {
		e.chained++
	}
	if c == chainPrefix && e.chained == c {
		return true // every transaction so far read its predecessor
	}
	return 2*e.chained > e.opts.ChainWindow // known before the window is full
}

// chainPrefix is the index of the committed transaction at which a block
// whose every transaction so far read its predecessor is judged a chain,
// before the window is complete.
const chainPrefix = 3

// readsPredecessor reports whether reads include a value written by
// transaction c-1.
func readsPredecessor(reads []Read, c int) bool {
	for i := range reads {
		if reads[i].Status == ReadValue && int(reads[i].Writer) == c-1 {
			return true
		}
	}
	return false
}

// final reports whether transaction c, all of whose predecessors are
// committed, is final: its latest incarnation is executed, did not panic,
// and read what the committed transactions wrote (checked now, unless a
// validation that started after they were committed already did). Nothing
// can abort it afterwards, since every value it read is final.
func (e *Engine) final(c int) bool {
	st := &e.sched.status[c]
	st.mu.Lock()
	inc, state := st.incarnation, st.state
	st.mu.Unlock()
	if state != stateExecuted || e.panicked[c].Load() != nil {
		return false
	}
	if e.validated[c].Load() != int64(inc)+1 && !e.mv.ValidateReadSet(c) {
		return false
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.incarnation == inc && st.state == stateExecuted
}

// commitUpTo commits the transactions below end not yet committed, once
// the workers exited (every one of them is final).
func (e *Engine) commitUpTo(end int) error {
	if e.opts.Commit == nil {
		return nil
	}
	for c := int(e.committed.Load()); c < end; c++ {
		if err := e.opts.Commit(c); err != nil {
			return err
		}
		e.committed.Store(int64(c + 1))
	}
	return nil
}
