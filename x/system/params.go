package system

import (
	"encoding/json"
	"fmt"
	"math/big"
)

// Params are the chain parameters fixed at genesis and kept in state
// (governance will change some of them later).
type Params struct {
	// EVMChainID is the EIP-155 chain id.
	EVMChainID uint64 `json:"evm_chain_id"`
	// BlockGasLimit is the block gas limit, mirrored into CometBFT's block.max_gas.
	BlockGasLimit uint64 `json:"block_gas_limit"`
	// InitialBaseFee is the base fee of the genesis block, in wei.
	InitialBaseFee *big.Int `json:"initial_base_fee"`
	// VoteExtensionsEnableHeight is CometBFT's abci.vote_extensions_enable_height.
	VoteExtensionsEnableHeight int64 `json:"vote_extensions_enable_height"`
	// BlockMaxBytes is CometBFT's block.max_bytes from genesis, repeated in
	// consensus-parameter updates that change block.max_gas.
	BlockMaxBytes int64 `json:"block_max_bytes"`
	// GenesisTime is the genesis time in unix seconds (the Ethereum block 0 timestamp).
	GenesisTime uint64 `json:"genesis_time"`
}

// CommitInfoRequired reports whether block `height` must start with a
// commit-info transaction: from the height after extensions were enabled.
func (p Params) CommitInfoRequired(height int64) bool {
	return p.VoteExtensionsEnableHeight > 0 && height > p.VoteExtensionsEnableHeight
}

// Encode is the state encoding of the parameters.
func (p Params) Encode() []byte {
	bz, err := json.Marshal(p)
	if err != nil {
		panic(fmt.Sprintf("system: encode params: %v", err))
	}
	return bz
}

// DecodeParams decodes the state encoding.
func DecodeParams(bz []byte) (Params, error) {
	var p Params
	if err := json.Unmarshal(bz, &p); err != nil {
		return p, fmt.Errorf("system: decode params: %w", err)
	}
	if p.InitialBaseFee == nil {
		return p, fmt.Errorf("system: params without initial base fee")
	}
	return p, nil
}

// State keys of the system lane.
var (
	ParamsKey       = []byte("sys/params")
	ValidatorSetKey = []byte("sys/valset")
	CometChainIDKey = []byte("sys/chain-id")
)

// MinBlockGasLimit is the smallest block gas limit a change may set.
const MinBlockGasLimit = 1_000_000

// Equal reports whether two parameter sets are the same.
func (p Params) Equal(o Params) bool {
	return p.EVMChainID == o.EVMChainID && p.BlockGasLimit == o.BlockGasLimit &&
		p.InitialBaseFee.Cmp(o.InitialBaseFee) == 0 &&
		p.VoteExtensionsEnableHeight == o.VoteExtensionsEnableHeight && p.GenesisTime == o.GenesisTime &&
		p.BlockMaxBytes == o.BlockMaxBytes
}

// ValidateChange checks a change from cur: only the mutable parameters may
// differ, within bounds.
func (p Params) ValidateChange(cur Params) error {
	if p.EVMChainID != cur.EVMChainID || p.GenesisTime != cur.GenesisTime || p.BlockMaxBytes != cur.BlockMaxBytes ||
		p.VoteExtensionsEnableHeight != cur.VoteExtensionsEnableHeight || p.InitialBaseFee.Cmp(cur.InitialBaseFee) != 0 {
		return fmt.Errorf("only block_gas_limit may change")
	}
	if p.BlockGasLimit < MinBlockGasLimit || p.BlockGasLimit > 1<<40 {
		return fmt.Errorf("block_gas_limit %d outside [%d, 2^40]", p.BlockGasLimit, MinBlockGasLimit)
	}
	return nil
}
