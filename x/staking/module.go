package staking

import (
	abcitypes "github.com/cometbft/cometbft/abci/types"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/store"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// Module plugs the staking keeper into the app's end-of-block hook.
type Module struct{}

// NewModule returns the staking module.
func NewModule() *Module { return &Module{} }

// Name implements system.Module.
func (*Module) Name() string { return "staking" }

// InitGenesis implements system.Module.
func (*Module) InitGenesis(appState []byte, vals system.ValidatorSet) ([]store.Change, error) {
	g, err := ParseGenesis(appState, vals)
	if err != nil {
		return nil, err
	}
	return GenesisChanges(g, vals)
}

// EndBlock implements system.Module: requests, evidence, liveness, fee
// distribution, matured unbondings, then the epoch boundary.
func (*Module) EndBlock(ctx *system.EndBlockContext) ([]abcitypes.ValidatorUpdate, error) {
	db := ctx.Builder.State()
	k := NewKeeper(db, ctx.Height, uint64(ctx.Time.Unix()))
	k.ApplyRequests()
	k.HandleEvidence(ctx.Misbehavior, ctx.Time)
	k.HandleLiveness(ctx.LastCommit)
	for _, cons := range ctx.WithheldShares {
		k.SlashWithheldShares(k.byConsAddr(cons))
	}
	k.DistributeFees()
	k.MatureUnbondings()
	updates := k.EndEpoch()
	ctx.Builder.SystemLogs = append(ctx.Builder.SystemLogs, k.Logs()...)
	return updates, db.Error()
}

// NextBoundary reports, from the state committed at height committed, the
// next epoch boundary: the height at whose end NextSet becomes the active
// set (abci.SetPlanner, for the threshold mempool's next-eon DKG).
func (*Module) NextBoundary(r store.Reader, committed int64) (int64, error) {
	db := evm.NewStateDB(r)
	b := NewKeeper(db, committed, 0).NextBoundary()
	return b, db.Error()
}

// PlannedSet reports, from the state committed at height committed, each
// validator of the set fixed for the next boundary: its CometBFT address and
// registered DKG key (nil when none). The threshold mempool runs the next
// eon's DKG among that set (abci.SetPlanner).
func (*Module) PlannedSet(r store.Reader, committed int64) (consAddrs, dkgKeys [][]byte, err error) {
	db := evm.NewStateDB(r)
	consAddrs, dkgKeys = NewKeeper(db, committed, 0).NextSetKeys()
	return consAddrs, dkgKeys, db.Error()
}
