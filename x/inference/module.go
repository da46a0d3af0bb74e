package inference

import (
	"encoding/json"
	"fmt"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/store"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// Module seeds the registry state from genesis `inference_models`;
// governance changes it afterwards (ApplyGovChange).
type Module struct{}

// NewModule returns the inference module.
func NewModule() *Module { return &Module{} }

// Name implements system.Module.
func (*Module) Name() string { return "inference" }

// InitGenesis implements system.Module: the registry account (nonce 1, so
// EIP-161 never clears it) and every genesis model.
func (*Module) InitGenesis(appState []byte, _ system.ValidatorSet) ([]store.Change, error) {
	var g struct {
		Models []system.GenesisModel `json:"inference_models"`
	}
	if len(appState) > 0 {
		if err := json.Unmarshal(appState, &g); err != nil {
			return nil, fmt.Errorf("inference genesis: %w", err)
		}
	}
	db := evm.NewStateDB(emptyReader{})
	db.CreateAccount(PrecompileAddress)
	db.SetNonce(PrecompileAddress, 1, tracing.NonceChangeGenesis)
	r := NewRegistryState(db)
	for _, e := range GenesisEntries(g.Models) {
		if err := r.Register(e); err != nil {
			return nil, fmt.Errorf("inference genesis: %w", err)
		}
	}
	db.Finalise(evm.ChainConfig(1).Rules(common.Big0, true, 0))
	return db.Changes()
}

// EndBlock implements system.Module (registry changes come from gov).
func (*Module) EndBlock(*system.EndBlockContext) ([]abcitypes.ValidatorUpdate, error) {
	return nil, nil
}

// GenesisEntries converts genesis registrations.
func GenesisEntries(models []system.GenesisModel) []RegistryEntry {
	out := make([]RegistryEntry, 0, len(models))
	for _, m := range models {
		out = append(out, RegistryEntry{ID: ID(m.ID), Size: m.Size,
			Gas: GasParams{Base: m.GasBase, PerPosition: m.GasPerPos, MACsPerGas: m.MACsPerGas}})
	}
	return out
}

type emptyReader struct{}

func (emptyReader) Get([]byte) ([]byte, error) { return nil, nil }
