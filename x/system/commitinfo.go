package system

import (
	"bytes"
	"errors"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
)

// Bounds on what a commit-info transaction may carry.
const (
	// MaxVoteExtensionBytes bounds one validator's vote extension.
	MaxVoteExtensionBytes = 1 << 20
	// MaxCommitInfoVotes bounds the number of votes in one commit-info tx.
	MaxCommitInfoVotes = 1_000
	// maxSignatureBytes bounds an extension signature (ed25519: 64).
	maxSignatureBytes = 64
)

// Errors of commit-info verification.
var (
	ErrCommitInfoHeight   = errors.New("commit info: wrong height")
	ErrCommitInfoOrder    = errors.New("commit info: votes not strictly ordered by validator address")
	ErrCommitInfoSig      = errors.New("commit info: invalid extension signature")
	ErrCommitInfoQuorum   = errors.New("commit info: signed power below the commit quorum")
	ErrCommitInfoTooLarge = errors.New("commit info: too large")
	ErrBadVoteExtension   = errors.New("invalid vote extension")
)

// BuildCommitInfo turns the proposer's LocalLastCommit into the commit-info
// transaction body: every vote for the block with an extension signature,
// ordered by validator address.
func BuildCommitInfo(height int64, llc abci.ExtendedCommitInfo) *htypes.CommitInfo {
	ci := &htypes.CommitInfo{Height: height - 1, Round: llc.Round}
	for _, v := range llc.Votes {
		if v.BlockIdFlag != cmtproto.BlockIDFlagCommit || len(v.ExtensionSignature) == 0 {
			continue
		}
		ci.Votes = append(ci.Votes, &htypes.ExtendedVote{
			ValidatorAddress:   v.Validator.Address,
			VoteExtension:      v.VoteExtension,
			ExtensionSignature: v.ExtensionSignature,
		})
	}
	sortVotes(ci.Votes)
	return ci
}

func sortVotes(votes []*htypes.ExtendedVote) {
	for i := 1; i < len(votes); i++ {
		for j := i; j > 0 && bytes.Compare(votes[j-1].ValidatorAddress, votes[j].ValidatorAddress) > 0; j-- {
			votes[j-1], votes[j] = votes[j], votes[j-1]
		}
	}
}

// VerifyCommitInfo checks a commit-info transaction of block `height`: it must
// carry extensions of height-1, each signed by a member of set (the set as our
// own state knows it, never as the proposer claims), ordered without
// duplicates, each a well-formed VoteExtension, with more than two thirds of
// the set's power.
func VerifyCommitInfo(chainID string, height int64, ci *htypes.CommitInfo, set ValidatorSet) error {
	if ci.Height != height-1 {
		return fmt.Errorf("%w: carries %d, want %d", ErrCommitInfoHeight, ci.Height, height-1)
	}
	if len(ci.Votes) > MaxCommitInfoVotes {
		return fmt.Errorf("%w: %d votes", ErrCommitInfoTooLarge, len(ci.Votes))
	}
	var signed int64
	for i, v := range ci.Votes {
		if i > 0 && bytes.Compare(ci.Votes[i-1].ValidatorAddress, v.ValidatorAddress) >= 0 {
			return ErrCommitInfoOrder
		}
		val, err := set.Find(v.ValidatorAddress)
		if err != nil {
			return fmt.Errorf("commit info: %w", err)
		}
		if err := verifyExtendedVote(chainID, ci, v, val); err != nil {
			return err
		}
		signed += val.Power
	}
	if total := set.TotalPower(); signed*3 <= total*2 {
		return fmt.Errorf("%w: %d of %d", ErrCommitInfoQuorum, signed, total)
	}
	return nil
}

func verifyExtendedVote(chainID string, ci *htypes.CommitInfo, v *htypes.ExtendedVote, val Validator) error {
	if _, err := DecodeVoteExtension(v.VoteExtension); err != nil {
		return fmt.Errorf("commit info: validator %X: %w", v.ValidatorAddress, err)
	}
	if len(v.ExtensionSignature) == 0 || len(v.ExtensionSignature) > maxSignatureBytes {
		return fmt.Errorf("%w: validator %X: %d-byte signature", ErrCommitInfoSig, v.ValidatorAddress, len(v.ExtensionSignature))
	}
	msg := cmttypes.VoteExtensionSignBytes(chainID, &cmtproto.Vote{
		Height: ci.Height, Round: ci.Round, Extension: v.VoteExtension,
	})
	if !val.PubKeyOf().VerifySignature(msg, v.ExtensionSignature) {
		return fmt.Errorf("%w: validator %X", ErrCommitInfoSig, v.ValidatorAddress)
	}
	return nil
}

// DecodeVoteExtension decodes and bounds a vote extension. Unknown fields are
// rejected so that every node agrees on what a valid extension is.
func DecodeVoteExtension(bz []byte) (*htypes.VoteExtension, error) {
	if len(bz) > MaxVoteExtensionBytes {
		return nil, fmt.Errorf("%w: %d bytes", ErrBadVoteExtension, len(bz))
	}
	var ve htypes.VoteExtension
	if err := ve.Unmarshal(bz); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadVoteExtension, err)
	}
	if again, err := ve.Marshal(); err != nil || !bytes.Equal(again, bz) {
		return nil, fmt.Errorf("%w: not canonical", ErrBadVoteExtension)
	}
	return &ve, nil
}
