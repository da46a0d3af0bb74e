package evm

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/params"

	"github.com/hyperion-rollup/hyperion/x/evm/blockstm"
	"github.com/hyperion-rollup/hyperion/x/evm/internal/spare"
	"github.com/hyperion-rollup/hyperion/x/store"
)

// ParallelOptions tune ExecuteParallelWithOptions. Zero fields take defaults.
type ParallelOptions struct {
	// Workers is the number of executing goroutines (default: GOMAXPROCS).
	Workers int
	// MinTxs is the smallest block executed in parallel; smaller blocks, and
	// every block when Workers is 1, run sequentially (default: max(8,
	// 2*Workers); negative: always through the engine, even a block that is
	// mostly one sender's chain).
	MinTxs int
	// ExtraExecutions bounds the re-executions of the parallel phase; past
	// it the rest of the block runs in order. The default allows the waste
	// MaxAbortPercent allows over the whole block, plus 2*Workers:
	// len(txs)*MaxAbortPercent/(100-MaxAbortPercent), at least len(txs)/4.
	ExtraExecutions int
	// MaxAbortPercent ends the parallel phase the same way once more than
	// this share of its executions were aborted (negative: off). The
	// default, defaultAbortPercent, grows with the workers that can run at
	// once (Workers, at most GOMAXPROCS): 20 up to 3, 25 at 4, 63 at 8, 80
	// from 15.
	MaxAbortPercent int
	// Yield is called before every versioned read (tests inject yields).
	Yield func()
	// RecordDependencies fills ParallelStats.Dependencies (benchmarks).
	RecordDependencies bool
	// Fallbacks, when set, carries the history of the executor's earlier
	// blocks: after a block on which the engine fell back (a dependency
	// chain), the next ones run in order but for a periodic probe
	// (FallbackHistory).
	Fallbacks *FallbackHistory
	// Costs, when set, carries what a gas unit cost through the engine and
	// in order on the executor's earlier blocks, and runs a block on the
	// cheaper path but for periodic probes of the other (CostHistory).
	Costs *CostHistory
	// HeadPercent is the share of the block's gas, in percent, that the
	// calling goroutine executes in order on the builder while the engine's
	// workers (Workers-1) execute the rest: the head lane (parallel_head.go).
	// 0: at two workers defaultHeadPercent, unless the block's senders or
	// Fallbacks say the rest would mostly run again; no head lane at other
	// worker counts. Negative: none. RecordDependencies turns it off.
	HeadPercent int
}

// ParallelStats reports how a block was executed.
type ParallelStats struct {
	blockstm.Stats
	Txs        int
	Sequential string // why the block ran sequentially ("" when parallel)
	// Wall-clock time of each phase, for benchmarks and metrics only (never
	// part of a result): sender recovery and setup, the parallel phase, the
	// in-order pass with the sequential tail.
	Prepare, Execute, Assemble time.Duration
	// Head is the length of the head lane (0: none), HeadRedone how many of
	// the engine's transactions were executed again after it, HeadTaken how
	// many the head lane executed itself after stopping the engine.
	Head, HeadRedone, HeadTaken int
	// Dependencies lists, per transaction, the lower transactions whose
	// writes it read (ParallelOptions.RecordDependencies only).
	Dependencies [][]int
}

// ExecuteParallel executes txs as one block with Block-STM on workers
// goroutines. The result and the per-transaction errors (nil: included) are
// exactly those of NewBlockBuilder, ApplyTx on every transaction in order,
// and Finish. r must be safe for concurrent reads (hashes is serialised), and
// so must the block's extra precompiles.
func ExecuteParallel(cfg *params.ChainConfig, r store.Reader, bctx BlockContext, hashes func(uint64) common.Hash, txs []*types.Transaction, workers int) (*BlockResult, []error, error) {
	b, errs, _, err := ParallelBuilder(cfg, r, bctx, hashes, txs, ParallelOptions{Workers: workers})
	if err != nil {
		return nil, nil, err
	}
	res, err := b.Finish()
	if err != nil {
		return nil, nil, err
	}
	return res, errs, nil
}

