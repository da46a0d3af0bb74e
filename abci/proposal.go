package abci

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/system"
	"github.com/hyperion-rollup/hyperion/x/tenc/keeper"
)

// mode says what a failing transaction means to the shared proposal path.
type mode int

const (
	modePropose  mode = iota // proposer: skip the tx
	modeVerify               // ProcessProposal: reject the block
	modeFinalize             // FinalizeBlock of an unverified block: record a failed result
)

// proposal is one block being built or checked. PrepareProposal,
// ProcessProposal and FinalizeBlock all go through add, so the proposer can
// only make blocks the verifiers accept.
type proposal struct {
	app     *App
	mode    mode
	height  int64
	bctx    evm.BlockContext
	builder *evm.BlockBuilder

	maxBytes  int64
	usedBytes int64
	lane      laneID

	txs           [][]byte                  // accepted CometBFT txs, in order
	results       []*abcitypes.ExecTxResult // one per tx of the block (finalize mode keeps failures too)
	plaintext     []*types.Transaction
	ethResults    []int // index in results of each plaintext tx
	sawCommitInfo bool
	// deferred holds the plaintext txs left to the parallel executor (verify
	// and finalize modes with the parallel executor), in block order.
	deferred []*types.Transaction
	parallel bool
	// tenc is the threshold mempool's state as this block sees it; th the
	// block's decryption work (lane_decrypted.go).
	tenc *keeper.View
	th   thresholdBlock
}

func (a *App) newProposal(m mode, height int64, t time.Time, maxBytes int64) (*proposal, error) {
	if !a.chain.initialized {
		return nil, errors.New("chain not initialized: InitChain has not run")
	}
	if want := a.chain.lastHeader.Number.Int64() + 1; height != want {
		return nil, fmt.Errorf("proposal for height %d, next height is %d", height, want)
	}
	bctx := a.blockContext(height, t)
	b, err := evm.NewBlockBuilder(a.chain.evmConfig, a.stateForBlock(), bctx, a.hashAt)
	if err != nil {
		return nil, err
	}
	b.DeferBlooms() // only Finish's result is read
	p := &proposal{app: a, mode: m, height: height, bctx: bctx, builder: b, maxBytes: maxBytes}
	p.parallel = m != modePropose && a.exec.Parallel
	p.tenc = keeper.NewView(a.stateForBlock())
	return p, nil
}

// add puts one CometBFT transaction through its lane's rule. On error the
// block's state is as before the call.
func (p *proposal) add(raw []byte) error {
	it, err := decodeItem(raw)
	if err != nil {
		return err
	}
	return p.addItem(it)
}

// addItem is add for an already decoded transaction.
func (p *proposal) addItem(it item) error {
	raw, env := it.raw, it.env
	lane, err := laneOf(env)
	if err != nil {
		return err
	}
	if lane < p.lane {
		return fmt.Errorf("%w: %s after %s", ErrLaneOrder, lane, p.lane)
	}
	if p.maxBytes > 0 && p.usedBytes+protoTxSize(raw) > p.maxBytes {
		return errBlockFull
	}
	if err := p.applyLane(lane, it); err != nil {
		return err
	}
	p.lane = lane
	p.usedBytes += protoTxSize(raw)
	p.txs = append(p.txs, raw)
	p.results = append(p.results, &abcitypes.ExecTxResult{Code: abcitypes.CodeTypeOK})
	if lane == lanePlaintext {
		p.ethResults = append(p.ethResults, len(p.results)-1)
	}
	if lane == laneDecrypted {
		p.settleRevealed()
	}
	return nil
}

func (p *proposal) applyLane(lane laneID, it item) error {
	if lane != laneSystem && p.app.chain.params.CommitInfoRequired(p.height) && !p.sawCommitInfo {
		return ErrMissingCommitInfo
	}
	switch lane {
	case laneSystem:
		return p.applySystem(it.env)
	case laneDecrypted:
		return p.applyRevealed(it.env.GetRevealed())
	case lanePlaintext:
		return p.applyPlaintext(it.eth)
	case laneEnvelopes:
		return p.applyEnvelope(it.env.GetEncrypted())
	default:
		return fmt.Errorf("%w: lane %s has no rule yet", ErrUnknownBody, lane)
	}
}

func (p *proposal) builderNumber() *big.Int { return new(big.Int).SetUint64(p.bctx.Number) }

