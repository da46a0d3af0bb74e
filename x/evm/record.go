package evm

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
)

// recordVersion1 is the leading byte of the first block record encoding.
const recordVersion1 byte = 1

// MaxBlockRecordSize bounds an encoded block record accepted by DecodeBlockRecord.
const MaxBlockRecordSize = 256 << 20

// Sentinel errors of the block record codec.
var (
	// ErrRecordVersion is returned for an unknown or missing version byte.
	ErrRecordVersion = errors.New("evm: unknown block record version")
	// ErrRecordMalformed is returned for a record that does not decode or is inconsistent.
	ErrRecordMalformed = errors.New("evm: malformed block record")
)

// BlockRecord is a stored block as the JSON-RPC serves it: header, hash,
// transactions with their senders, and fully derived receipts.
type BlockRecord struct {
	Header        *types.Header
	Hash          common.Hash
	Txs           []*types.Transaction
	Senders       []common.Address
	Receipts      []*types.Receipt
	SystemReceipt *types.Receipt
}

// storedReceipt is the consensus part of a receipt; the rest is derived.
type storedReceipt struct {
	Status            uint64
	CumulativeGasUsed uint64
	Logs              []*types.Log
}

// recordV1 is the RLP body of a version-1 record.
type recordV1 struct {
	Header     *types.Header
	Txs        [][]byte
	Senders    []common.Address
	Receipts   []storedReceipt
	SystemLogs []*types.Log
}

// EncodeBlockRecord encodes a block for the block index. receipts must match
// txs one to one; systemReceipt may be nil when the block has none.
func EncodeBlockRecord(header *types.Header, txs []*types.Transaction, receipts []*types.Receipt, systemReceipt *types.Receipt) ([]byte, error) {
	if len(txs) != len(receipts) {
		return nil, fmt.Errorf("%w: %d txs, %d receipts", ErrRecordMalformed, len(txs), len(receipts))
	}
	rec := recordV1{Header: header, Txs: make([][]byte, len(txs)), Senders: make([]common.Address, len(txs))}
	signer := recordSigner(header, txs)
	for i, tx := range txs {
		enc, err := tx.MarshalBinary()
		if err != nil {
			return nil, err
		}
		from, err := types.Sender(signer, tx)
		if err != nil {
			return nil, fmt.Errorf("tx %d: %w", i, err)
		}
		rec.Txs[i], rec.Senders[i] = enc, from
		r := receipts[i]
		rec.Receipts = append(rec.Receipts, storedReceipt{Status: r.Status, CumulativeGasUsed: r.CumulativeGasUsed, Logs: r.Logs})
	}
	if systemReceipt != nil {
		rec.SystemLogs = systemReceipt.Logs
	}
	body, err := rlp.EncodeToBytes(&rec)
	if err != nil {
		return nil, err
	}
	return append([]byte{recordVersion1}, body...), nil
}

// recordSigner returns the chain's signer at the header, with the chain id of
// the block's first replay-protected transaction (any id serves a block
// without one: unprotected transactions recover the same under every id).
func recordSigner(header *types.Header, txs []*types.Transaction) types.Signer {
	chainID := uint64(1) // geth's signers refuse chain id 0
	for _, tx := range txs {
		if tx.Protected() {
			chainID = tx.ChainId().Uint64()
			break
		}
	}
	return types.MakeSigner(ChainConfig(chainID), header.Number, header.Time)
}

// DecodeBlockRecord decodes a record written by EncodeBlockRecord and derives
// every receipt field the JSON-RPC shows.
func DecodeBlockRecord(b []byte) (*BlockRecord, error) {
	if len(b) == 0 || b[0] != recordVersion1 {
		return nil, ErrRecordVersion
	}
	if len(b) > MaxBlockRecordSize {
		return nil, fmt.Errorf("%w: %d bytes", ErrRecordMalformed, len(b))
	}
	var rec recordV1
	if err := rlp.DecodeBytes(b[1:], &rec); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRecordMalformed, err)
	}
	if rec.Header == nil || rec.Header.Number == nil || len(rec.Txs) != len(rec.Senders) || len(rec.Txs) != len(rec.Receipts) {
		return nil, fmt.Errorf("%w: inconsistent lengths", ErrRecordMalformed)
	}
	out := &BlockRecord{Header: rec.Header, Hash: rec.Header.Hash(), Senders: rec.Senders}
	for i, enc := range rec.Txs {
		tx := new(types.Transaction)
		if err := tx.UnmarshalBinary(enc); err != nil {
			return nil, fmt.Errorf("%w: tx %d: %w", ErrRecordMalformed, i, err)
		}
		out.Txs = append(out.Txs, tx)
	}
	d := receiptDeriver{header: rec.Header, hash: out.Hash}
	for i, sr := range rec.Receipts {
		out.Receipts = append(out.Receipts, d.txReceipt(i, out.Txs[i], rec.Senders[i], sr))
	}
	out.SystemReceipt = d.systemReceipt(len(out.Txs), rec.SystemLogs)
	return out, nil
}

// receiptDeriver fills the derived receipt fields in block order.
type receiptDeriver struct {
	header   *types.Header
	hash     common.Hash
	prevCum  uint64
	logCount uint
}

func (d *receiptDeriver) txReceipt(i int, tx *types.Transaction, from common.Address, sr storedReceipt) *types.Receipt {
	r := d.base(i, tx.Hash(), sr)
	r.Type = tx.Type()
	r.EffectiveGasPrice = tx.GasPrice()
	if baseFee := d.header.BaseFee; baseFee != nil {
		r.EffectiveGasPrice = new(big.Int).Add(tx.EffectiveGasTipValue(baseFee), baseFee)
	}
	if tx.To() == nil {
		r.ContractAddress = crypto.CreateAddress(from, tx.Nonce())
	}
	return r
}

func (d *receiptDeriver) systemReceipt(index int, logs []*types.Log) *types.Receipt {
	sr := storedReceipt{Status: types.ReceiptStatusSuccessful, CumulativeGasUsed: d.header.GasUsed, Logs: logs}
	r := d.base(index, SystemTxHash(d.header.Number.Uint64()), sr)
	r.EffectiveGasPrice = new(big.Int)
	return r
}

func (d *receiptDeriver) base(index int, txHash common.Hash, sr storedReceipt) *types.Receipt {
	logs := sr.Logs
	if logs == nil {
		logs = []*types.Log{}
	}
	r := &types.Receipt{
		Status:            sr.Status,
		CumulativeGasUsed: sr.CumulativeGasUsed,
		Logs:              logs,
		TxHash:            txHash,
		GasUsed:           sr.CumulativeGasUsed - min(d.prevCum, sr.CumulativeGasUsed),
		BlockHash:         d.hash,
		BlockNumber:       new(big.Int).Set(d.header.Number),
		TransactionIndex:  uint(index),
	}
	d.prevCum = sr.CumulativeGasUsed
	for _, l := range logs {
		l.BlockNumber = d.header.Number.Uint64()
		l.BlockHash = d.hash
		l.BlockTimestamp = d.header.Time
		l.TxHash = txHash
		l.TxIndex = uint(index)
		l.Index = d.logCount
		d.logCount++
	}
	r.Bloom = types.CreateBloom(r)
	return r
}
