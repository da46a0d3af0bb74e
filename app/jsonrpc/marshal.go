package jsonrpc

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
)

// systemReceiptSender is the "from" of the synthetic system receipt: the address
// go-ethereum's system calls (EIP-4788, EIP-7002) are made from.
var systemReceiptSender = params.SystemAddress

// marshalHeader renders a header with the field set of go-ethereum's RPCMarshalHeader:
// optional fork fields appear only when the header carries them.
func marshalHeader(head *types.Header) map[string]any {
	fields := map[string]any{
		"number":           (*hexutil.Big)(head.Number),
		"hash":             head.Hash(),
		"parentHash":       head.ParentHash,
		"nonce":            head.Nonce,
		"mixHash":          head.MixDigest,
		"sha3Uncles":       head.UncleHash,
		"logsBloom":        head.Bloom,
		"stateRoot":        head.Root,
		"miner":            head.Coinbase,
		"difficulty":       (*hexutil.Big)(head.Difficulty),
		"extraData":        hexutil.Bytes(head.Extra),
		"gasLimit":         hexutil.Uint64(head.GasLimit),
		"gasUsed":          hexutil.Uint64(head.GasUsed),
		"timestamp":        hexutil.Uint64(head.Time),
		"transactionsRoot": head.TxHash,
		"receiptsRoot":     head.ReceiptHash,
	}
	addForkFields(fields, head)
	return fields
}

// addForkFields adds the header fields introduced by London and later forks.
func addForkFields(fields map[string]any, head *types.Header) {
	if head.BaseFee != nil {
		fields["baseFeePerGas"] = (*hexutil.Big)(head.BaseFee)
	}
	if head.WithdrawalsHash != nil {
		fields["withdrawalsRoot"] = head.WithdrawalsHash
	}
	if head.BlobGasUsed != nil {
		fields["blobGasUsed"] = hexutil.Uint64(*head.BlobGasUsed)
	}
	if head.ExcessBlobGas != nil {
		fields["excessBlobGas"] = hexutil.Uint64(*head.ExcessBlobGas)
	}
	if head.ParentBeaconRoot != nil {
		fields["parentBeaconBlockRoot"] = head.ParentBeaconRoot
	}
	if head.RequestsHash != nil {
		fields["requestsHash"] = head.RequestsHash
	}
	if head.BlockAccessListHash != nil {
		fields["blockAccessListHash"] = head.BlockAccessListHash
	}
	if head.SlotNumber != nil {
		fields["slotNumber"] = hexutil.Uint64(*head.SlotNumber)
	}
}

// marshalBlock renders a block as go-ethereum's eth_getBlockBy* does: the header fields,
// size, transactions (hashes, or full objects when fullTx), an empty uncle list and,
// when the header commits to withdrawals, an (always empty) withdrawal list.
func marshalBlock(head *types.Header, txs []*types.Transaction, fullTx bool, signer types.Signer) map[string]any {
	body := types.Body{Transactions: txs}
	if head.WithdrawalsHash != nil {
		body.Withdrawals = types.Withdrawals{}
	}
	block := types.NewBlockWithHeader(head).WithBody(body)
	fields := marshalHeader(head)
	fields["size"] = hexutil.Uint64(block.Size())
	fields["transactions"] = marshalBlockTxs(head, txs, fullTx, signer)
	fields["uncles"] = []common.Hash{}
	if body.Withdrawals != nil {
		fields["withdrawals"] = body.Withdrawals
	}
	return fields
}

// marshalBlockTxs renders the transaction list of a block.
func marshalBlockTxs(head *types.Header, txs []*types.Transaction, fullTx bool, signer types.Signer) []any {
	out := make([]any, len(txs))
	for i, tx := range txs {
		if fullTx {
			out[i] = newRPCTransaction(tx, head, uint64(i), signer)
		} else {
			out[i] = tx.Hash()
		}
	}
	return out
}

