package gov

import (
	"encoding/json"
	"fmt"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/staking"
	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
	"github.com/hyperion-rollup/hyperion/x/store"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// GenesisState is the `gov` section of app_state.
type GenesisState struct {
	Params *Params `json:"params,omitempty"`
}

// Module plugs the gov keeper into the app's end-of-block hook; it must run
// after the staking module.
type Module struct{}

// NewModule returns the gov module.
func NewModule() *Module { return &Module{} }

// Name implements system.Module.
func (*Module) Name() string { return "gov" }

// ParseGenesis reads the gov section of app_state (defaults when absent).
func ParseGenesis(appState []byte) (GenesisState, error) {
	var sec struct {
		Gov *GenesisState `json:"gov"`
	}
	if len(appState) > 0 {
		if err := json.Unmarshal(appState, &sec); err != nil {
			return GenesisState{}, fmt.Errorf("gov genesis: %w", err)
		}
	}
	g := GenesisState{}
	if sec.Gov != nil {
		g = *sec.Gov
	}
	if g.Params == nil {
		p := DefaultParams()
		g.Params = &p
	}
	return g, g.Params.Validate()
}

// InitGenesis implements system.Module: the contract, its parameters and the
// param() views of every governable parameter.
func (*Module) InitGenesis(appState []byte, vals system.ValidatorSet) ([]store.Change, error) {
	g, err := ParseGenesis(appState)
	if err != nil {
		return nil, err
	}
	sg, err := staking.ParseGenesis(appState, vals)
	if err != nil {
		return nil, err
	}
	var chain struct {
		BlockGasLimit uint64 `json:"block_gas_limit"`
	}
	if err := json.Unmarshal(appState, &chain); err != nil {
		return nil, fmt.Errorf("gov genesis: %w", err)
	}
	db := evm.NewStateDB(emptyReader{})
	db.CreateAccount(GovAddress)
	db.SetNonce(GovAddress, 1, tracing.NonceChangeGenesis)
	db.SetCode(GovAddress, Code(), tracing.CodeChangeGenesis)
	st := solstore.New(db, GovAddress)
	writeParams(st, *g.Params)
	writeParamViews(st, system.Params{BlockGasLimit: chain.BlockGasLimit}, *sg.Params, *g.Params)
	db.Finalise(evm.ChainConfig(1).Rules(common.Big0, true, 0))
	return db.Changes()
}

// EndBlock implements system.Module.
func (*Module) EndBlock(ctx *system.EndBlockContext) ([]abcitypes.ValidatorUpdate, error) {
	db := ctx.Builder.State()
	sk := staking.NewKeeper(db, ctx.Height, uint64(ctx.Time.Unix()))
	k := NewKeeper(db, sk, ctx.Params, ctx.Height)
	k.EndBlock()
	ctx.Builder.SystemLogs = append(ctx.Builder.SystemLogs, k.Logs()...)
	return nil, db.Error()
}

type emptyReader struct{}

func (emptyReader) Get([]byte) ([]byte, error) { return nil, nil }
