package abci

import (
	"context"
	"errors"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// codeRejected is the result code of a transaction the pool refused.
const codeRejected = 1

// errNotEthTx rejects envelopes users cannot submit (system txs are made by proposers).
var errNotEthTx = errors.New("only eth_tx envelopes enter the mempool")

// CheckTx runs for transactions submitted through CometBFT's RPC
// (broadcast_tx_*), concurrently with consensus: it validates the tx against
// the latest committed state and pending nonces and inserts it into the pool.
func (a *App) CheckTx(_ context.Context, req *abcitypes.RequestCheckTx) (*abcitypes.ResponseCheckTx, error) {
	if err := a.insert(req.Tx); err != nil {
		return &abcitypes.ResponseCheckTx{Code: codeRejected, Log: err.Error()}, nil
	}
	return &abcitypes.ResponseCheckTx{Code: abcitypes.CodeTypeOK}, nil
}

// InsertTx runs for transactions gossiped by peers, concurrently with
// consensus: the same validation and insertion as CheckTx.
func (a *App) InsertTx(_ context.Context, req *abcitypes.RequestInsertTx) (*abcitypes.ResponseInsertTx, error) {
	if err := a.insert(req.Tx); err != nil {
		return &abcitypes.ResponseInsertTx{Code: codeRejected}, nil
	}
	return &abcitypes.ResponseInsertTx{Code: abcitypes.CodeTypeOK}, nil
}

// ReapTxs is polled by CometBFT (about every 500 ms) for transactions to
// gossip; the pool returns each transaction once.
func (a *App) ReapTxs(_ context.Context, req *abcitypes.RequestReapTxs) (*abcitypes.ResponseReapTxs, error) {
	txs := a.pool.Reap(req.MaxBytes, req.MaxGas)
	out := make([][]byte, 0, len(txs))
	for _, tx := range txs {
		raw, err := ethEnvelope(tx)
		if err != nil {
			continue
		}
		out = append(out, raw)
	}
	for _, e := range a.envelopes.reap() {
		if raw, err := envelopeTx(e); err == nil {
			out = append(out, raw)
		}
	}
	return &abcitypes.ResponseReapTxs{Txs: out}, nil
}

// insert decodes an envelope and adds its Ethereum tx to the pool.
func (a *App) insert(raw []byte) error {
	env, err := decodeEnvelope(raw)
	if err != nil {
		return err
	}
	if enc := env.GetEncrypted(); enc != nil {
		_, err := a.SendEnvelope(enc)
		return err
	}
	body := env.GetEthTx()
	if body == nil {
		return errNotEthTx
	}
	tx, err := decodeEthTx(body)
	if err != nil {
		return err
	}
	return a.SendTx(tx)
}

// SendTx adds a locally submitted Ethereum transaction (JSON-RPC) to the pool;
// CometBFT gossips it from there through ReapTxs.
func (a *App) SendTx(tx *types.Transaction) error {
	if err := a.pool.Add(tx); err != nil {
		return err
	}
	a.notifyPending(tx)
	return nil
}

// PendingNonce is the next nonce of addr counting the pool's txs.
func (a *App) PendingNonce(addr common.Address) uint64 { return a.pool.PendingNonce(addr) }

// PoolTx returns the mempool transaction with the given hash, or nil.
func (a *App) PoolTx(hash common.Hash) *types.Transaction { return a.pool.Get(hash) }