// ParallelBuilder executes txs like ExecuteParallel and returns the builder
// positioned after them, so end-of-block system calls, SystemLogs, further
// ApplyTx calls and Finish work as after sequential execution.
func ParallelBuilder(cfg *params.ChainConfig, r store.Reader, bctx BlockContext, hashes func(uint64) common.Hash, txs []*types.Transaction, opts ParallelOptions) (*BlockBuilder, []error, *ParallelStats, error) {
	b, err := NewBlockBuilder(cfg, r, bctx, hashes)
	if err != nil {
		return nil, nil, nil, err
	}
	opts = opts.withDefaults(len(txs))
	stats := &ParallelStats{Txs: len(txs)}
	if why := sequentialReason(bctx, txs, opts); why != "" {
		errs, err := runInOrder(b, txs, stats, why, nil, applySequential)
		return b, errs, stats, err
	}
	// Either path may run the block: the executor's history chooses.
	if why := opts.historyReason(); why != "" {
		errs, err := runInOrder(b, txs, stats, why, opts.Costs, applyPipelined)
		return b, errs, stats, err
	}
	start := time.Now()
	p := newParallelBlock(b, lockedHashes(hashes), txs, opts.Workers)
	defer p.msgs.wait()
	if why := p.senderChainReason(opts); why != "" {
		stats.Sequential = why
		p.startMessages(0)
		errs, err := p.applyInOrder(0)
		return b, errs, stats, err
	}
	head := p.headLength(opts)
	p.startMessages(head)
	p.prepare(r)
	// Finish derives the changes on several goroutines after the engine
	// (r is safe for concurrent reads; past GOMAXPROCS they would only take
	// turns); a block run in order finishes as the sequential executor's.
	b.changeWorkers = min(opts.Workers, runtime.GOMAXPROCS(0))
	errs, err := p.run(opts, stats, head)
	opts.Fallbacks.record(stats)
	if errors.Is(err, ErrReachedBlockPrecompile) {
		// The attempt and the rerun are what the engine path cost: a node
		// whose blocks keep calling a BlockPrecompile learns to run them in
		// order.
		b, errs, stats, err := rerunSequential(cfg, r, bctx, hashes, txs, stats)
		if err == nil {
			opts.Costs.record(false, b.GasUsed(), time.Since(start))
		}
		return b, errs, stats, err
	}
	if err != nil {
		return nil, nil, stats, err
	}
	opts.Costs.record(false, b.GasUsed(), time.Since(start))
	return b, errs, stats, nil
}

// historyReason returns why the executor's history runs the next block in
// order (a recent fallback, or a lower cost per gas), or "".
func (o ParallelOptions) historyReason() string {
	switch {
	case o.Fallbacks.skip():
		return "recent fallback"
	case o.Costs.preferInOrder():
		return "cheaper in order"
	}
	return ""
}

// run executes the block with Block-STM, committing each final transaction
// to the builder in order while later ones still execute (the in-order
// pass), then, after a fallback, the rest of the block sequentially. With
// head > 0 the first head transactions run in a head lane (runWithHead).
func (p *parallelBlock) run(opts ParallelOptions, stats *ParallelStats, head int) ([]error, error) {
	if head > 0 {
		return p.runWithHead(opts, stats, head)
	}
	start := time.Now()
	n := len(p.txs)
	engine := blockstm.NewEngine(n, p.execute, blockstm.Options{
		Workers: opts.Workers, ExecutionBudget: n + opts.ExtraExecutions, Yield: opts.Yield, CallerTail: true,
		MaxAbortPercent: max(opts.MaxAbortPercent, 0), Commit: p.commit,
		ChainWindow: opts.chainWindow(), KnownLink: p.sameSender, KeepReads: opts.RecordDependencies,
	})
	engine.Memory().SetDeltaLane(vaultBalanceKey()) // every transaction credits the vault
	p.seedSenderChains(engine.Memory())
	stats.Prepare = time.Since(start)
	st, err := engine.Run()
	p.release()
	stats.Stats, stats.Execute = st, time.Since(start)-stats.Prepare
	if err != nil {
		return nil, err
	}
	if opts.RecordDependencies {
		stats.Dependencies = dependencyGraph(engine.Memory(), st.TailFrom)
	}
	errs, err := p.errs, p.settle()
	go p.releaseBlock(engine) // every commit is done: nothing reads them any more
	if err == nil && st.TailFrom < n {
		errs, err = p.applyInOrder(st.TailFrom)
		stats.Executions += int64(n - st.TailFrom)
	}
	stats.Assemble = time.Since(start) - stats.Prepare - stats.Execute
	return errs, err
}

