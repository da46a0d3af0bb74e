package app

import "github.com/hyperion-rollup/hyperion/x/system"

// GenesisState is the application part of CometBFT's genesis.json (`app_state`).
type GenesisState = system.GenesisState

// GenesisAccount is one pre-funded account of the genesis state.
type GenesisAccount = system.GenesisAccount

// Default genesis parameters.
const (
	DefaultBlockGasLimit  = system.DefaultBlockGasLimit
	DefaultInitialBaseFee = system.DefaultInitialBaseFee
	DevChainID            = system.DevChainID
)

// DefaultGenesisState returns a genesis with default parameters and no accounts.
func DefaultGenesisState(chainID uint64) GenesisState { return system.DefaultGenesisState(chainID) }

// ParseGenesisState decodes and validates app_state.
func ParseGenesisState(raw []byte) (GenesisState, error) { return system.ParseGenesisState(raw) }
