package abci

import (
	"context"
	"fmt"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/store"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// codeTxFailed marks a tx of a decided block that the rules skipped; it only
// happens when a block that ProcessProposal would reject was decided anyway.
const codeTxFailed = 2

// finalizedBlock is a height executed by FinalizeBlock, waiting for Commit.
type finalizedBlock struct {
	height   int64
	header   *types.Header
	txs      []*types.Transaction
	receipts []*types.Receipt // system receipt last
	payload  []byte
	sets     *system.SetSchedule // the new validator schedule, nil when unchanged
	params   *system.Params      // the new chain parameters, nil when unchanged
}

// FinalizeBlock runs once per decided block: it executes the block (or reuses
// ProcessProposal's execution of the same block hash), writes the state
// changes into the working tree and returns the app hash. Nothing is
// persisted until Commit.
func (a *App) FinalizeBlock(_ context.Context, req *abcitypes.RequestFinalizeBlock) (*abcitypes.ResponseFinalizeBlock, error) {
	p := a.proposals.take(req.Hash)
	if p == nil {
		var err error
		if p, err = a.executeDecided(req); err != nil {
			return nil, err
		}
	}
	params := a.chain.params
	updates, err := a.endBlock(&EndBlockContext{
		Height: req.Height, Time: req.Time, Proposer: req.ProposerAddress, Builder: p.builder,
		LastCommit: req.DecidedLastCommit, Misbehavior: req.Misbehavior, Params: &params,
		WithheldShares: p.th.withheld,
	})
	if err != nil {
		return nil, fmt.Errorf("finalize height %d: %w", req.Height, err)
	}
	sets, sysChanges, err := a.scheduleUpdates(req.Height, updates)
	if err != nil {
		return nil, fmt.Errorf("finalize height %d: %w", req.Height, err)
	}
	paramChanges, cpUpdate, err := a.paramUpdates(params)
	if err != nil {
		return nil, fmt.Errorf("finalize height %d: %w", req.Height, err)
	}
	if err := a.endThreshold(p); err != nil {
		return nil, fmt.Errorf("finalize height %d: %w", req.Height, err)
	}
	fb, root, err := a.seal(p, append(append(sysChanges, paramChanges...), p.tenc.Changes()...))
	if err != nil {
		return nil, fmt.Errorf("finalize height %d: %w", req.Height, err)
	}
	fb.sets = sets
	if paramChanges != nil {
		fb.params = &params
	}
	a.pending = fb
	return &abcitypes.ResponseFinalizeBlock{
		TxResults: p.results, AppHash: root, ValidatorUpdates: updates, ConsensusParamUpdates: cpUpdate,
	}, nil
}

// executeDecided runs a decided block this node did not verify (it was
// replayed at start, or ProcessProposal saw another round's block). Txs the
// rules refuse are skipped with a failed result instead of halting the chain.
func (a *App) executeDecided(req *abcitypes.RequestFinalizeBlock) (*proposal, error) {
	p, err := a.newProposal(modeFinalize, req.Height, req.Time, 0)
	if err != nil {
		return nil, err
	}
	for i, raw := range req.Txs {
		if err := p.add(raw); err != nil {
			a.logger.Error("decided block holds a tx the rules refuse", "height", req.Height, "tx", i, "err", err)
			p.results = append(p.results, &abcitypes.ExecTxResult{Code: codeTxFailed, Log: err.Error()})
		}
	}
	if err := p.executeDeferred(); err != nil {
		return nil, fmt.Errorf("finalize height %d: %w", req.Height, err)
	}
	if err := p.check(); err != nil {
		a.logger.Error("decided block breaks a block rule", "height", req.Height, "err", err)
	}
	return p, nil
}

// seal finishes execution, applies the changes to the working tree and builds
// the Ethereum header whose stateRoot is the new app hash.
func (a *App) seal(p *proposal, extra []store.Change) (*finalizedBlock, []byte, error) {
	res, err := p.builder.Finish()
	if err != nil {
		return nil, nil, err
	}
	root, err := a.store.Apply(append(res.Changes, extra...))
	if err != nil {
		return nil, nil, fmt.Errorf("apply state changes: %w", err)
	}
	header := evm.MakeHeader(p.bctx, res, common.BytesToHash(root))
	receipts := append(append([]*types.Receipt{}, res.Receipts...), res.SystemReceipt)
	evm.SetBlockHash(receipts, header.Hash())
	payload, err := evm.EncodeBlockRecord(header, res.Txs, res.Receipts, res.SystemReceipt)
	if err != nil {
		return nil, nil, fmt.Errorf("encode block record: %w", err)
	}
	for i, r := range res.Receipts {
		p.results[p.ethResults[i]].GasUsed = int64(r.GasUsed)
	}
	fb := &finalizedBlock{height: p.height, header: header, txs: res.Txs, receipts: receipts, payload: payload}
	return fb, root, nil
}
