package evm

import (
	"maps"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/params"
)

// Precompiles are a block's precompiled contracts beyond Ethereum's own (the
// inference precompile over the block's model-registry snapshot). They are
// pure functions of their input and that snapshot (DESIGN.md §3).
type Precompiles map[common.Address]vm.PrecompiledContract

// installPrecompiles puts the block's extra precompiles next to the fork's
// own on evm, each BlockPrecompile as a fresh instance over evm's state.
// Without extras the EVM keeps its defaults.
func installPrecompiles(evm *vm.EVM, rules params.Rules, extra Precompiles) error {
	if len(extra) == 0 {
		return nil
	}
	extra, err := extra.forBlock(evm.StateDB)
	if err != nil {
		return err
	}
	setPrecompiles(evm, rules, extra)
	return nil
}

// setPrecompiles installs extra as they are.
func setPrecompiles(evm *vm.EVM, rules params.Rules, extra Precompiles) {
	if len(extra) == 0 {
		return
	}
	merged := make(vm.PrecompiledContracts, len(extra)+32)
	maps.Copy(merged, vm.ActivePrecompiledContracts(rules))
	maps.Copy(merged, extra)
	evm.SetPrecompiles(merged)
}