// releaseBlock hands the memory of the parallel phase (the engine's, the
// outcomes, the workers' spaces, the base cache) to the next block. It runs
// beside the rest of the block (the in-order tail, Finish), which no longer
// reads any of it.
func (p *parallelBlock) releaseBlock(engine *blockstm.Engine) {
	engine.Release()
	putOutcomes(p.outcomes)
	p.outcomes = nil
	p.releaseSpace()
	p.base.release()
}

// lockedHashes serialises calls of hashes: BLOCKHASH is rare, and the
// caller's lookup may fill a cache that is not safe for concurrent use.
func lockedHashes(hashes func(uint64) common.Hash) func(uint64) common.Hash {
	var mu sync.Mutex
	return func(n uint64) common.Hash {
		mu.Lock()
		defer mu.Unlock()
		return hashes(n)
	}
}

// Bounds of the default abort rate past which a block finishes in order.
// Independent workloads abort a few percent of their executions, a pool of
// 64 AMM pairs 10-30 % at 8-16 workers; a dependency chain run by w workers
// wastes up to (w-1)/w of them, and the chain window catches most chains
// before the rate does.
const (
	minAbortPercent = 20
	maxAbortPercent = 80
)

// defaultAbortPercent is the share of aborted executions up to which the
// parallel phase is still expected to beat sequential execution on cores
// workers running at once. With a share a of the executions wasted, the
// workers do useful work at cores*(1-a)*efficiency/overhead times the
// sequential rate; taking half the cores' worth of scaling (3.7x at 8
// workers on 16 cores, 1.35-1.6x for independent work on 2 vCPUs) and an
// overhead of 1.5 (the engine's CPU per transaction over the sequential
// path's), break-even is a = 1 - 3/cores. It is clamped to
// [minAbortPercent, maxAbortPercent]: up to 3 cores the old 20 %, which
// keeps a 2-core node from running crafted blocks slower than in order.
func defaultAbortPercent(cores int) int {
	return min(max(100-300/max(cores, 1), minAbortPercent), maxAbortPercent)
}

// defaultExtraExecutions is the re-execution budget of a block of n
// transactions that may abort pct percent of its executions: n*pct/(100-pct)
// (at least n/4), plus two rounds of the workers.
func defaultExtraExecutions(n, pct, workers int) int {
	pct = min(max(pct, minAbortPercent), maxAbortPercent)
	return max(n*pct/(100-pct), n/4) + 2*workers
}

// chainWindow is how many leading transactions the engine commits before
// judging whether the block is a dependency chain (0: never, when the abort
// rate test is off). A few rounds of every worker: enough for the judgement
// not to hang on one pair of transactions, early enough to waste little.
func (o ParallelOptions) chainWindow() int {
	if o.MaxAbortPercent < 0 {
		return 0
	}
	return max(16, 4*o.Workers)
}

func (o ParallelOptions) withDefaults(n int) ParallelOptions {
	if o.Workers < 1 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.MinTxs == 0 {
		o.MinTxs = max(8, 2*o.Workers)
	}
	if o.MaxAbortPercent == 0 {
		// The workers that run at once: GOMAXPROCS decides only how fast
		// the block runs, never its result.
		o.MaxAbortPercent = defaultAbortPercent(min(o.Workers, runtime.GOMAXPROCS(0)))
	}
	if o.ExtraExecutions <= 0 {
		o.ExtraExecutions = defaultExtraExecutions(n, o.MaxAbortPercent, o.Workers)
	}
	return o
}

// sequentialReason says why a block must run sequentially, or "".
func sequentialReason(bctx BlockContext, txs []*types.Transaction, opts ParallelOptions) string {
	if len(txs) == 0 || len(txs) < opts.MinTxs {
		return "small block"
	}
	if opts.Workers == 1 && opts.MinTxs >= 0 {
		return "one worker" // nothing runs concurrently: Block-STM only adds work
	}
	// Each transaction gets its own gas pool of the block's limit; that
	// equals one shared pool only when every gas limit fits at once.
	var sum uint64
	for _, tx := range txs {
		if sum += tx.Gas(); sum > bctx.GasLimit || sum < tx.Gas() {
			return "gas limits exceed the block"
		}
	}
	return ""
}

