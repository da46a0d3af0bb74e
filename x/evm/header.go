package evm

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/trie"
)

// MakeHeader returns the Ethereum-style header of an executed block whose
// post-state root is stateRoot. The header is valid for the Osaka rules:
// post-merge (difficulty 0, empty uncles), no withdrawals, no blobs, an empty
// requests list and a zero parent beacon root.
func MakeHeader(bctx BlockContext, res *BlockResult, stateRoot common.Hash) *types.Header {
	zero, zero2 := uint64(0), uint64(0)
	beaconRoot := common.Hash{}
	requestsHash := types.EmptyRequestsHash
	withdrawalsHash := types.EmptyWithdrawalsHash
	return &types.Header{
		ParentHash:       bctx.ParentHash,
		UncleHash:        types.EmptyUncleHash,
		Coinbase:         FeeVault,
		Root:             stateRoot,
		TxHash:           types.DeriveSha(types.Transactions(res.Txs), trie.NewStackTrie(nil)),
		ReceiptHash:      types.DeriveSha(types.Receipts(res.Receipts), trie.NewStackTrie(nil)),
		Bloom:            res.Bloom,
		Difficulty:       new(big.Int),
		Number:           new(big.Int).SetUint64(bctx.Number),
		GasLimit:         bctx.GasLimit,
		GasUsed:          res.GasUsed,
		Time:             bctx.Time,
		MixDigest:        bctx.PrevRandao,
		BaseFee:          new(big.Int).Set(bctx.BaseFee),
		WithdrawalsHash:  &withdrawalsHash,
		BlobGasUsed:      &zero,
		ExcessBlobGas:    &zero2,
		ParentBeaconRoot: &beaconRoot,
		RequestsHash:     &requestsHash,
	}
}

// SetBlockHash fills the block hash into receipts and their logs once the
// header is known.
func SetBlockHash(receipts []*types.Receipt, hash common.Hash) {
	for _, r := range receipts {
		if r == nil {
			continue
		}
		r.BlockHash = hash
		for _, l := range r.Logs {
			l.BlockHash = hash
		}
	}
}
