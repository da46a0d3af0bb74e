package abci

import (
	"fmt"

	abcitypes "github.com/cometbft/cometbft/abci/types"

	"github.com/hyperion-rollup/hyperion/x/store"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// Module is a state-machine module; see system.Module.
type Module = system.Module

// EndBlockContext is what a module sees at the end of a block; see system.EndBlockContext.
type EndBlockContext = system.EndBlockContext

// moduleGenesis collects every module's genesis writes.
func (a *App) moduleGenesis(appState []byte, vals system.ValidatorSet) ([]store.Change, error) {
	var out []store.Change
	for _, m := range a.modules {
		changes, err := m.InitGenesis(appState, vals)
		if err != nil {
			return nil, fmt.Errorf("%s genesis: %w", m.Name(), err)
		}
		out = append(out, changes...)
	}
	return out, nil
}

// endBlock runs every module's EndBlock in order and gathers validator updates.
func (a *App) endBlock(ctx *EndBlockContext) ([]abcitypes.ValidatorUpdate, error) {
	var updates []abcitypes.ValidatorUpdate
	for _, m := range a.modules {
		u, err := m.EndBlock(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s end block: %w", m.Name(), err)
		}
		updates = append(updates, u...)
	}
	return updates, nil
}
