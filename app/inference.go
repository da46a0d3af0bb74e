package app

import (
	"fmt"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/inference"
)

// loadPrecompiles loads the models registered at genesis from the node's
// model directory (each checked against its sha256) and returns the block
// precompiles: the inference precompile template, which builds each block's
// instance from the registry in consensus state (genesis models plus
// governance registrations). A node missing a genesis model refuses to start
// and names every missing file; one missing a model registered later by
// governance halts at the first block that needs the new registry, naming
// the file (see inference.NodePrecompile).
func loadPrecompiles(cfg Config, gen GenesisState) (evm.Precompiles, error) {
	reg, err := inference.LoadRegistry(cfg.ModelDir(), inference.GenesisEntries(gen.InferenceModels))
	if err != nil {
		return nil, fmt.Errorf("inference model registry (model dir %s): %w", cfg.ModelDir(), err)
	}
	return evm.Precompiles{inference.PrecompileAddress: inference.NewNodePrecompile(cfg.ModelDir(), reg)}, nil
}
