package abci

import (
	"context"
	"errors"
	"sync/atomic"

	abcitypes "github.com/cometbft/cometbft/abci/types"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// BatchAttester signs the rollup batch that ends at height-2 (rollup/attest implements it; the cut of a
// batch is known once the block after its last one is committed). It returns nil when no batch ends there. Vote extensions are not state: a failure only leaves the signature out.
type BatchAttester interface {
	AttestBatch(height int64) (*htypes.BatchSignature, error)
}

// Sizes of a batch signature's fields (EIP-2537 encodings).
const (
	batchHashLen      = 32
	batchPublicKeyLen = 128
	batchSignatureLen = 256
)

// errBadBatchSignature rejects a vote extension whose batch signature has malformed fields.
var errBadBatchSignature = errors.New("vote extension: malformed batch signature")

func checkBatchSignature(bs *htypes.BatchSignature) error {
	if bs != nil && (len(bs.BatchHash) != batchHashLen || len(bs.PublicKey) != batchPublicKeyLen || len(bs.Signature) != batchSignatureLen) {
		return errBadBatchSignature
	}
	return nil
}

type atomicAttester struct{ v atomic.Pointer[BatchAttester] }

// SetBatchAttester installs the node's batch attester (before or while the node runs).
func (a *App) SetBatchAttester(b BatchAttester) { a.attester.v.Store(&b) }

func (a *App) batchAttester() BatchAttester {
	if p := a.attester.v.Load(); p != nil {
		return *p
	}
	return nil
}

// ExtendVote runs on each validator when it precommits a block: it returns
// the validator's VoteExtension for that height, carrying the BLS signature
// of the batch header at the height after a batch's last block.
func (a *App) ExtendVote(_ context.Context, req *abcitypes.RequestExtendVote) (*abcitypes.ResponseExtendVote, error) {
	ve := htypes.VoteExtension{}
	if att := a.batchAttester(); att != nil {
		sig, err := att.AttestBatch(req.Height)
		if err != nil {
			a.logger.Error("batch attestation left out of the vote extension", "height", req.Height, "err", err)
		}
		ve.BatchSignature = sig
	}
	ve.Shares = a.decryptionShares(req.Txs)
	ve.Dkg = a.dkgMessage(req.Height)
	bz, err := ve.Marshal()
	if err != nil {
		return nil, err
	}
	return &abcitypes.ResponseExtendVote{VoteExtension: bz}, nil
}

// VerifyVoteExtension runs on each validator for every precommit it receives
// with an extension: cheap deterministic checks only (size, encoding).
func (a *App) VerifyVoteExtension(_ context.Context, req *abcitypes.RequestVerifyVoteExtension) (*abcitypes.ResponseVerifyVoteExtension, error) {
	ve, err := system.DecodeVoteExtension(req.VoteExtension)
	if err == nil {
		err = checkBatchSignature(ve.BatchSignature)
	}
	if err == nil {
		err = checkThresholdExtension(ve)
	}
	if err != nil {
		a.logger.Info("rejecting vote extension", "height", req.Height, "validator", req.ValidatorAddress, "err", err)
		return &abcitypes.ResponseVerifyVoteExtension{Status: abcitypes.ResponseVerifyVoteExtension_REJECT}, nil
	}
	return &abcitypes.ResponseVerifyVoteExtension{Status: abcitypes.ResponseVerifyVoteExtension_ACCEPT}, nil
}
