package abci

import (
	"fmt"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"

	"github.com/hyperion-rollup/hyperion/x/store"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// paramUpdates validates parameters a module changed at the end of a block and
// returns their state write and, for a new gas limit, CometBFT's consensus
// parameter update (block.max_gas mirrors the gas limit). Unchanged
// parameters return nils.
func (a *App) paramUpdates(next system.Params) ([]store.Change, *cmtproto.ConsensusParams, error) {
	cur := a.chain.params
	if next.Equal(cur) {
		return nil, nil, nil
	}
	if err := next.ValidateChange(cur); err != nil {
		return nil, nil, fmt.Errorf("module changed parameters: %w", err)
	}
	changes := []store.Change{{Key: system.ParamsKey, Value: next.Encode()}}
	if next.BlockGasLimit == cur.BlockGasLimit {
		return changes, nil, nil
	}
	return changes, &cmtproto.ConsensusParams{
		Block: &cmtproto.BlockParams{MaxBytes: cur.BlockMaxBytes, MaxGas: int64(next.BlockGasLimit)},
	}, nil
}
