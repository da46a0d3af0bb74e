package system

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
)

// GenesisAccount is one pre-funded account of the genesis state.
type GenesisAccount struct {
	// Balance in wei, as a decimal string.
	Balance string `json:"balance"`
	// Code is optional contract code, hex.
	Code string `json:"code,omitempty"`
	// Storage is optional contract storage.
	Storage map[common.Hash]common.Hash `json:"storage,omitempty"`
	// Nonce is the account's starting nonce.
	Nonce uint64 `json:"nonce,omitempty"`
}

// GenesisState is the application part of CometBFT's genesis.json
// (`app_state`): the EVM chain id, parameters and the pre-funded accounts.
type GenesisState struct {
	// ChainID is the EIP-155 chain id (31337 for --dev homes).
	ChainID uint64 `json:"chain_id"`
	// BlockGasLimit is the block gas limit; mirrored into CometBFT's block.max_gas.
	BlockGasLimit uint64 `json:"block_gas_limit"`
	// InitialBaseFee is the base fee of block 1 in wei, decimal.
	InitialBaseFee string `json:"initial_base_fee"`
	// Alloc holds the pre-funded accounts.
	Alloc map[common.Address]GenesisAccount `json:"alloc"`
	// Staking and Gov are the modules' sections (x/staking, x/gov read them;
	// absent means defaults).
	Staking json.RawMessage `json:"staking,omitempty"`
	Gov     json.RawMessage `json:"gov,omitempty"`
	// InferenceModels are the models registered at genesis for the inference
	// precompile; every node must hold their files.
	InferenceModels []GenesisModel `json:"inference_models,omitempty"`
}

// GenesisModel registers one model: its sha256 id, file size and gas parameters.
type GenesisModel struct {
	ID         common.Hash `json:"id"`
	Size       uint64      `json:"size"`
	GasBase    uint64      `json:"gas_base"`
	GasPerPos  uint64      `json:"gas_per_position"`
	MACsPerGas uint64      `json:"macs_per_gas"`
}

// Default genesis parameters.
const (
	DefaultBlockGasLimit  = 60_000_000
	DefaultInitialBaseFee = 1_000_000_000 // 1 gwei, as go-ethereum's params.InitialBaseFee
	DevChainID            = 31337
)

// DefaultGenesisState returns a genesis with default parameters and no accounts.
func DefaultGenesisState(chainID uint64) GenesisState {
	return GenesisState{
		ChainID:        chainID,
		BlockGasLimit:  DefaultBlockGasLimit,
		InitialBaseFee: big.NewInt(DefaultInitialBaseFee).String(),
		Alloc:          map[common.Address]GenesisAccount{},
	}
}

// Validate checks the genesis state's parameters.
func (g GenesisState) Validate() error {
	if g.ChainID == 0 {
		return fmt.Errorf("genesis: chain_id must be positive")
	}
	if g.BlockGasLimit < 21_000 {
		return fmt.Errorf("genesis: block_gas_limit %d below 21000", g.BlockGasLimit)
	}
	if _, ok := new(big.Int).SetString(g.InitialBaseFee, 10); !ok {
		return fmt.Errorf("genesis: initial_base_fee %q is not a decimal integer", g.InitialBaseFee)
	}
	for addr, acc := range g.Alloc {
		if _, ok := new(big.Int).SetString(acc.Balance, 10); !ok {
			return fmt.Errorf("genesis: balance of %s %q is not a decimal integer", addr, acc.Balance)
		}
	}
	return nil
}

// ParseGenesisState decodes and validates app_state.
func ParseGenesisState(raw []byte) (GenesisState, error) {
	var g GenesisState
	if err := json.Unmarshal(raw, &g); err != nil {
		return g, fmt.Errorf("genesis: decode app_state: %w", err)
	}
	return g, g.Validate()
}
