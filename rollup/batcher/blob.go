package batcher

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/rollup/attest"
	"github.com/hyperion-rollup/hyperion/rollup/batch"
)

// blobTxGas is a safe gas limit for submitBlobBatch (the attestation's pairing check dominates).
const blobTxGasMargin = 50_000

// sendBlobs sends a type-3 transaction carrying the batch's blobs with a version-1 sidecar.
func (b *Batcher) sendBlobs(ctx context.Context, s *batch.Sealed, att *attest.Attestation) (*types.Transaction, error) {
	if err := s.WithCommitments(); err != nil {
		return nil, err
	}
	sidecar, err := batch.Sidecar(s.Blobs, s.Commitments)
	if err != nil {
		return nil, err
	}
	data := b.inbox.PackSubmitBlobBatch(s.Header.Inbox(), att.Contract())
	from := b.From()
	gas, err := b.l1.EstimateGas(ctx, ethereum.CallMsg{From: from, To: &b.cfg.Inbox, Data: data, BlobHashes: s.BlobHashes})
	if err != nil {
		return nil, fmt.Errorf("estimate blob batch %d: %w", s.Header.Index, err)
	}
	nonce, err := b.l1.PendingNonceAt(ctx, from)
	if err != nil {
		return nil, err
	}
	tip, err := b.l1.SuggestGasTipCap(ctx)
	if err != nil {
		return nil, err
	}
	head, err := b.l1.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, err
	}
	feeCap := new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(2)))
	tx := types.NewTx(&types.BlobTx{
		ChainID: uint256.MustFromBig(b.cfg.Domain.ChainID), Nonce: nonce, GasTipCap: uint256.MustFromBig(tip),
		GasFeeCap: uint256.MustFromBig(feeCap), Gas: gas + blobTxGasMargin, To: b.cfg.Inbox, Data: data,
		BlobFeeCap: uint256.MustFromBig(b.cfg.BlobFeeCap), BlobHashes: s.BlobHashes, Sidecar: sidecar,
	})
	signed, err := types.SignTx(tx, types.LatestSignerForChainID(b.cfg.Domain.ChainID), b.cfg.Key)
	if err != nil {
		return nil, err
	}
	return signed, b.l1.SendTransaction(ctx, signed)
}
