package evm

import (
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
	running bool // an incarnation started and did not return (it panicked)
}

// worker returns the scratch state of worker i, creating it on first use.
// Worker i runs one incarnation at a time, so no lock is needed.
func (p *parallelBlock) worker(i int) *parallelWorker {
	w := p.workers[i]
	if w == nil {
		w = &parallelWorker{}
		w.tv.base = p.base
		w.ps = &parallelState{StateDB: NewStateDB(&w.tv)}
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
	w.evm = vm.NewEVM(p.blockCtx, w.ps, p.b.cfg, vm.Config{})
	setPrecompiles(w.evm, p.b.rules, p.workerExtras) // BlockPrecompiles replaced by tripwires
	w.tv.evm = w.evm
	w.running = false
}

// begin prepares the worker for an incarnation reading through view.
func (w *parallelWorker) begin(view *blockstm.View) {
	w.tv.view, w.tv.dep, w.tv.err = view, nil, nil
	w.ps.vaultDelta.Clear()
	w.ps.StateDB.resetFor(&w.tv)
	w.running = true
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

// resetFor empties the StateDB for a new transaction over r, keeping the
// memory of its maps.
func (s *StateDB) resetFor(r store.Reader) {
	s.reader = r
	clear(s.objects)
	s.journal.reset()
	s.dbErr = nil
	s.refund = 0
	clear(s.accessList)
	clear(s.transient)
	s.logs = s.logs[:0]
}
