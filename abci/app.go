// Package abci is Hyperion's consensus boundary: the ABCI++ application that
// CometBFT drives. One file per ABCI++ concern; the business logic lives in
// the x/ modules, this package only sequences them per height.
package abci

import (
	"math/big"
	"sync"
	"sync/atomic"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	cmtlog "github.com/cometbft/cometbft/libs/log"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/store"
	"github.com/hyperion-rollup/hyperion/x/system"
	"github.com/hyperion-rollup/hyperion/x/txpool"
)

var _ abcitypes.Application = (*App)(nil)

// CommitEvent is what subscribers (JSON-RPC, rollup) learn after a height is
// durably committed.
type CommitEvent struct {
	Height   int64
	Header   *types.Header
	Txs      []*types.Transaction
	Receipts []*types.Receipt // including the system receipt, last
}

// Options are the App's collaborators, owned by the caller.
type Options struct {
	Store  *store.Store
	Index  *store.Index
	Pool   *txpool.Pool
	Logger cmtlog.Logger
	// Modules run at genesis and at the end of every block, in this order.
	Modules []Module
	// Precompiles are the blocks' extra precompiled contracts (inference).
	Precompiles evm.Precompiles
	// CrashPoint, if set, is called at named points of Commit; tests use it to
	// kill the process between the index write and SaveVersion.
	CrashPoint func(point string, height int64)
	// Executor chooses how blocks whose tx list is known are executed.
	Executor ExecutorOptions
}

// App is the ABCI++ application.
type App struct {
	store  *store.Store
	index  *store.Index
	pool   *txpool.Pool
	logger cmtlog.Logger
	crash  func(point string, height int64)
	// modules run at genesis and end of block, in order.
	modules []Module
	// precompiles are the blocks' extra precompiled contracts.
	precompiles evm.Precompiles
	// exec chooses Block-STM for ProcessProposal and decided blocks.
	exec ExecutorOptions
	// fallbacks remembers whether Block-STM fell back on the last block it
	// ran (evm.FallbackHistory).
	fallbacks evm.FallbackHistory
	// costs remembers what a gas unit cost through Block-STM and in order
	// on recent blocks (evm.CostHistory).
	costs evm.CostHistory

	// chain is the consensus-visible chain state (params, set, last header);
	// only the consensus connection touches it, under the ABCI client's lock.
	chain chainState
	// proposals caches verified proposals by block hash for FinalizeBlock.
	proposals proposalCache
	// visible is the last height whose Commit finished completely (store,
	// pool, chain state): what clients may see.
	visible atomic.Int64
	// paramsView is the chain parameters after the visible height, for
	// readers on other goroutines (params_view.go).
	paramsView atomic.Pointer[ParamsView]
	// prepared is the last block this node proposed, reused by ProcessProposal.
	prepared *preparedProposal
	// pending is the block finalized but not yet committed.
	pending *finalizedBlock
	// attester signs rollup batch headers in vote extensions (voteext.go); nil when not a rollup signer.
	attester atomicAttester
	// tnode is this validator's part in threshold decryption (dkg.go).
	tnode thresholdNode
	// envelopes is the pool of threshold-encrypted envelopes (lane_encrypted.go).
	envelopes envelopePool

	subMu       sync.Mutex
	subscribers []func(CommitEvent)
	pendingSubs []func(*types.Transaction) // see SubscribePending (feed.go)
}

// chainState is what the application keeps in memory between heights.
type chainState struct {
	chainID     string // CometBFT chain id
	evmConfig   *params.ChainConfig
	params      system.Params
	sets        system.SetSchedule // the consensus set over heights
	lastHeader  *types.Header      // Ethereum header of the last committed height
	recentHash  map[uint64]common.Hash
	initialized bool
	// genesisPending is set between InitChain and the first Commit: the
	// genesis state is only in the working tree, so height 1 reads it through
	// genesisOverlay, and Commit also indexes block 0.
	genesisPending bool
	genesisOverlay map[string]store.Change
}

// New builds the application over an opened store, index and pool.
func New(opts Options) (*App, error) {
	a := &App{
		store:       opts.Store,
		index:       opts.Index,
		pool:        opts.Pool,
		logger:      opts.Logger,
		crash:       opts.CrashPoint,
		modules:     opts.Modules,
		precompiles: opts.Precompiles,
		exec:        opts.Executor,
	}
	if a.logger == nil {
		a.logger = cmtlog.NewNopLogger()
	}
	if a.crash == nil {
		a.crash = func(string, int64) {}
	}
	if err := a.loadChainState(); err != nil {
		return nil, err
	}
	if a.chain.initialized {
		a.pool.Reset(a.poolState(), a.poolHead(), nil)
	}
	a.visible.Store(a.store.LastVersion())
	return a, nil
}

// Subscribe registers fn to be called after every Commit, in height order,
// from the consensus goroutine: fn must not block.
func (a *App) Subscribe(fn func(CommitEvent)) {
	a.subMu.Lock()
	defer a.subMu.Unlock()
	a.subscribers = append(a.subscribers, fn)
}

func (a *App) notify(ev CommitEvent) {
	a.subMu.Lock()
	subs := append([]func(CommitEvent){}, a.subscribers...)
	a.subMu.Unlock()
	for _, fn := range subs {
		fn(ev)
	}
}

// VisibleHeight is the last height whose Commit completed: saved, the pool
// re-validated and the chain state advanced. Clients should see nothing
// above it, so a receipt never shows while the pool still holds its tx.
func (a *App) VisibleHeight() int64 { return a.visible.Load() }

// Precompiles returns the extra precompiled contracts blocks execute with;
// eth_call uses the same.
func (a *App) Precompiles() evm.Precompiles { return a.precompiles }

// EVMConfig returns the chain config, once the chain is initialized.
func (a *App) EVMConfig() *params.ChainConfig { return a.chain.evmConfig }

// ChainID returns the EIP-155 chain id, or nil before InitChain.
func (a *App) ChainID() *big.Int {
	if a.chain.evmConfig == nil {
		return nil
	}
	return new(big.Int).Set(a.chain.evmConfig.ChainID)
}
