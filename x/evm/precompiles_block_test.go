package evm

import (
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/stretchr/testify/require"
)

var quotaAddr = common.HexToAddress("0x0000000000000000000000000000000000000990")

// quotaPrecompile is a BlockPrecompile with a per-block quota: each block
// instance lets `quota` calls succeed and returns the call's ordinal, so any
// executor that does not run the block's calls in order on one instance
// produces different receipts and state.
type quotaPrecompile struct {
	quota, used uint64
	blocks      *int
}

func (q *quotaPrecompile) Name() string              { return "QUOTA" }
func (q *quotaPrecompile) RequiredGas([]byte) uint64 { return 100 }
func (q *quotaPrecompile) Run([]byte) ([]byte, error) {
	if q.used == q.quota {
		return nil, vm.ErrExecutionReverted
	}
	q.used++
	return word(q.used), nil
}

func (q *quotaPrecompile) ForBlock(vm.StateDB) (vm.PrecompiledContract, error) {
	*q.blocks++
	return &quotaPrecompile{quota: q.quota, blocks: q.blocks}, nil
}

// ordinalStorer stores the precompile's answer: CALL quotaAddr, SSTORE(0, ret).
var ordinalStorer = common.HexToAddress("0x0000000000000000000000000000000000abcdef")

// quotaBlock is a block of transfers in which every fourth transaction
// calls the quota BlockPrecompile (through ordinalStorer), with its store
// and context.
func quotaBlock(t *testing.T, blocks *int) (*workload, *memStore, BlockContext) {
	w := newWorkload(21, 2)
	code := []byte{
		0x60, 0x20, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00, // retSize retOff inSize inOff value
		0x73}
	code = append(code, quotaAddr.Bytes()...)
	code = append(code, 0x5a, 0xf1, 0x50, // GAS CALL POP
		0x60, 0x00, 0x51, 0x60, 0x00, 0x55, 0x00) // MLOAD(0) SSTORE(0) STOP
	w.alloc = append(w.alloc, GenesisAlloc{Address: ordinalStorer, Code: code})
	for len(w.txs) < 24 {
		w.transfer(hotAddr(len(w.txs)))
		if len(w.txs)%4 == 0 {
			w.send(w.key(), &ordinalStorer, 0, 100_000, nil)
		}
	}
	st := newMemStore()
	st.apply(t, GenesisChanges(w.alloc))
	bctx := benchContext()
	bctx.Precompiles = Precompiles{quotaAddr: &quotaPrecompile{quota: 3, blocks: blocks}}
	return w, st, bctx
}

func TestParallelFallsBackOnBlockPrecompile(t *testing.T) {
	blocks := 0
	w, st, bctx := quotaBlock(t, &blocks)
	want, wantErrs := runSequential(t, st, bctx, w.txs)
	require.Equal(t, 1, blocks, "one instance per block")
	costs := &CostHistory{}
	got, errs, stats := runParallel(t, st, bctx, w.txs, ParallelOptions{Workers: 4, MinTxs: -1, Costs: costs})
	require.Equal(t, "block precompile reached", stats.Sequential)
	requireSameBlock(t, want, got, wantErrs, errs)
	require.Equal(t, 1, costs.engine.samples, "the attempt and the rerun count as the engine path's cost")
	got, errs, stats = runParallel(t, st, bctx, w.txs, ParallelOptions{Workers: 4, MinTxs: -1, Costs: costs})
	require.Equal(t, "cheaper in order", stats.Sequential, "the second block measures the in-order path")
	requireSameBlock(t, want, got, wantErrs, errs)

	// A block that never reaches it stays parallel.
	plain := make([]*types.Transaction, 0, len(w.txs))
	for _, tx := range w.txs {
		if tx.To() == nil || *tx.To() != ordinalStorer {
			plain = append(plain, tx)
		}
	}
	_, _, stats = runParallel(t, st, bctx, plain, ParallelOptions{Workers: 4, MinTxs: -1})
	require.Empty(t, stats.Sequential)
}

func TestBlockPrecompileErrorStopsTheBlock(t *testing.T) {
	bctx := benchContext()
	bctx.Precompiles = Precompiles{quotaAddr: &failingBlockPrecompile{}}
	_, err := NewBlockBuilder(testCfg, newMemStore(), bctx, noHashes)
	require.ErrorIs(t, err, errNoModelFile)
}

var errNoModelFile = errors.New("model file missing")

type failingBlockPrecompile struct{ quotaPrecompile }

func (*failingBlockPrecompile) ForBlock(vm.StateDB) (vm.PrecompiledContract, error) {
	return nil, errNoModelFile
}
