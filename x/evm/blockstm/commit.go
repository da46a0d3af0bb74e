package blockstm

// tryCommit passes the transactions that became final to Options.Commit, in
// order, unless another worker is doing so (the next task of any worker
// commits what this one leaves; Run commits the rest at the end). Worker 0
// commits; another worker, having validated txn, only when the commit
// trails txn by commitLag rounds of the workers: Commit writes the caller's
// block state, which then stays in one core's cache instead of moving
// between cores with every transaction.
func (e *Engine) tryCommit(worker, txn int) {
	if e.opts.Commit == nil {
		return
	}
	if worker != 0 && int64(txn) < e.committed.Load()+int64(commitLag*e.opts.Workers) {
		return
	}
	if !e.commitMu.TryLock() {
		return
	}
	defer e.commitMu.Unlock()
	for c := int(e.committed.Load()); c < e.n && !e.stop.Load(); c++ {
		final, readsPred, seq := e.final(c)
		if !final {
			return
		}
		e.committedSeq = max(e.committedSeq, seq)
		if err := e.opts.Commit(c); err != nil {
			e.setError(err)
			return
		}
		e.committed.Store(int64(c + 1))
		known := readsPred && e.opts.KnownLink != nil && c > 0 && e.opts.KnownLink(c)
		if e.chain.detected(c, readsPred && !known) {
			e.halt()
		}
	}
}

// commitLag is how many rounds of the workers the rolling commit may trail
// a validation before a worker other than worker 0 commits.
const commitLag = 2

// chainPrefix is the index of the committed transaction at which a block
// whose every transaction so far read its predecessor is judged a chain,
// before the window is complete.
const chainPrefix = 3

// chainSpan is the length, in chain windows, of the rolling window judged
// once the first window is committed: long enough that a block where a
// random quarter of the transactions read their predecessor practically
// never shows a majority in it (below 1e-5 per position with the smallest
// span, 64; a third would trip it in a few percent of blocks, which then
// finish in order), short enough to end a chain that follows an
// independent prefix after a few dozen transactions.
const chainSpan = 4

// chainTest judges whether committed transactions form a dependency chain
// (Options.ChainWindow).
type chainTest struct {
	window int    // Options.ChainWindow; 0: off
	links  []bool // per committed tx, ring of chainSpan windows: it read its predecessor
	count  int    // set entries of links
}

func newChainTest(window int) chainTest {
	if window <= 0 {
		return chainTest{}
	}
	return chainTest{window: window, links: make([]bool, chainSpan*window)}
}

// detected counts committed transaction c, which read its predecessor's
// write when linked (a known link excluded), and reports whether the block
// is a chain: more than half of the first window linked (known before the
// window is full), or the first chainPrefix+1 transactions all, or more
// than half of the last chainSpan windows.
func (t *chainTest) detected(c int, linked bool) bool {
	if t.window == 0 {
		return false
	}
	slot := &t.links[c%len(t.links)]
	if *slot {
		t.count--
	}
	if *slot = linked; linked {
		t.count++
	}
	switch {
	case c == chainPrefix && t.count == c:
		return true // every transaction so far read its predecessor
	case c < t.window:
		return 2*t.count > t.window
	default:
		return 2*t.count > len(t.links)
	}
}

// final reports whether transaction c, all of whose predecessors are
// committed, is final: its latest incarnation is executed, did not panic,
// and read what the committed transactions wrote (checked now, unless a
// validation that started after they were committed already did). Nothing
// can abort it afterwards, since every value it read is final. It also
// returns whether that incarnation read a value of transaction c-1, and the
// sequence number of its record.
func (e *Engine) final(c int) (final, readsPred bool, seq int64) {
	st := &e.sched.status[c]
	st.mu.Lock()
	inc, state, from := st.incarnation, st.state, st.execStart
	st.mu.Unlock()
	if state != stateExecuted || e.panicked[c].Load() != nil {
		return false, false, 0
	}
	if !e.validatedAfterLower(c, inc) && !e.readsValid(c, from, e.records.Load()) {
		return false, false, 0
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.incarnation == inc && st.state == stateExecuted, st.readsPred, st.recordSeq
}

// validatedAfterLower reports whether incarnation inc of c, every lower
// transaction being committed, was found valid by a validation that saw
// their final writes: one made once they were committed, or one that
// started after the record of each one's final incarnation (no lower write
// can have changed since). Call with commitMu held.
func (e *Engine) validatedAfterLower(c, inc int) bool {
	if e.validatedFinal(Version{TxIndex: c, Incarnation: inc}) {
		return true
	}
	v := e.sched.status[c].validSeq.Load()
	return v>>40 == uint64(inc+1) && int64(v&(1<<40-1)) >= e.committedSeq
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
