package abci

import (
	"errors"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/hyperion-rollup/hyperion/x/store"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// errNonEd25519Update rejects validator updates with other key types.
var errNonEd25519Update = errors.New("validator update: only ed25519 consensus keys are supported")

// scheduleUpdates records the validator updates returned at height: CometBFT
// applies them at height+2, so the commit-info tx of block height+3 (which
// carries height+2's extensions) is verified against the new set. It returns
// the new schedule and its state write, or nils when nothing changed.
func (a *App) scheduleUpdates(height int64, updates []abcitypes.ValidatorUpdate) (*system.SetSchedule, []store.Change, error) {
	if len(updates) == 0 {
		return nil, nil, nil
	}
	vals := make([]system.Validator, 0, len(updates))
	for _, u := range updates {
		pk := u.PubKey.GetEd25519()
		if len(pk) != ed25519.PubKeySize {
			return nil, nil, errNonEd25519Update
		}
		vals = append(vals, system.Validator{Address: ed25519.PubKey(pk).Address(), PubKey: pk, Power: u.Power})
	}
	next, err := a.chain.sets.Apply(vals, height+2, height)
	if err != nil {
		return nil, nil, err
	}
	return &next, []store.Change{{Key: system.ValidatorSetKey, Value: next.Encode()}}, nil
}