// rpcTransaction is a committed transaction with go-ethereum's JSON field set.
type rpcTransaction struct {
	BlockHash           *common.Hash                 `json:"blockHash"`
	BlockNumber         *hexutil.Big                 `json:"blockNumber"`
	BlockTimestamp      *hexutil.Uint64              `json:"blockTimestamp"`
	From                common.Address               `json:"from"`
	Gas                 hexutil.Uint64               `json:"gas"`
	GasPrice            *hexutil.Big                 `json:"gasPrice"`
	GasFeeCap           *hexutil.Big                 `json:"maxFeePerGas,omitempty"`
	GasTipCap           *hexutil.Big                 `json:"maxPriorityFeePerGas,omitempty"`
	MaxFeePerBlobGas    *hexutil.Big                 `json:"maxFeePerBlobGas,omitempty"`
	Hash                common.Hash                  `json:"hash"`
	Input               hexutil.Bytes                `json:"input"`
	Nonce               hexutil.Uint64               `json:"nonce"`
	To                  *common.Address              `json:"to"`
	TransactionIndex    *hexutil.Uint64              `json:"transactionIndex"`
	Value               *hexutil.Big                 `json:"value"`
	Type                hexutil.Uint64               `json:"type"`
	Accesses            *types.AccessList            `json:"accessList,omitempty"`
	ChainID             *hexutil.Big                 `json:"chainId,omitempty"`
	BlobVersionedHashes []common.Hash                `json:"blobVersionedHashes,omitempty"`
	AuthorizationList   []types.SetCodeAuthorization `json:"authorizationList,omitempty"`
	V                   *hexutil.Big                 `json:"v"`
	R                   *hexutil.Big                 `json:"r"`
	S                   *hexutil.Big                 `json:"s"`
	YParity             *hexutil.Uint64              `json:"yParity,omitempty"`
}

// newRPCTransaction renders tx, included at position index of the block with header head.
func newRPCTransaction(tx *types.Transaction, head *types.Header, index uint64, signer types.Signer) *rpcTransaction {
	from, _ := types.Sender(signer, tx) // committed txs were sender-checked at execution
	v, r, s := tx.RawSignatureValues()
	blockHash, blockTime := head.Hash(), head.Time
	result := &rpcTransaction{
		BlockHash:        &blockHash,
		BlockNumber:      (*hexutil.Big)(new(big.Int).Set(head.Number)),
		BlockTimestamp:   (*hexutil.Uint64)(&blockTime),
		From:             from,
		Gas:              hexutil.Uint64(tx.Gas()),
		GasPrice:         (*hexutil.Big)(tx.GasPrice()),
		Hash:             tx.Hash(),
		Input:            hexutil.Bytes(tx.Data()),
		Nonce:            hexutil.Uint64(tx.Nonce()),
		To:               tx.To(),
		TransactionIndex: (*hexutil.Uint64)(&index),
		Value:            (*hexutil.Big)(tx.Value()),
		Type:             hexutil.Uint64(tx.Type()),
		V:                (*hexutil.Big)(v),
		R:                (*hexutil.Big)(r),
		S:                (*hexutil.Big)(s),
	}
	addTypedTxFields(result, tx, v, head.BaseFee)
	return result
}

