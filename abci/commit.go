package abci

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/common"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/txpool"
)

// Crash points of Commit, for fault-injection tests.
const (
	CrashAfterIndex = "after-index" // block index written, SaveVersion not yet
	CrashAfterSave  = "after-save"  // SaveVersion done, pool and subscribers not yet told
)

// Commit runs after FinalizeBlock of each height: it writes the Ethereum
// block/receipt index first (idempotent by height), then saves the IAVL
// version (the commit point), then updates the pool and notifies
// subscribers. A crash between the two writes is repaired at start by
// dropping index entries above the IAVL version.
func (a *App) Commit(_ context.Context, _ *abcitypes.RequestCommit) (*abcitypes.ResponseCommit, error) {
	fb := a.pending
	if fb == nil {
		return nil, fmt.Errorf("commit without a finalized block")
	}
	if err := a.writeIndex(fb); err != nil {
		return nil, err
	}
	a.crash(CrashAfterIndex, fb.height)
	if _, version, err := a.store.Commit(); err != nil {
		return nil, fmt.Errorf("save version %d: %w", fb.height, err)
	} else if version != fb.height {
		return nil, fmt.Errorf("saved version %d for height %d", version, fb.height)
	}
	a.crash(CrashAfterSave, fb.height)
	a.advance(fb)
	a.visible.Store(fb.height)
	a.publishParams(fb.height) // after visible: the snapshot's height is always servable
	a.notify(CommitEvent{Height: fb.height, Header: fb.header, Txs: fb.txs, Receipts: fb.receipts})
	return &abcitypes.ResponseCommit{}, nil
}

// writeIndex writes the block (and, with height 1, the genesis block 0).
func (a *App) writeIndex(fb *finalizedBlock) error {
	if a.chain.genesisPending {
		gen := a.chain.lastHeader
		payload, err := evm.EncodeBlockRecord(gen, nil, nil, nil)
		if err != nil {
			return fmt.Errorf("encode genesis block: %w", err)
		}
		if err := a.index.PutBlock(0, gen.Hash(), nil, payload); err != nil {
			return fmt.Errorf("index genesis block: %w", err)
		}
	}
	hashes := make([][32]byte, 0, len(fb.receipts))
	for _, r := range fb.receipts {
		hashes = append(hashes, r.TxHash)
	}
	if err := a.index.PutBlock(fb.height, fb.header.Hash(), hashes, fb.payload); err != nil {
		return fmt.Errorf("index block %d: %w", fb.height, err)
	}
	return nil
}

// advance moves the in-memory chain state to the committed block and
// re-validates the pool against the new state.
func (a *App) advance(fb *finalizedBlock) {
	a.chain.lastHeader = fb.header
	if fb.sets != nil {
		a.chain.sets = *fb.sets
	}
	if fb.params != nil {
		a.chain.params = *fb.params
	}
	a.chain.genesisPending = false
	a.chain.genesisOverlay = nil
	a.rememberHash(fb.header.Number.Uint64(), fb.header.Hash())
	a.pending = nil
	a.proposals.take(nil)
	included := make([]common.Hash, len(fb.txs))
	for i, tx := range fb.txs {
		included[i] = tx.Hash()
	}
	a.pool.Reset(a.poolState(), a.poolHead(), included)
	a.purgeEnvelopes()
}

// poolHead is the block the pool validates for: the next one.
func (a *App) poolHead() txpool.Head {
	last := a.chain.lastHeader
	return txpool.Head{
		Number:   last.Number.Uint64() + 1,
		Time:     last.Time,
		BaseFee:  evm.NextBaseFeeWith(last, a.chain.params.BaseFee()),
		GasLimit: a.chain.params.BlockGasLimit,
	}
}

// CrashPointFromEnv returns a crash hook for HYPERION_CRASH_AT="point:height"
// (test-only fault injection): the process exits abruptly at that point.
func CrashPointFromEnv() func(point string, height int64) {
	spec := os.Getenv("HYPERION_CRASH_AT")
	name, h, ok := strings.Cut(spec, ":")
	height, err := strconv.ParseInt(h, 10, 64)
	if !ok || err != nil {
		return nil
	}
	return func(point string, at int64) {
		if point == name && at == height {
			fmt.Fprintf(os.Stderr, "HYPERION_CRASH_AT: crashing at %s of height %d\n", point, at)
			os.Exit(137)
		}
	}
}