// parallelBlock is the state shared by the incarnations of one block.
type parallelBlock struct {
	b        *BlockBuilder
	blockCtx vm.BlockContext // computed once; read-only while workers run
	txs      []*types.Transaction
	msgs     messagesAhead    // made while the block runs
	from     []common.Address // senders, recovered before anything runs
	fromOK   []bool           // whether from[i] could be recovered
	base     *baseState
	outcomes []txOutcome       // written by the latest incarnation of each tx
	errs     []error           // per tx: why it is not included (in-order pass)
	vault    parallelFee       // fee credits committed but not yet applied
	workers  []*parallelWorker // per-worker EVM and state, reused across incarnations
	seeds    []int             // transactions whose sender's next one is close (senderChainReason)
	// workerExtras are the block's extra precompiles with every
	// BlockPrecompile replaced by a tripwire setting reached.
	workerExtras Precompiles
	reached      atomic.Bool
	// offset is the block index of the engine's transaction 0: the length
	// of the head lane, whose transactions the engine does not see.
	offset int
	// blooms computes the receipts' blooms behind a head lane's commit
	// (nil without a head lane, or when Finish computes them).
	blooms *bloomFollower
}

// txOutcome is what an incarnation produced, kept for the in-order pass.
type txOutcome struct {
	err      error // validation error: the transaction is not included
	result   *core.ExecutionResult
	logs     []*types.Log
	bloom    types.Bloom // of logs (zero: none), computed by the worker
	accounts []accountWrite
	vault    parallelFee
	lazy     lazyOutcome // the head lane's sender (parallel_lazy.go)
}

func newParallelBlock(b *BlockBuilder, hashes func(uint64) common.Hash, txs []*types.Transaction, workers int) *parallelBlock {
	p := &parallelBlock{
		b: b, blockCtx: b.evmContext(hashes), txs: txs,
		from: make([]common.Address, len(txs)), fromOK: make([]bool, len(txs)),
		outcomes: takeOutcomes(len(txs)), errs: make([]error, len(txs)), workers: make([]*parallelWorker, workers),
	}
	p.workerExtras = b.bctx.Precompiles.forParallelWorkers(&p.reached)
	p.recoverSenders(workers)
	return p
}

// startMessages begins making the block's messages (head: the head lane's
// length, 0 for none). The engine and the in-order pass wait for a message
// not made yet: its making overlaps the engine's setup and first
// executions, and a block that falls back early has its tail's made on the
// core the in-order pass leaves idle.
func (p *parallelBlock) startMessages(head int) {
	p.msgs.start(p.b, p.txs, min(len(p.workers), runtime.GOMAXPROCS(0)), head)
}

// prepare sets up the state the workers read: the store below r plus what
// the block's opening system call wrote.
func (p *parallelBlock) prepare(r store.Reader) {
	p.base = newBaseState(r, capturePrelude(p.b.state), len(p.txs))
}

// applyInOrder executes transactions from..n-1 in order on the builder
// (applyAhead) and returns the errors of the whole block.
func (p *parallelBlock) applyInOrder(from int) ([]error, error) {
	if err := applyAhead(p.b, p.txs[from:], &p.msgs, from, p.errs[from:]); err != nil {
		return nil, err
	}
	return p.errs, nil
}

// recoverSenders recovers every transaction's sender before anything runs,
// spreading the signature recoveries over the workers (a cached sender
// costs a lookup).
func (p *parallelBlock) recoverSenders(workers int) {
	var wg sync.WaitGroup
	chunk := (len(p.txs) + workers - 1) / workers
	sendersOf := func(from, to int) {
		for i := from; i < to; i++ {
			addr, err := types.Sender(p.b.signer, p.txs[i])
			p.from[i], p.fromOK[i] = addr, err == nil
		}
	}
	for from := chunk; from < len(p.txs); from += chunk {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sendersOf(from, min(from+chunk, len(p.txs)))
		}()
	}
	sendersOf(0, min(chunk, len(p.txs))) // the first chunk on this goroutine
	wg.Wait()
}

// capturePrelude copies what the block's opening system call wrote.
func capturePrelude(s *StateDB) map[common.Address]*preludeAccount {
	out := make(map[common.Address]*preludeAccount)
	for addr, obj := range s.objects {
		if !obj.mutated {
			continue
		}
		a := &preludeAccount{cleared: obj.cleared, slots: make(map[common.Hash]common.Hash, len(obj.pending))}
		if obj.acct.exists {
			a.baseAccount = baseAccount{exists: true, acct: Account{Nonce: obj.acct.nonce, Balance: obj.acct.balance, CodeHash: obj.acct.codeHash}}
		}
		for k, v := range obj.pending {
			a.slots[k] = v
		}
		out[addr] = a
	}
	return out
}

