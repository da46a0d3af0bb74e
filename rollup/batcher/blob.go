package batcher

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/rollup/attest"
	"github.com/hyperion-rollup/hyperion/rollup/batch"
)

// blobTxGas is a safe gas limit for submitBlobBatch (the attestation's pairing check dominates).
const blobTxGasMargin = 50_000

// sendBlobs sends a type-3 transaction carrying the batch's blobs with a version-1 sidecar.
func (b *Batcher) sendBlobs(ctx context.Context, s *batch.Sealed, att *attest.Attestation, f fees) (*types.Transaction, error) {
	if err := s.WithCommitments(); err != nil {
		return nil, err
	}
	sidecar, err := batch.Sidecar(s.Blobs, s.Commitments)
	if err != nil {
		return nil, err
	}
	data := b.inbox.PackSubmitBlobBatch(s.Header.Inbox(), att.Contract())
	gas, err := b.l1.EstimateGas(ctx, ethereum.CallMsg{From: b.From(), To: &b.cfg.Inbox, Data: data, BlobHashes: s.BlobHashes})
	if err != nil {
		return nil, fmt.Errorf("estimate blob batch %d: %w", s.Header.Index, err)
	}
	tx := types.NewTx(&types.BlobTx{
		ChainID: uint256.MustFromBig(b.cfg.Domain.ChainID), Nonce: f.nonce, GasTipCap: uint256.MustFromBig(f.tip),
		GasFeeCap: uint256.MustFromBig(f.feeCap), Gas: gas + blobTxGasMargin, To: b.cfg.Inbox, Data: data,
		BlobFeeCap: uint256.MustFromBig(f.blobFeeCap), BlobHashes: s.BlobHashes, Sidecar: sidecar,
	})
	signed, err := types.SignTx(tx, types.LatestSignerForChainID(b.cfg.Domain.ChainID), b.cfg.Key)
	if err != nil {
		return nil, err
	}
	return signed, b.l1.SendTransaction(ctx, signed)
}
