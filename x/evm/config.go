// Package evm is MetisVM: Hyperion's EVM execution over the versioned state
// store. It holds the state adapter (StateDB over store.Reader), the sequential
// block builder used by proposers and verifiers alike, Ethereum-style headers,
// receipts, the block record codec and genesis state.
package evm

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/params"
)

// FeeVault is the keyless system address that receives every transaction fee:
// it is COINBASE in the EVM and the header's miner. Tips accrue there by the
// EVM's own rule and the burned base fee is credited at the end of the block.
var FeeVault = common.HexToAddress("0x0000000000000000000000000000000000000802")

// ChainConfig returns the chain rules of a Hyperion chain: every Ethereum fork
// up to and including Osaka is active from block 0 / time 0, the chain is
// post-merge from genesis, and no later fork (Amsterdam, Bogota, ...) is
// enabled. The blob schedule is the one go-ethereum requires for these forks.
func ChainConfig(chainID uint64) *params.ChainConfig {
	return &params.ChainConfig{
		ChainID:                 new(big.Int).SetUint64(chainID),
		HomesteadBlock:          big.NewInt(0),
		EIP150Block:             big.NewInt(0),
		EIP155Block:             big.NewInt(0),
		EIP158Block:             big.NewInt(0),
		ByzantiumBlock:          big.NewInt(0),
		ConstantinopleBlock:     big.NewInt(0),
		PetersburgBlock:         big.NewInt(0),
		IstanbulBlock:           big.NewInt(0),
		MuirGlacierBlock:        big.NewInt(0),
		BerlinBlock:             big.NewInt(0),
		LondonBlock:             big.NewInt(0),
		ArrowGlacierBlock:       big.NewInt(0),
		GrayGlacierBlock:        big.NewInt(0),
		MergeNetsplitBlock:      big.NewInt(0),
		ShanghaiTime:            forkTimeZero(),
		CancunTime:              forkTimeZero(),
		PragueTime:              forkTimeZero(),
		OsakaTime:               forkTimeZero(),
		TerminalTotalDifficulty: big.NewInt(0),
		BlobScheduleConfig: &params.BlobScheduleConfig{
			Cancun: params.DefaultCancunBlobConfig,
			Prague: params.DefaultPragueBlobConfig,
		},
	}
}

// forkTimeZero returns a fresh pointer to timestamp 0, so no two forks share one.
func forkTimeZero() *uint64 {
	t := uint64(0)
	return &t
}
