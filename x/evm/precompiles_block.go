package evm

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/ethereum/go-ethereum/core/vm"
)

// BlockPrecompile is an extra precompile with per-block state (the
// inference precompile: a registry read from state and a per-block gas
// meter). Each EVM a block or a call runs on gets its own instance from
// ForBlock, built over the state at the start of that block or call.
type BlockPrecompile interface {
	vm.PrecompiledContract
	ForBlock(state vm.StateDB) (vm.PrecompiledContract, error)
}

// ErrReachedBlockPrecompile ends a parallel phase that reached a block
// precompile: its per-block meter needs the block's transactions in order,
// so the block re-runs sequentially.
var ErrReachedBlockPrecompile = errors.New("evm: block precompile reached in parallel execution")

// forBlock returns the extras for one EVM over state: BlockPrecompiles
// replaced by their per-block instances.
func (ps Precompiles) forBlock(state vm.StateDB) (Precompiles, error) {
	out := make(Precompiles, len(ps))
	for addr, p := range ps {
		if bp, ok := p.(BlockPrecompile); ok {
			inst, err := bp.ForBlock(state)
			if err != nil {
				return nil, fmt.Errorf("precompile %s at %s: %w", p.Name(), addr, err)
			}
			p = inst
		}
		out[addr] = p
	}
	return out, nil
}

// forParallelWorkers returns the extras for Block-STM workers: every
// BlockPrecompile is replaced by a tripwire that records the touch and
// reverts (the incarnation is discarded: the block re-runs sequentially).
func (ps Precompiles) forParallelWorkers(reached *atomic.Bool) Precompiles {
	out := make(Precompiles, len(ps))
	for addr, p := range ps {
		if _, ok := p.(BlockPrecompile); ok {
			p = &tripwire{name: p.Name(), reached: reached}
		}
		out[addr] = p
	}
	return out
}

// tripwire stands in for a BlockPrecompile in a parallel worker.
type tripwire struct {
	name    string
	reached *atomic.Bool
}

func (t *tripwire) Name() string              { return t.name }
func (t *tripwire) RequiredGas([]byte) uint64 { return 0 }
func (t *tripwire) Run([]byte) ([]byte, error) {
	t.reached.Store(true)
	return nil, vm.ErrExecutionReverted
}
