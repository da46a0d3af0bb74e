package app

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	cmtlog "github.com/cometbft/cometbft/libs/log"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/hyperion-rollup/hyperion/abci"
	"github.com/hyperion-rollup/hyperion/rollup/batch"
	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/gov"
	"github.com/hyperion-rollup/hyperion/x/inference"
	"github.com/hyperion-rollup/hyperion/x/staking"
	"github.com/hyperion-rollup/hyperion/x/store"
	"github.com/hyperion-rollup/hyperion/x/txpool"
)

// ErrReplayNotCommitted is returned when a replayed block produced no commit event.
var ErrReplayNotCommitted = errors.New("replay: block not committed")

// Replayer re-executes L2 blocks from genesis with the node's own application (same modules, precompiles
// and executor) on a fresh store: the verifier's executor.
type Replayer struct {
	app  *abci.App
	st   *store.Store
	ix   *store.Index
	last *types.Header
}

// NewReplayer builds the application of home's genesis and config on a fresh store in dir and runs
// InitChain as CometBFT would.
func NewReplayer(cfg Config, dir string) (*Replayer, error) {
	conf, err := LoadCometConfig(cfg.Home)
	if err != nil {
		return nil, err
	}
	doc, err := cmttypes.GenesisDocFromFile(conf.GenesisFile())
	if err != nil {
		return nil, fmt.Errorf("read genesis: %w", err)
	}
	gen, err := ParseGenesisState(doc.AppState)
	if err != nil {
		return nil, err
	}
	r := new(Replayer)
	if err := r.open(cfg, gen, dir); err != nil {
		r.Close()
		return nil, err
	}
	if _, err := r.app.InitChain(context.Background(), initChainRequest(doc)); err != nil {
		r.Close()
		return nil, fmt.Errorf("replay InitChain: %w", err)
	}
	return r, nil
}

func (r *Replayer) open(cfg Config, gen GenesisState, dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	var err error
	if r.st, err = store.Open(store.Options{Dir: filepath.Join(dir, "state"), CacheSize: cfg.State.CacheSize}); err != nil {
		return err
	}
	if r.ix, err = store.OpenIndex(filepath.Join(dir, "index")); err != nil {
		return err
	}
	pool := txpool.New(txpool.Config{AccountSlots: cfg.TxPool.AccountSlots, GlobalSlots: cfg.TxPool.GlobalSlots, PriceBump: cfg.TxPool.PriceBump},
		evm.ChainConfig(gen.ChainID), nil, txpool.Head{})
	precompiles, err := loadPrecompiles(cfg, gen)
	if err != nil {
		return err
	}
	r.app, err = abci.New(abci.Options{
		Store: r.st, Index: r.ix, Pool: pool, Logger: cmtlog.NewNopLogger(), Precompiles: precompiles,
		Executor: abci.ExecutorOptions{Parallel: cfg.Executor == ExecutorParallel, Workers: cfg.Workers},
		Modules:  []abci.Module{staking.NewModule(), gov.NewModule(), inference.NewModule()},
	})
	if err != nil {
		return err
	}
	r.app.Subscribe(func(ev abci.CommitEvent) { r.last = ev.Header })
	return nil
}

// initChainRequest is the InitChain request CometBFT sends for doc.
func initChainRequest(doc *cmttypes.GenesisDoc) *abcitypes.RequestInitChain {
	vals := make([]*cmttypes.Validator, len(doc.Validators))
	for i, v := range doc.Validators {
		vals[i] = cmttypes.NewValidator(v.PubKey, v.Power)
	}
	params := doc.ConsensusParams.ToProto()
	return &abcitypes.RequestInitChain{
		Time: doc.GenesisTime, ChainId: doc.ChainID, InitialHeight: doc.InitialHeight, ConsensusParams: &params,
		Validators: cmttypes.TM2PB.ValidatorUpdates(cmttypes.NewValidatorSet(vals)), AppStateBytes: doc.AppState,
	}
}

// Execute re-executes one block the way a validator executes a block it receives: ProcessProposal (which
// recovers the senders on every CPU and caches the execution), then FinalizeBlock and Commit. A block
// ProcessProposal would reject is still executed, by FinalizeBlock alone, as CometBFT decided it. It
// returns the block's state root and Ethereum block hash.
func (r *Replayer) Execute(b *batch.Block) (common.Hash, common.Hash, error) {
	req := b.FinalizeRequest()
	req.Hash = replayBlockKey(b.Height)
	_, err := r.app.ProcessProposal(context.Background(), &abcitypes.RequestProcessProposal{
		Txs: req.Txs, Height: req.Height, Time: req.Time, Hash: req.Hash, ProposerAddress: req.ProposerAddress,
	})
	if err != nil {
		return common.Hash{}, common.Hash{}, err
	}
	return r.finalize(req)
}

// ExecuteDecided re-executes one block by FinalizeBlock and Commit alone, as CometBFT's handshake replays
// blocks after a restart (senders recovered one by one during execution).
func (r *Replayer) ExecuteDecided(b *batch.Block) (common.Hash, common.Hash, error) {
	return r.finalize(b.FinalizeRequest())
}

func (r *Replayer) finalize(req *abcitypes.RequestFinalizeBlock) (common.Hash, common.Hash, error) {
	r.last = nil
	ctx := context.Background()
	if _, err := r.app.FinalizeBlock(ctx, req); err != nil {
		return common.Hash{}, common.Hash{}, err
	}
	if _, err := r.app.Commit(ctx, &abcitypes.RequestCommit{}); err != nil {
		return common.Hash{}, common.Hash{}, err
	}
	if r.last == nil || r.last.Number.Int64() != req.Height {
		return common.Hash{}, common.Hash{}, fmt.Errorf("%w: %d", ErrReplayNotCommitted, req.Height)
	}
	return r.last.Root, r.last.Hash(), nil
}

// replayBlockKey is the key under which ProcessProposal caches a replayed block's execution for
// FinalizeBlock (execution does not read the CometBFT block hash, which batches do not carry).
func replayBlockKey(height uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte("hyperion-replay-"), height)
}

// Close closes the replay stores.
func (r *Replayer) Close() {
	if r.ix != nil {
		r.ix.Close()
	}
	if r.st != nil {
		r.st.Close()
	}
}
