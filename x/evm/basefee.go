package evm

import (
	"math/big"

	"github.com/ethereum/go-ethereum/core/types"
)

// Default EIP-1559 settings: go-ethereum's mainnet constants and no floor.
const (
	DefaultBaseFeeChangeDenominator = 8
	DefaultElasticityMultiplier     = 2
)

// BaseFeeParams are the EIP-1559 settings of the base-fee rule. They are
// chain parameters (x/system.Params), changeable by governance.
type BaseFeeParams struct {
	// ChangeDenominator bounds the change between two blocks to 1/ChangeDenominator.
	ChangeDenominator uint64
	// ElasticityMultiplier is gas limit / gas target.
	ElasticityMultiplier uint64
	// MinBaseFee is the floor of the base fee, in wei.
	MinBaseFee uint64
}

// DefaultBaseFeeParams returns the defaults: denominator 8, elasticity 2, no floor.
func DefaultBaseFeeParams() BaseFeeParams {
	return BaseFeeParams{
		ChangeDenominator:    DefaultBaseFeeChangeDenominator,
		ElasticityMultiplier: DefaultElasticityMultiplier,
	}
}

// NextBaseFeeWith returns the base fee of the block after parent under the
// EIP-1559 rule with p's settings, in integer arithmetic, never below
// p.MinBaseFee. With the defaults it equals go-ethereum's eip1559.CalcBaseFee
// for post-London parents. A zero denominator or elasticity is taken as the
// default; a parent whose gas target is zero keeps its base fee.
func NextBaseFeeWith(parent *types.Header, p BaseFeeParams) *big.Int {
	denom, elasticity := p.ChangeDenominator, p.ElasticityMultiplier
	if denom == 0 {
		denom = DefaultBaseFeeChangeDenominator
	}
	if elasticity == 0 {
		elasticity = DefaultElasticityMultiplier
	}
	next := new(big.Int).Set(parent.BaseFee)
	target := parent.GasLimit / elasticity
	if target != 0 && parent.GasUsed != target {
		next = adjustBaseFee(parent.BaseFee, parent.GasUsed, target, denom)
	}
	if floor := new(big.Int).SetUint64(p.MinBaseFee); next.Cmp(floor) < 0 {
		return floor
	}
	return next
}

// adjustBaseFee moves fee by fee*|used-target|/target/denom: up by at least 1
// wei when used > target, down to no less than 0 otherwise.
func adjustBaseFee(fee *big.Int, used, target, denom uint64) *big.Int {
	var gasDelta uint64
	if used > target {
		gasDelta = used - target
	} else {
		gasDelta = target - used
	}
	delta := new(big.Int).SetUint64(gasDelta)
	delta.Mul(delta, fee)
	delta.Quo(delta, new(big.Int).SetUint64(target))
	delta.Quo(delta, new(big.Int).SetUint64(denom))
	if used > target {
		if delta.Sign() == 0 {
			delta.SetUint64(1)
		}
		return delta.Add(fee, delta)
	}
	next := delta.Sub(fee, delta)
	if next.Sign() < 0 {
		next.SetUint64(0)
	}
	return next
}
