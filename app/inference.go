package app

import (
	"fmt"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/inference"
)

// loadPrecompiles loads the models registered at genesis from the node's
// model directory (each checked against its sha256) and returns the block
// precompiles: the inference precompile over the registry. A node missing a
// registered model refuses to start and names every missing file.
func loadPrecompiles(cfg Config, gen GenesisState) (evm.Precompiles, error) {
	entries := make([]inference.RegistryEntry, 0, len(gen.InferenceModels))
	for _, m := range gen.InferenceModels {
		entries = append(entries, inference.RegistryEntry{
			ID:   inference.ID(m.ID),
			Size: m.Size,
			Gas:  inference.GasParams{Base: m.GasBase, PerPosition: m.GasPerPos, MACsPerGas: m.MACsPerGas},
		})
	}
	reg, err := inference.LoadRegistry(cfg.ModelDir(), entries)
	if err != nil {
		return nil, fmt.Errorf("inference model registry (model dir %s): %w", cfg.ModelDir(), err)
	}
	return evm.Precompiles{inference.PrecompileAddress: inference.NewPrecompile(reg.Snapshot())}, nil
}