// senderChainReason returns why a block must run sequentially because of
// its senders, or "": when one sender sends most of the block its
// transactions form a dependency chain longer than half the block, and
// Block-STM would run them one after the other at a cost. A negative
// MinTxs forces the engine. The same pass lists, in p.seeds, the
// transactions seedSenderChains marks.
func (p *parallelBlock) senderChainReason(opts ParallelOptions) string {
	window := 4 * opts.Workers
	seen := takeSeen()
	defer putSeen(seen)
	for i, from := range p.from {
		if !p.fromOK[i] {
			continue
		}
		s := seen[from]
		if s.count > 0 && i-s.last <= window {
			p.seeds = append(p.seeds, s.last)
		}
		s.count, s.last = s.count+1, i
		seen[from] = s
		if opts.MinTxs >= 0 && 2*s.count > len(p.from) {
			return "sender chain"
		}
	}
	return ""
}

// senderSeen is how many transactions of a sender were seen, and the last.
type senderSeen struct{ count, last int }

// spareSeen keeps an emptied sender map for the next block's
// senderChainReason (its buckets are most of a block's setup allocation).
var spareSeen = spare.List[map[common.Address]senderSeen]{Max: 1}

// maxSpareSeen bounds the senders of a kept map.
const maxSpareSeen = 1 << 14

func takeSeen() map[common.Address]senderSeen {
	if m, ok := spareSeen.Take(nil); ok {
		return m
	}
	return make(map[common.Address]senderSeen)
}

func putSeen(m map[common.Address]senderSeen) {
	if len(m) <= maxSpareSeen {
		clear(m)
		spareSeen.Put(m)
	}
}

// seedSenderChains marks the header (nonce) and balance of a sender as written by
// each of its transactions but the last, so later ones wait for it. Only
// transactions close enough to run at the same time are marked (p.seeds): the
// mark saves an abort, and a transaction far behind its sender's previous one
// starts after that one finished (or was aborted, which marks it anyway).
func (p *parallelBlock) seedSenderChains(mv *blockstm.MVMemory) {
	for _, j := range p.seeds {
		if j < p.offset {
			continue // in the head lane
		}
		from := p.from[j]
		mv.SeedEstimates(j-p.offset, []blockstm.Key{
			blockstm.NewKey(blockstm.KindHeader, from, common.Hash{}),
			blockstm.NewKey(blockstm.KindBalance, from, common.Hash{}),
		})
	}
}

// sameSender reports whether the engine's transactions i-1 and i have one
// sender: a known dependency (seeded), not a sign of a dependency chain.
func (p *parallelBlock) sameSender(i int) bool {
	i += p.offset
	return p.fromOK[i] && p.fromOK[i-1] && p.from[i] == p.from[i-1]
}

// execute runs one incarnation of the engine's transaction v.TxIndex (the
// block's offset+v.TxIndex) on the EVM and state of the worker running it.
func (p *parallelBlock) execute(v blockstm.Version, view *blockstm.View) ([]blockstm.Write, error) {
	i := v.TxIndex + p.offset
	msg, err := p.msgs.get(i)
	if err != nil {
		p.outcomes[i] = txOutcome{err: err}
		return nil, nil
	}
	w := p.worker(view.Worker())
	w.begin(view)
	w.ps.lazy.begin(p.offset > 0, msg)
	w.ps.SetTxContext(p.txs[i].Hash(), i, uint32(i+1))
	w.gp.Set(w.fullGas) // each transaction gets its own pool of the block's limit
	result, err := core.ApplyMessage(w.evm, msg, w.gp)
	w.running = false
	switch {
	case p.reached.Load():
		return nil, ErrReachedBlockPrecompile
	case w.tv.dep != nil:
		return nil, w.tv.dep
	case w.tv.err != nil:
		return nil, fmt.Errorf("tx %d: %w", i, w.tv.err)
	case err != nil:
		p.outcomes[i] = txOutcome{err: err}
		return nil, nil
	}
	ps := w.ps
	logs := ps.TxLogs()
	ps.Finalise(p.b.rules)
	out := txOutcome{result: result, logs: logs, vault: parallelFee{amount: ps.vaultDelta}, lazy: ps.lazy.outcome(msg)}
	if len(logs) > 0 && p.blooms == nil { // a head lane's follows the commit
		out.bloom = w.blooms.logsBloom(logs)
	}
	writes, err := p.collect(w, i, ps.StateDB, &out)
	if err != nil {
		return nil, fmt.Errorf("tx %d: %w", i, err)
	}
	if !ps.vaultDelta.IsZero() {
		writes = append(writes, blockstm.Write{Key: vaultBalanceKey(), Word: ps.vaultDelta.Bytes32(), Delta: true})
		w.writes = writes // keep the room: the engine copies the writes
	}
	p.outcomes[i] = out
	return writes, nil
}

