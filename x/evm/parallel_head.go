// The head lane of the parallel executor: the calling goroutine executes the
// first part of the block in order on the builder, at the sequential path's
// cost, while the engine's workers execute the rest over the state below the
// block. The rest is then committed in order, each transaction's reads
// checked against the builder's state: a transaction whose reads no longer
// hold (the head, or a transaction executed again, changed what it read) is
// executed again in order there. When the head catches up with a one-worker
// engine it stops it and executes what is left itself.

package evm

import (
	"runtime"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/hyperion-rollup/hyperion/x/evm/blockstm"
)

// defaultHeadPercent is the share of a two-worker block's gas the head lane
// takes. The engine's worker costs more per transaction than the head (on
// the VM ~14.5 against ~12 us of wall time per solc ERC-20 transfer, the
// lanes side by side), and the head also commits the rest (~2.5-3 us per
// transaction, with one core idle). With the blooms left to the engine's
// idle core (bloomFollower), medians of five VM runs of the independent
// ERC-20 block: 46 % 9.83 ms, 50 % 9.47, 52 % 9.80, 54 % 9.26, 55 % 9.19,
// 58 % 9.26; distinct senders: 10.07 (50 %), 9.79 (54 %), 9.66 (55 %),
// 9.71 (58 %). Below the balance the takeover limits the loss.
const defaultHeadPercent = 55

// maxSharedSenders is the share of the engine's transactions, as a
// divisor, that may have a sender the head also has: past one in eight the
// block runs without a head lane. The head moves those senders' balances in
// the contract state too (a token's balance, say), which only executing
// them again in order would see.
const maxSharedSenders = 8

// headLength returns how many leading transactions the head lane executes,
// or 0 for none (always with RecordDependencies): pct percent of the block's
// gas (ParallelOptions.HeadPercent) when set, otherwise, at two workers, defaultHeadPercent of it unless the
// executor's history or the block's senders say the rest would mostly be
// executed again.
func (p *parallelBlock) headLength(opts ParallelOptions) int {
	switch {
	case opts.RecordDependencies || opts.HeadPercent < 0:
		return 0 // the dependency graph needs the engine over the whole block
	case opts.HeadPercent > 0:
		return gasPrefix(p.txs, min(opts.HeadPercent, 100))
	case opts.Workers != 2:
		return 0
	case opts.Fallbacks.skipHead():
		return 0
	}
	k := gasPrefix(p.txs, defaultHeadPercent)
	if p.sharedSenders(k)*maxSharedSenders > len(p.txs)-k {
		return 0
	}
	return k
}

// gasPrefix returns how many leading transactions hold pct percent of the
// block's gas limits, leaving at least one to the engine.
func gasPrefix(txs []*types.Transaction, pct int) int {
	var total uint64
	for _, tx := range txs {
		total += tx.Gas() // sequentialReason checked the sum fits
	}
	want := total / 100 * uint64(pct)
	var sum uint64
	for i, tx := range txs {
		if sum += tx.Gas(); sum > want {
			return min(i, len(txs)-1)
		}
	}
	return len(txs) - 1
}

// sharedSenders counts the transactions from k on whose sender also sends
// one of the first k.
func (p *parallelBlock) sharedSenders(k int) int {
	seen := takeSeen()
	defer putSeen(seen)
	for i := range k {
		if p.fromOK[i] {
			seen[p.from[i]] = senderSeen{}
		}
	}
	shared := 0
	for i := k; i < len(p.txs); i++ {
		if _, ok := seen[p.from[i]]; ok && p.fromOK[i] {
			shared++
		}
	}
	return shared
}

