package jsonrpc

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/consensus/misc/eip1559"
	"github.com/ethereum/go-ethereum/params"
)

// SuggestedPriorityFee is the tip eth_maxPriorityFeePerGas suggests and eth_gasPrice adds
// to the next base fee: 1 gwei, the floor ethers v6 also falls back to. Blocks order the
// plaintext lane by priority fee, so this is a sane default, not a market estimate; a fee
// oracle over recent blocks replaces it together with eth_feeHistory.
var SuggestedPriorityFee = big.NewInt(params.GWei)

// eip1559Rules is a chain configuration with London active from genesis, used only for
// go-ethereum's default EIP-1559 parameters.
var eip1559Rules = &params.ChainConfig{ChainID: big.NewInt(1), LondonBlock: new(big.Int)}

// MaxPriorityFeePerGas returns the suggested tip in wei (eth_maxPriorityFeePerGas).
func (api *ethAPI) MaxPriorityFeePerGas() *hexutil.Big {
	return (*hexutil.Big)(new(big.Int).Set(SuggestedPriorityFee))
}

// GasPrice returns the base fee of the next block plus the suggested tip (eth_gasPrice),
// a legacy gas price that is included in the next block.
func (api *ethAPI) GasPrice() (*hexutil.Big, error) {
	baseFee, err := api.nextBaseFee()
	if err != nil {
		return nil, err
	}
	return (*hexutil.Big)(new(big.Int).Add(baseFee, SuggestedPriorityFee)), nil
}

// nextBaseFee returns the base fee of the block after the head: from the backend when it
// knows it, else by the EIP-1559 rule over the head header (zero before London headers).
func (api *ethAPI) nextBaseFee() (*big.Int, error) {
	if source, ok := api.backend.(NextBaseFeeSource); ok {
		return source.NextBaseFee()
	}
	head, err := api.backend.HeaderByNumber(api.backend.HeadNumber())
	if err != nil {
		return nil, err
	}
	if head.BaseFee == nil {
		return new(big.Int), nil
	}
	if head.GasLimit < eip1559Rules.ElasticityMultiplier() {
		return new(big.Int).Set(head.BaseFee), nil // no gas target: CalcBaseFee would divide by zero
	}
	return eip1559.CalcBaseFee(eip1559Rules, head), nil
}