// addTypedTxFields adds the fields that depend on the transaction type.
func addTypedTxFields(result *rpcTransaction, tx *types.Transaction, v *big.Int, baseFee *big.Int) {
	if tx.Type() == types.LegacyTxType {
		if id := tx.ChainId(); id.Sign() != 0 {
			result.ChainID = (*hexutil.Big)(id)
		}
		return
	}
	al := tx.AccessList()
	yParity := hexutil.Uint64(v.Sign())
	result.Accesses = &al
	result.ChainID = (*hexutil.Big)(tx.ChainId())
	result.YParity = &yParity
	if tx.Type() == types.AccessListTxType {
		return
	}
	result.GasFeeCap = (*hexutil.Big)(tx.GasFeeCap())
	result.GasTipCap = (*hexutil.Big)(tx.GasTipCap())
	result.GasPrice = (*hexutil.Big)(tx.GasFeeCap())
	if baseFee != nil {
		result.GasPrice = (*hexutil.Big)(effectiveGasPrice(tx, baseFee))
	}
	switch tx.Type() {
	case types.BlobTxType:
		result.MaxFeePerBlobGas = (*hexutil.Big)(tx.BlobGasFeeCap())
		result.BlobVersionedHashes = tx.BlobHashes()
	case types.SetCodeTxType:
		result.AuthorizationList = tx.SetCodeAuthorizations()
	}
}

// effectiveGasPrice is min(tip cap + base fee, fee cap).
func effectiveGasPrice(tx *types.Transaction, baseFee *big.Int) *big.Int {
	price := new(big.Int).Add(tx.GasTipCap(), baseFee)
	if tx.GasFeeCapIntCmp(price) < 0 {
		return tx.GasFeeCap()
	}
	return price
}

// marshalReceipt renders the receipt of tx (at position index of the block with header
// head) with the field set of go-ethereum's eth_getTransactionReceipt.
func marshalReceipt(receipt *types.Receipt, head *types.Header, tx *types.Transaction, index int, signer types.Signer) map[string]any {
	from, _ := types.Sender(signer, tx)
	price := receipt.EffectiveGasPrice
	if price == nil {
		price = tx.GasPrice()
		if head.BaseFee != nil {
			price = effectiveGasPrice(tx, head.BaseFee)
		}
	}
	fields := receiptFields(receipt, head, index)
	fields["transactionHash"] = tx.Hash()
	fields["from"] = from
	fields["to"] = tx.To()
	fields["type"] = hexutil.Uint(tx.Type())
	fields["effectiveGasPrice"] = (*hexutil.Big)(price)
	if tx.Type() == types.BlobTxType {
		fields["blobGasUsed"] = hexutil.Uint64(receipt.BlobGasUsed)
		fields["blobGasPrice"] = (*hexutil.Big)(receipt.BlobGasPrice)
	}
	return fields
}

// marshalSystemReceipt renders the block's synthetic system receipt, which has no
// transaction: it is sent from the system address to no one, at a zero gas price.
func marshalSystemReceipt(receipt *types.Receipt, head *types.Header, index int) map[string]any {
	fields := receiptFields(receipt, head, index)
	fields["transactionHash"] = receipt.TxHash
	fields["from"] = systemReceiptSender
	fields["to"] = nil
	fields["type"] = hexutil.Uint(receipt.Type)
	fields["effectiveGasPrice"] = (*hexutil.Big)(new(big.Int))
	return fields
}

// receiptFields renders the receipt fields that do not depend on the transaction.
func receiptFields(receipt *types.Receipt, head *types.Header, index int) map[string]any {
	fields := map[string]any{
		"blockHash":         head.Hash(),
		"blockNumber":       hexutil.Uint64(head.Number.Uint64()),
		"transactionIndex":  hexutil.Uint64(index),
		"gasUsed":           hexutil.Uint64(receipt.GasUsed),
		"cumulativeGasUsed": hexutil.Uint64(receipt.CumulativeGasUsed),
		"contractAddress":   nil,
		"logs":              receipt.Logs,
		"logsBloom":         receipt.Bloom,
	}
	if len(receipt.PostState) > 0 {
		fields["root"] = hexutil.Bytes(receipt.PostState)
	} else {
		fields["status"] = hexutil.Uint(receipt.Status)
	}
	if receipt.Logs == nil {
		fields["logs"] = []*types.Log{}
	}
	if receipt.ContractAddress != (common.Address{}) {
		fields["contractAddress"] = receipt.ContractAddress
	}
	return fields
}