// runWithHead executes the block with a head lane of the first k
// transactions on this goroutine and the engine on the rest (Workers-1 of
// them, at least one). Once the head is done, this goroutine commits the
// rest in order as the engine finishes it (commitTail).
func (p *parallelBlock) runWithHead(opts ParallelOptions, stats *ParallelStats, k int) ([]error, error) {
	start := time.Now()
	p.offset = k
	m := len(p.txs) - k
	var tail tailProgress
	workers := max(opts.Workers-1, 1)
	engine := blockstm.NewEngine(m, p.execute, blockstm.Options{
		Workers: workers, ExecutionBudget: m + opts.ExtraExecutions, Yield: opts.Yield,
		CallerTail: true, MaxAbortPercent: max(opts.MaxAbortPercent, 0), KnownLink: p.sameSender, KeepReads: true,
		Commit: tail.final,
	})
	engine.Memory().SetDeltaLane(vaultBalanceKey())
	p.seedSenderChains(engine.Memory())
	stats.Prepare = time.Since(start)
	tail.done = make(chan struct{})
	p.blooms = followBlooms(p.b, len(p.txs))
	go func() {
		// Whatever stopped the engine (a BlockPrecompile reached, a panic
		// on a state the head changed, a store error), the rest runs in
		// order, which meets any real error again.
		tail.stats, _ = engine.Run()
		close(tail.done)
		p.blooms.start()
	}()
	err := applyAll(p.b, p.txs[:k], &p.msgs, 0, p.errs[:k])
	stats.Execute = time.Since(start) - stats.Prepare
	if err == nil {
		tail.engine, tail.takeOver = engine, workers == 1
		err = p.commitTail(engine.Memory(), &tail, stats)
	}
	<-tail.done
	p.blooms.finish(p.b)
	p.release()
	go p.releaseBlock(engine)
	stats.Stats, stats.Head = tail.stats, k
	stats.Executions += int64(k + stats.HeadRedone + stats.HeadTaken)
	stats.TailFrom += k
	stats.Assemble = time.Since(start) - stats.Prepare - stats.Execute
	if err != nil {
		return nil, err
	}
	return p.errs, nil
}

// tailProgress is how far the engine behind a head lane got: the count of
// its transactions that are final (their outcomes no longer change), and
// whether it returned.
type tailProgress struct {
	finals atomic.Int64
	done   chan struct{}
	stats  blockstm.Stats

	// engine is the engine; with takeOver set the head lane stops it once
	// it catches up with it and runs the rest itself (stopped).
	engine   *blockstm.Engine
	takeOver bool
	stopped  bool
}

// final is the engine's Commit: transactions 0..j are final.
func (t *tailProgress) final(j int) error {
	t.finals.Store(int64(j) + 1)
	return nil
}

// await waits until transaction j is final or the engine returned, and
// reports whether j is final. With takeOver, a j not yet final stops the
// engine first: one worker executes a transaction and the head lane
// commits it in more time than the head lane takes to execute it alone,
// and nothing else is left for the head lane to do.
func (t *tailProgress) await(j int) bool {
	if t.takeOver && !t.stopped && t.finals.Load() <= int64(j) && !t.returned() {
		t.engine.Stop()
		t.stopped = true
	}
	for t.finals.Load() <= int64(j) {
		select {
		case <-t.done:
			return t.finals.Load() > int64(j)
		default:
			runtime.Gosched()
		}
	}
	return true
}

// returned reports whether the engine returned.
func (t *tailProgress) returned() bool {
	select {
	case <-t.done:
		return true
	default:
		return false
	}
}

// commitTail commits the engine's transactions in order, each as soon as
// it is final: from its outcome while its reads hold, otherwise (its reads
// changed, or the engine stopped before it: at a one-worker engine, once
// the head lane caught up with it) by executing it again on the builder.
func (p *parallelBlock) commitTail(mv *blockstm.MVMemory, tail *tailProgress, stats *ParallelStats) error {
	st := p.b.state
	redone := -1 // the engine index of the last transaction executed again
	for j := range len(p.txs) - p.offset {
		i := p.offset + j
		p.blooms.publish(p.b)
		if tail.await(j) && p.outcomeHolds(mv.LastReads(j), redone, i) {
			if err := p.commitLazy(i); err != nil {
				return err
			}
			continue
		}
		p.vault.credit(st) // the transaction may read the vault
		p.vault.amount.Clear()
		if err := applyMade(p.b, p.txs[i], &p.msgs, i, &p.errs[i]); err != nil {
			return err
		}
		redone = j
		if tail.stopped && tail.finals.Load() <= int64(j) {
			stats.HeadTaken++
		} else {
			stats.HeadRedone++
		}
	}
	return p.settle()
}

// commitLazy commits transaction i's outcome, its sender's balance moved
// to the builder's first when the incarnation ran lazily.
func (p *parallelBlock) commitLazy(i int) error {
	if o := &p.outcomes[i]; o.lazy.balance && o.err == nil {
		if err := p.rebaseSender(o, p.from[i]); err != nil {
			return err
		}
	}
	return p.commit(i)
}

// outcomeHolds reports whether every read of transaction i's outcome
// returns, on the builder's state, what the incarnation read (for a lazy
// sender: what it ran with): then the transaction, run there in order,
// would do exactly what it did. redone is the engine index of the last
// transaction executed again (-1: none).
func (p *parallelBlock) outcomeHolds(reads []blockstm.Read, redone, i int) bool {
	o := &p.outcomes[i]
	if o.err != nil {
		return false // it may have failed on the sender's nonce or balance
	}
	var lz *lazyOutcome
	if o.lazy.on {
		lz = &o.lazy
	}
	for j := range reads {
		if !p.readHolds(&reads[j], redone, lz, p.from[i]) {
			return false
		}
	}
	return true
}