// check is the whole-block rule run after the last tx.
func (p *proposal) check() error {
	if p.app.chain.params.CommitInfoRequired(p.height) && !p.sawCommitInfo {
		return ErrMissingCommitInfo
	}
	if err := p.checkReveals(); err != nil {
		return err
	}
	return checkPlaintextOrder(p.plaintext, p.bctx.BaseFee, p.app.chain.evmConfig.ChainID)
}

// protoTxSize is the bytes a tx takes in a block's Data (CometBFT counts the
// protobuf field overhead against MaxTxBytes).
func protoTxSize(raw []byte) int64 {
	n := int64(len(raw))
	return n + 1 + int64(varintLen(uint64(n)))
}

func varintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

// PrepareProposal runs on the proposer of each height: it builds the block's
// lanes from the application's own pool (CometBFT's app mempool gives it no
// txs) within the byte and gas limits.
func (a *App) PrepareProposal(_ context.Context, req *abcitypes.RequestPrepareProposal) (*abcitypes.ResponsePrepareProposal, error) {
	p, err := a.newProposal(modePropose, req.Height, req.Time, req.MaxTxBytes)
	if err != nil {
		return nil, err
	}
	if a.chain.params.CommitInfoRequired(req.Height) {
		raw, err := commitInfoEnvelope(system.BuildCommitInfo(req.Height, req.LocalLastCommit))
		if err == nil {
			err = p.add(raw)
		}
		if err != nil {
			return nil, fmt.Errorf("build commit-info tx at height %d: %w", req.Height, err)
		}
		if err := a.fillDecrypted(p); err != nil {
			return nil, err
		}
	}
	a.fillPlaintext(p)
	a.fillEnvelopes(p)
	a.prepared = &preparedProposal{height: req.Height, time: req.Time, digest: txsDigest(p.txs), p: p}
	return &abcitypes.ResponsePrepareProposal{Txs: p.txs}, nil
}

// fillPlaintext takes pool txs by effective tip until the block is full.
func (a *App) fillPlaintext(p *proposal) {
	ordered := a.pool.Pending(p.bctx.BaseFee)
	for tx := ordered.Peek(); tx != nil; tx = ordered.Peek() {
		it, err := ethItem(tx)
		if err == nil {
			err = p.addItem(it)
		}
		switch {
		case err == nil:
			ordered.Shift()
		case errors.Is(err, errBlockFull):
			return
		case errors.Is(err, core.ErrNonceTooLow):
			ordered.Shift()
		default:
			// gas limit reached, funds, nonce gap...: skip the rest of this sender
			ordered.Pop()
		}
	}
}

// ProcessProposal runs on every validator for every proposal it receives: it
// re-runs the proposer's rules through the same code and rejects anything
// PrepareProposal would not make. An accepted block's execution is cached
// for FinalizeBlock.
func (a *App) ProcessProposal(_ context.Context, req *abcitypes.RequestProcessProposal) (*abcitypes.ResponseProcessProposal, error) {
	p, err := a.ownProposal(req)
	if p == nil && err == nil {
		if p, err = a.newProposal(modeVerify, req.Height, req.Time, 0); err == nil {
			err = p.addAll(req.Txs)
		}
		if err == nil {
			err = p.executeDeferred()
		}
	}
	if err == nil {
		err = p.check()
	}
	if err != nil {
		a.logger.Info("rejecting proposal", "height", req.Height, "hash", fmt.Sprintf("%X", req.Hash), "err", err)
		return &abcitypes.ResponseProcessProposal{Status: abcitypes.ResponseProcessProposal_REJECT}, nil
	}
	a.proposals.put(req.Hash, p)
	return &abcitypes.ResponseProcessProposal{Status: abcitypes.ResponseProcessProposal_ACCEPT}, nil
}

func (p *proposal) addAll(txs [][]byte) error {
	items := make([]item, len(txs))
	for i, raw := range txs {
		it, err := decodeItem(raw)
		if err != nil {
			return fmt.Errorf("tx %d: %w", i, err)
		}
		items[i] = it
	}
	p.recoverSenders(items)
	for i, it := range items {
		if err := p.addItem(it); err != nil {
			return fmt.Errorf("tx %d: %w", i, err)
		}
	}
	return nil
}

// proposalCache keeps the verified proposals of the current height.
type proposalCache struct{ byHash map[string]*proposal }

func (c *proposalCache) put(hash []byte, p *proposal) {
	if c.byHash == nil {
		c.byHash = map[string]*proposal{}
	}
	c.byHash[string(hash)] = p
}

func (c *proposalCache) take(hash []byte) *proposal {
	p := c.byHash[string(hash)]
	c.byHash = nil
	return p
}
