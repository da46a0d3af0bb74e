package system

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/hyperion-rollup/hyperion/x/evm"
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
	// BaseFeeChangeDenominator is EIP-1559's base fee change denominator;
	// 0 (absent in older encodings) means evm.DefaultBaseFeeChangeDenominator.
	BaseFeeChangeDenominator uint64 `json:"base_fee_change_denominator,omitempty"`
	// ElasticityMultiplier is EIP-1559's gas limit / gas target; 0 (absent)
	// means evm.DefaultElasticityMultiplier.
	ElasticityMultiplier uint64 `json:"elasticity_multiplier,omitempty"`
	// MinBaseFee is the floor of the base fee in wei (0: none).
	MinBaseFee uint64 `json:"min_base_fee,omitempty"`
}

// BaseFee returns the effective EIP-1559 settings: absent values are the defaults.
func (p Params) BaseFee() evm.BaseFeeParams {
	out := evm.DefaultBaseFeeParams()
	if p.BaseFeeChangeDenominator != 0 {
		out.ChangeDenominator = p.BaseFeeChangeDenominator
	}
	if p.ElasticityMultiplier != 0 {
		out.ElasticityMultiplier = p.ElasticityMultiplier
	}
	out.MinBaseFee = p.MinBaseFee
	return out
}

// Clone returns a copy that shares no memory with p.
func (p Params) Clone() Params {
	if p.InitialBaseFee != nil {
		p.InitialBaseFee = new(big.Int).Set(p.InitialBaseFee)
	}
	return p
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

// Bounds of the base-fee settings a change may set.
const (
	MaxBaseFeeChangeDenominator = 1024
	MaxElasticityMultiplier     = 32
	MaxMinBaseFee               = 1_000_000_000_000_000 // 1e15 wei
)

// Equal reports whether two parameter sets are the same (field by field, as encoded).
func (p Params) Equal(o Params) bool {
	return p.EVMChainID == o.EVMChainID && p.BlockGasLimit == o.BlockGasLimit &&
		p.InitialBaseFee.Cmp(o.InitialBaseFee) == 0 &&
		p.VoteExtensionsEnableHeight == o.VoteExtensionsEnableHeight && p.GenesisTime == o.GenesisTime &&
		p.BlockMaxBytes == o.BlockMaxBytes && p.BaseFeeChangeDenominator == o.BaseFeeChangeDenominator &&
		p.ElasticityMultiplier == o.ElasticityMultiplier && p.MinBaseFee == o.MinBaseFee
}

// ValidateChange checks a change from cur: only the mutable parameters
// (block gas limit and base-fee settings) may differ, within bounds. A
// base-fee setting left as it was (even absent) is accepted; a changed one
// must be in bounds.
func (p Params) ValidateChange(cur Params) error {
	if p.EVMChainID != cur.EVMChainID || p.GenesisTime != cur.GenesisTime || p.BlockMaxBytes != cur.BlockMaxBytes ||
		p.VoteExtensionsEnableHeight != cur.VoteExtensionsEnableHeight || p.InitialBaseFee.Cmp(cur.InitialBaseFee) != 0 {
		return fmt.Errorf("only block_gas_limit and the base-fee settings may change")
	}
	if p.BlockGasLimit < MinBlockGasLimit || p.BlockGasLimit > 1<<40 {
		return fmt.Errorf("block_gas_limit %d outside [%d, 2^40]", p.BlockGasLimit, MinBlockGasLimit)
	}
	return p.validateBaseFeeChange(cur)
}

func (p Params) validateBaseFeeChange(cur Params) error {
	if d := p.BaseFeeChangeDenominator; d != cur.BaseFeeChangeDenominator && (d < 1 || d > MaxBaseFeeChangeDenominator) {
		return fmt.Errorf("base_fee_change_denominator %d outside [1, %d]", d, MaxBaseFeeChangeDenominator)
	}
	if e := p.ElasticityMultiplier; e != cur.ElasticityMultiplier && (e < 1 || e > MaxElasticityMultiplier) {
		return fmt.Errorf("elasticity_multiplier %d outside [1, %d]", e, MaxElasticityMultiplier)
	}
	if p.MinBaseFee > MaxMinBaseFee {
		return fmt.Errorf("min_base_fee %d above %d wei", p.MinBaseFee, uint64(MaxMinBaseFee))
	}
	return nil
}
