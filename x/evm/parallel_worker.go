package evm

import (
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/vm"

	"github.com/hyperion-rollup/hyperion/x/evm/blockstm"
	"github.com/hyperion-rollup/hyperion/x/store"
)

// parallelWorker is one worker's EVM and state, reset for every incarnation
// it runs, so an execution allocates neither an EVM (with its stack arena)
// nor a StateDB.
type parallelWorker struct {
	evm     *vm.EVM
	ps      *parallelState
	tv      txView
	running bool          // an incarnation started and did not return (it panicked)
	gp      *core.GasPool // the incarnation's gas pool, reset from fullGas
	fullGas *core.GasPool // a pool of the block's gas limit

	writes   []blockstm.Write         // scratch: its versioned writes (the engine copies them)
	accounts chunkSpace[accountWrite] // room for the account writes of outcomes
	slots    chunkSpace[slotWrite]    // room for their slot writes
	blooms   bloomCache               // receipt blooms
	// Workers are allocated one after the other and written all the time:
	// keep the next worker's fields out of this one's last cache line.
	_ [cacheLinePad]byte
}

// cacheLinePad is the padding that keeps per-worker data apart.
const cacheLinePad = 64

// accountSpace returns an empty slice with room for n account writes.
func (w *parallelWorker) accountSpace(n int) []accountWrite {
	return w.accounts.room(n, &spareAccountChunks)
}

// worker returns the scratch state of worker i, creating it on first use.
// Worker i runs one incarnation at a time, so no lock is needed.
func (p *parallelBlock) worker(i int) *parallelWorker {
	w := p.workers[i]
	if w == nil {
		w = &parallelWorker{}
		w.tv.base = p.base
		w.ps = &parallelState{StateDB: NewStateDB(&w.tv)}
		w.tv.lazy = &w.ps.lazy
		w.fullGas = core.NewGasPool(p.b.bctx.GasLimit)
		w.gp = core.NewGasPool(p.b.bctx.GasLimit)
		p.workers[i] = w
	}
	if w.evm == nil || w.evm.Cancelled() || w.running {
		w.renewEVM(p)
	}
	return w
}

// renewEVM replaces an EVM that was cancelled by a dependency or left in an
// unknown state by a panic.
func (w *parallelWorker) renewEVM(p *parallelBlock) {
	if w.evm != nil && !w.running {
		w.evm.Release()
	}
	ctx := p.blockCtx
	ctx.CanTransfer = workerCanTransfer // records a lazy sender's checks
	w.evm = vm.NewEVM(ctx, w.ps, p.b.cfg, vm.Config{})
	setPrecompiles(w.evm, p.b.rules, p.workerExtras) // BlockPrecompiles replaced by tripwires
	w.tv.evm = w.evm
	w.running = false
}

// begin prepares the worker for an incarnation reading through view.
func (w *parallelWorker) begin(view *blockstm.View) {
	w.tv.view, w.tv.dep, w.tv.err = view, nil, nil
	w.tv.epochs = w.tv.epochs[:0]
	w.ps.vaultDelta.Clear()
	w.ps.StateDB.resetFor(&w.tv, &w.tv)
	w.running = true
}

// releaseSpace hands the workers' record chunks to the next block, once
// every outcome was committed.
func (p *parallelBlock) releaseSpace() {
	for _, w := range p.workers {
		if w != nil {
			w.accounts.release(&spareAccountChunks)
			w.slots.release(&spareSlotChunks)
		}
	}
}

// release returns the workers' EVM memory once the block is executed.
func (p *parallelBlock) release() {
	for _, w := range p.workers {
		if w != nil && w.evm != nil && !w.running {
			w.evm.Release()
		}
		if w != nil {
			w.evm = nil
		}
	}
}

// resetFor empties the StateDB for a new transaction over r (typed reads
// through rec), keeping the memory of its maps and objects. The access list
// is left to Prepare, which resets it from what it tracked (clearing it here
// would drop the warm precompiles).
func (s *StateDB) resetFor(r store.Reader, rec recordReader) {
	s.reader, s.records = r, rec
	s.spare = append(s.spare, s.order...) // every object of a worker's state
	clear(s.order)
	s.order = s.order[:0]
	clear(s.objects)
	s.journal.reset()
	s.dbErr = nil
	s.refund = 0
	clear(s.transient)
	s.logs = s.logs[:0]
}
