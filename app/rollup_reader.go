package app

import (
	"errors"
	"fmt"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	sm "github.com/cometbft/cometbft/state"
	"github.com/cometbft/cometbft/store"
)

// ErrBlockNotStored is returned for a height CometBFT's block store does not hold.
var ErrBlockNotStored = errors.New("block not in the block store")

// BlockInputsReader reads the FinalizeBlock inputs of committed blocks from CometBFT's block and state
// stores: the rollup's batches carry exactly what FinalizeBlock received, built by CometBFT's own functions.
type BlockInputsReader struct {
	blocks        *store.BlockStore
	states        sm.Store
	initialHeight int64
}

// BlockInputsReader returns the reader of this node's committed blocks (valid once the node started).
func (n *Node) BlockInputsReader() (*BlockInputsReader, error) {
	env, err := n.comet.ConfigureRPC()
	if err != nil {
		return nil, err
	}
	return &BlockInputsReader{blocks: n.comet.BlockStore(), states: env.StateStore, initialHeight: env.GenDoc.InitialHeight}, nil
}

// FinalizeInputs rebuilds the FinalizeBlock request of committed block height.
func (r *BlockInputsReader) FinalizeInputs(height int64) (*abcitypes.RequestFinalizeBlock, error) {
	blk := r.blocks.LoadBlock(height)
	if blk == nil {
		return nil, fmt.Errorf("%w: %d", ErrBlockNotStored, height)
	}
	req := &abcitypes.RequestFinalizeBlock{
		Txs: blk.Txs.ToSliceOfBytes(), Misbehavior: blk.Evidence.Evidence.ToABCI(), Hash: blk.Hash(),
		Height: blk.Height, Time: blk.Time, NextValidatorsHash: blk.NextValidatorsHash, ProposerAddress: blk.ProposerAddress,
	}
	if height > r.initialHeight {
		vals, err := r.states.LoadValidators(height - 1)
		if err != nil {
			return nil, fmt.Errorf("validators of height %d: %w", height-1, err)
		}
		if len(vals.Validators) != blk.LastCommit.Size() {
			return nil, fmt.Errorf("block %d: commit of %d votes for %d validators", height, blk.LastCommit.Size(), len(vals.Validators))
		}
		req.DecidedLastCommit = sm.BuildLastCommitInfo(blk, vals, r.initialHeight)
	}
	return req, nil
}
