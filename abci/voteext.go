package abci

import (
	"context"

	abcitypes "github.com/cometbft/cometbft/abci/types"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// ExtendVote runs on each validator when it precommits a block: it returns
// the validator's VoteExtension for that height. Later features fill it
// (decryption shares, the batch-header signature); today it is empty, and the
// path through the next block's commit-info tx is exercised all the same.
func (a *App) ExtendVote(_ context.Context, _ *abcitypes.RequestExtendVote) (*abcitypes.ResponseExtendVote, error) {
	ve := htypes.VoteExtension{}
	bz, err := ve.Marshal()
	if err != nil {
		return nil, err
	}
	return &abcitypes.ResponseExtendVote{VoteExtension: bz}, nil
}

// VerifyVoteExtension runs on each validator for every precommit it receives
// with an extension: cheap deterministic checks only (size, encoding).
func (a *App) VerifyVoteExtension(_ context.Context, req *abcitypes.RequestVerifyVoteExtension) (*abcitypes.ResponseVerifyVoteExtension, error) {
	if _, err := system.DecodeVoteExtension(req.VoteExtension); err != nil {
		a.logger.Info("rejecting vote extension", "height", req.Height, "validator", req.ValidatorAddress, "err", err)
		return &abcitypes.ResponseVerifyVoteExtension{Status: abcitypes.ResponseVerifyVoteExtension_REJECT}, nil
	}
	return &abcitypes.ResponseVerifyVoteExtension{Status: abcitypes.ResponseVerifyVoteExtension_ACCEPT}, nil
}