// spareOutcomes keeps the outcome arrays of finished blocks, cleared, for
// the next ones: a block's array is large (a bloom per transaction: 360 KB
// at 1,000 transactions) and mostly unused when the block falls back early.
var spareOutcomes = spare.List[[]txOutcome]{Max: 4}

// takeOutcomes returns n zero outcomes.
func takeOutcomes(n int) []txOutcome {
	if s, ok := spareOutcomes.Take(func(s []txOutcome) bool { return cap(s) >= n }); ok {
		return s[:n]
	}
	return make([]txOutcome, n)
}

// putOutcomes clears s and keeps it for takeOutcomes.
func putOutcomes(s []txOutcome) {
	s = s[:cap(s)]
	clear(s)
	spareOutcomes.Put(s)
}

// vaultBalanceKey returns the versioned key of the fee vault's balance.
func vaultBalanceKey() blockstm.Key {
	return blockstm.NewKey(blockstm.KindBalance, FeeVault, common.Hash{})
}

// commit is the in-order pass for transaction i, final and next in order
// (the engine's Commit): it applies the transaction's writes to the
// builder's state and appends its receipt, gas and log indexes.
func (p *parallelBlock) commit(i int) error {
	o := &p.outcomes[i]
	if o.err != nil {
		p.errs[i] = o.err
		return nil
	}
	st := p.b.state
	if writesVault(o.accounts) {
		p.vault.credit(st) // the tx saw every earlier credit
		p.vault.amount.Clear()
	}
	applyAccountWrites(st, p.base, o.accounts)
	p.vault.amount.Add(&p.vault.amount, &o.vault.amount)
	msg, _ := p.msgs.get(i) // made: the transaction executed
	return p.account(p.txs[i], msg, o)
}

// settle ends the in-order pass: the fee credits not yet applied go to the
// vault in one step.
func (p *parallelBlock) settle() error {
	p.vault.credit(p.b.state)
	p.b.state.Finalise(p.b.rules)
	return p.b.state.Error()
}

// account charges an included transaction's gas to the block and appends
// its receipt, as ApplyTx does.
func (p *parallelBlock) account(tx *types.Transaction, msg *core.Message, o *txOutcome) error {
	b, res, logs := p.b, o.result, o.logs
	if err := b.gp.CheckGasLegacy(msg.GasLimit); err != nil {
		return err
	}
	if err := b.gp.ChargeGasLegacy(msg.GasLimit-res.UsedGas, res.UsedGas); err != nil {
		return err
	}
	for _, l := range logs {
		l.TxIndex = uint(len(b.txs))
	}
	r := b.receiptWithoutBloom(tx, msg, res, logs)
	if len(logs) > 0 && !b.bloomsLater {
		r.Bloom = o.bloom
	}
	b.receipts = append(b.receipts, r)
	b.txs = append(b.txs, tx)
	return nil
}

// writesVault reports whether a transaction wrote the fee vault's record
// (it loaded the vault, so its record includes the credits before it).
func writesVault(accounts []accountWrite) bool {
	for i := range accounts {
		if accounts[i].addr == FeeVault {
			return true
		}
	}
	return false
}

func sortedAddrs(addrs []common.Address, objects map[common.Address]*stateObject) []common.Address {
	for addr, obj := range objects {
		if obj.mutated {
			addrs = append(addrs, addr)
		}
	}
	if len(addrs) > 1 {
		sortByKey(addrs, func(a *common.Address) []byte { return a[:] })
	}
	return addrs
}