// readHolds checks one read. A read of the vault never holds (the head
// credits it directly, the rest's fees wait in p.vault); a storage epoch read from a transaction
// holds unless one at or after it was executed again (its deletions may
// differ); any other read holds when the builder's value is the one read,
// but for a lazy sender's header and balance (lazyOutcome.readHolds).
func (p *parallelBlock) readHolds(r *blockstm.Read, redone int, lz *lazyOutcome, from common.Address) bool {
	addr := common.Address(r.Key[1:21])
	if r.HasDelta || addr == FeeVault {
		return false
	}
	if r.Key.Kind() == blockstm.KindStorageEpoch {
		if r.Status == blockstm.ReadValue {
			return int(r.Writer) > redone
		}
		return !p.clearedInBlock(addr)
	}
	if r.Status != blockstm.ReadValue && (lz == nil || addr != from) && p.untouched(&r.Key, addr) {
		return true
	}
	ba, err := p.base.account(addr)
	if err != nil {
		return false // executed again, it meets the error
	}
	want := r.Word
	if r.Status != blockstm.ReadValue {
		if want, err = p.baseWord(&r.Key, ba); err != nil {
			return false
		}
	}
	cur, err := p.builderWord(&r.Key, ba)
	if err != nil {
		return false
	}
	if lz != nil && addr == from {
		if holds, handled := lz.readHolds(r.Key.Kind(), want, cur); handled {
			return holds
		}
	}
	return cur == want
}

// untouched reports, without looking below the block, whether the builder
// still holds k's value from there: nothing in the block wrote k's account,
// or (for a slot) that slot, and its storage was not deleted.
func (p *parallelBlock) untouched(k *blockstm.Key, addr common.Address) bool {
	obj := p.b.state.objects[addr]
	switch {
	case obj == nil || !obj.mutated:
		return true
	case k.Kind() == blockstm.KindStorage:
		_, written := obj.pending[common.Hash(k[21:])]
		return !written && !obj.cleared
	}
	return false
}

// clearedInBlock reports whether the builder's state deleted addr's storage
// since the block's opening system call.
func (p *parallelBlock) clearedInBlock(addr common.Address) bool {
	obj := p.b.state.objects[addr]
	if obj == nil || !obj.cleared {
		return false
	}
	pre := p.base.preludeOf(addr)
	return pre == nil || !pre.cleared
}

// baseWord returns the value of k below the block's transactions (ba is its
// account's base record).
func (p *parallelBlock) baseWord(k *blockstm.Key, ba *baseAccount) (blockstm.Word, error) {
	switch k.Kind() {
	case blockstm.KindHeader:
		return headerWord(ba.exists, ba.acct.Nonce, false), nil
	case blockstm.KindBalance:
		if !ba.exists {
			return blockstm.Word{}, nil
		}
		return ba.acct.Balance.Bytes32(), nil
	case blockstm.KindCodeHash:
		return blockstm.Word(ba.baseCodeHash()), nil
	}
	v, err := p.base.storage(common.Address(k[1:21]), common.Hash(k[21:]))
	return blockstm.Word(v), err
}

// builderWord returns the value of k on the builder's state now.
func (p *parallelBlock) builderWord(k *blockstm.Key, ba *baseAccount) (blockstm.Word, error) {
	obj := p.b.state.objects[common.Address(k[1:21])]
	if obj == nil {
		return p.baseWord(k, ba) // never loaded: as below the block
	}
	a := &obj.acct
	switch k.Kind() {
	case blockstm.KindHeader:
		return headerWord(a.exists, a.nonce, a.exists && a.codeHash != ba.baseCodeHash()), nil
	case blockstm.KindBalance:
		if !a.exists {
			return blockstm.Word{}, nil
		}
		return a.balance.Bytes32(), nil
	case blockstm.KindCodeHash:
		if !a.exists {
			return blockstm.Word(ba.baseCodeHash()), nil
		}
		return blockstm.Word(a.codeHash), nil
	}
	slot := common.Hash(k[21:])
	if v, ok := obj.pending[slot]; ok {
		return blockstm.Word(v), nil
	}
	if obj.cleared {
		return blockstm.Word{}, nil
	}
	return p.baseWord(k, ba)
}
