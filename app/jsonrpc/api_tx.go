package jsonrpc

import (
	"errors"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
)

// SendRawTransaction decodes a signed transaction (canonical encoding) and hands it to
// the mempool; decoding and mempool errors keep go-ethereum's wording (code -32000)
// (eth_sendRawTransaction).
func (api *ethAPI) SendRawTransaction(input hexutil.Bytes) (common.Hash, error) {
	tx := new(types.Transaction)
	if err := tx.UnmarshalBinary(input); err != nil {
		return common.Hash{}, err
	}
	if !tx.Protected() {
		return common.Hash{}, errUnprotectedTx
	}
	if err := api.backend.SendTx(tx); err != nil {
		api.logger.Debug("Rejected transaction", "hash", tx.Hash(), "err", err)
		return common.Hash{}, err
	}
	api.logger.Debug("Submitted transaction", "hash", tx.Hash(), "nonce", tx.Nonce(), "to", tx.To())
	return tx.Hash(), nil
}

// committedTx is a transaction hash located in a committed block.
type committedTx struct {
	head  *types.Header
	txs   []*types.Transaction
	index int
}

// locateTx finds a committed transaction or system receipt; nil when unknown or not
// committed yet (the index may be written before the state commits).
func (api *ethAPI) locateTx(hash common.Hash) (*committedTx, error) {
	number, index, err := api.backend.TxLocation(hash)
	if errors.Is(err, ErrTxNotFound) {
		return nil, nil
	}
	if err != nil || number > api.backend.HeadNumber() {
		return nil, err
	}
	head, err := api.backend.HeaderByNumber(number)
	if errors.Is(err, ErrBlockNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	txs, err := api.backend.BlockTxs(number)
	if err != nil {
		return nil, err
	}
	return &committedTx{head: head, txs: txs, index: index}, nil
}

// GetTransactionByHash returns a committed transaction, a mempool transaction without
// block fields, or null when it is unknown or the hash names a block's system receipt
// (eth_getTransactionByHash).
func (api *ethAPI) GetTransactionByHash(hash common.Hash) (*rpcTransaction, error) {
	loc, err := api.locateTx(hash)
	if err != nil {
		return nil, err
	}
	if loc == nil {
		return api.pendingTx(hash)
	}
	if loc.index < 0 || loc.index >= len(loc.txs) || loc.txs[loc.index].Hash() != hash {
		return nil, nil
	}
	return newRPCTransaction(loc.txs[loc.index], loc.head, uint64(loc.index), api.signer), nil
}

// GetTransactionReceipt returns the receipt of a committed transaction or the synthetic
// system receipt; null, never an error, while the hash is pending or unknown
// (eth_getTransactionReceipt).
func (api *ethAPI) GetTransactionReceipt(hash common.Hash) (map[string]any, error) {
	loc, err := api.locateTx(hash)
	if loc == nil || err != nil {
		return nil, err
	}
	receipts, err := api.backend.BlockReceipts(loc.head.Number.Uint64())
	if err != nil {
		return nil, err
	}
	if loc.index < 0 || loc.index >= len(receipts) || receipts[loc.index].TxHash != hash {
		return nil, errReceiptMismatch
	}
	receipt := receipts[loc.index]
	if loc.index < len(loc.txs) {
		if loc.txs[loc.index].Hash() != hash {
			return nil, errReceiptMismatch
		}
		return marshalReceipt(receipt, loc.head, loc.txs[loc.index], loc.index, api.signer), nil
	}
	if loc.index != len(receipts)-1 {
		return nil, errReceiptMismatch
	}
	return marshalSystemReceipt(receipt, loc.head, loc.index), nil
}
