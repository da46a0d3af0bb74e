package abci

import (
	"fmt"
	"sync/atomic"

	abcitypes "github.com/cometbft/cometbft/abci/types"

	"github.com/hyperion-rollup/hyperion/x/evm"
)

// ExecutorOptions choose how the app executes blocks whose tx list is
// known (ProcessProposal, FinalizeBlock of a block it did not verify). The
// proposer always builds its block sequentially.
type ExecutorOptions struct {
	// Parallel runs the plaintext lane with Block-STM (evm.ParallelBuilder);
	// the result is bit-identical to sequential execution. After a block on
	// which Block-STM fell back, the next ones run in order but for a
	// periodic probe (evm.FallbackHistory); and blocks run on whichever of
	// Block-STM and in-order execution cost less per gas on this machine's
	// recent blocks, the other probed now and then (evm.CostHistory).
	Parallel bool
	// Workers is the number of Block-STM workers (0: GOMAXPROCS).
	Workers int
}

// parallelBlocks counts the blocks of this process whose plaintext lane ran
// on Block-STM (not the small-block sequential fallback): a metric.
var parallelBlocks atomic.Int64

// ParallelBlocks returns how many blocks this process executed with
// Block-STM workers since it started.
func ParallelBlocks() int64 { return parallelBlocks.Load() }

// executeDeferred runs the plaintext txs collected in parallel mode through
// Block-STM and installs the resulting builder. In verify mode a tx that
// fails validation rejects the block; in finalize mode it is recorded as a
// failed result and left out, as the sequential path does.
func (p *proposal) executeDeferred() error {
	if !p.parallel || len(p.deferred) == 0 {
		return nil
	}
	a := p.app
	b, errs, stats, err := evm.ParallelBuilder(a.chain.evmConfig, a.stateForBlock(), p.bctx, a.hashAt, p.deferred,
		evm.ParallelOptions{Workers: a.exec.Workers, Fallbacks: &a.fallbacks, Costs: &a.costs})
	if err != nil {
		return fmt.Errorf("parallel execution: %w", err)
	}
	if stats.Sequential == "" {
		parallelBlocks.Add(1)
		a.logger.Debug("block executed with Block-STM", "height", p.height, "txs", stats.Txs,
			"executions", stats.Executions, "aborts", stats.Aborts, "fell_back", stats.FellBack,
			"head", stats.Head, "head_redone", stats.HeadRedone, "head_taken", stats.HeadTaken)
	} else {
		a.logger.Debug("block executed in order", "height", p.height, "txs", stats.Txs, "reason", stats.Sequential)
	}
	p.builder, p.deferred = b, nil
	return p.settleDeferred(errs)
}

// settleDeferred applies the per-tx outcomes of the parallel executor.
func (p *proposal) settleDeferred(errs []error) error {
	included := p.plaintext[:0:0]
	results := p.ethResults[:0:0]
	for i, err := range errs {
		if err == nil {
			included = append(included, p.plaintext[i])
			results = append(results, p.ethResults[i])
			continue
		}
		if p.mode == modeVerify {
			return fmt.Errorf("plaintext tx %d: %w", i, err)
		}
		p.app.logger.Error("decided block holds a tx the rules refuse", "height", p.height, "tx", p.ethResults[i], "err", err)
		p.results[p.ethResults[i]] = &abcitypes.ExecTxResult{Code: codeTxFailed, Log: err.Error()}
	}
	p.plaintext, p.ethResults = included, results
	return nil
}
