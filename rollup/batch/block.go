// Package batch defines what a rollup batch carries and how it is encoded for L1: per L2 block the full
// ordered CometBFT transaction list (system transactions included) and the FinalizeBlock inputs that are not
// transactions (time, proposer, the decided last commit, misbehavior), so that anyone can re-execute the
// blocks from L1 data alone; the batch is RLP-encoded, compressed with a consensus-chosen codec and carried
// in calldata or packed into EIP-4844 blobs.
package batch

import (
	"errors"
	"fmt"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
)

// Bounds on decoded content; every size that crosses the L1 trust boundary is bounded.
const (
	// MaxBlocksPerBatch bounds the blocks of one batch.
	MaxBlocksPerBatch = 1 << 14
	// MaxTxsPerBlock bounds the transactions of one block.
	MaxTxsPerBlock = 1 << 16
	// MaxVotesPerBlock bounds the votes of a block's last commit.
	MaxVotesPerBlock = 1 << 12
	// MaxMisbehaviorPerBlock bounds the evidence of one block.
	MaxMisbehaviorPerBlock = 1 << 10
	// MaxAddressLen bounds a validator address.
	MaxAddressLen = 32
)

// Errors of batch content.
var (
	ErrTooLarge   = errors.New("batch: too large")
	ErrBadContent = errors.New("batch: malformed content")
)

// Vote is one entry of a block's decided last commit.
type Vote struct {
	Address []byte
	Power   uint64
	Flag    uint8 // cmtproto.BlockIDFlag
}

// Misbehavior is one piece of evidence a block carries.
type Misbehavior struct {
	Type             uint8
	Address          []byte
	Power            uint64
	Height           uint64
	Time             uint64 // unix nanoseconds
	TotalVotingPower uint64
}

// Block is everything FinalizeBlock needs to re-execute one L2 block.
type Block struct {
	Height      uint64
	Time        uint64 // unix nanoseconds
	Proposer    []byte
	CommitRound uint32
	Votes       []Vote
	Misbehavior []Misbehavior
	Txs         [][]byte
}

// FromFinalizeRequest captures the re-execution inputs of a FinalizeBlock request.
func FromFinalizeRequest(req *abcitypes.RequestFinalizeBlock) (*Block, error) {
	if req.Height <= 0 || req.Time.UnixNano() < 0 {
		return nil, fmt.Errorf("%w: height %d time %v", ErrBadContent, req.Height, req.Time)
	}
	b := &Block{
		Height: uint64(req.Height), Time: uint64(req.Time.UnixNano()), Proposer: req.ProposerAddress,
		CommitRound: uint32(req.DecidedLastCommit.Round), Txs: req.Txs,
	}
	for _, v := range req.DecidedLastCommit.Votes {
		b.Votes = append(b.Votes, Vote{Address: v.Validator.Address, Power: uint64(v.Validator.Power), Flag: uint8(v.BlockIdFlag)})
	}
	for _, m := range req.Misbehavior {
		b.Misbehavior = append(b.Misbehavior, Misbehavior{
			Type: uint8(m.Type), Address: m.Validator.Address, Power: uint64(m.Validator.Power),
			Height: uint64(m.Height), Time: uint64(m.Time.UnixNano()), TotalVotingPower: uint64(m.TotalVotingPower),
		})
	}
	return b, b.Validate()
}

// FinalizeRequest rebuilds the FinalizeBlock request of the block (without the CometBFT block hash and
// next-validators hash, which execution does not read).
func (b *Block) FinalizeRequest() *abcitypes.RequestFinalizeBlock {
	req := &abcitypes.RequestFinalizeBlock{
		Height: int64(b.Height), Time: time.Unix(0, int64(b.Time)).UTC(), ProposerAddress: b.Proposer, Txs: b.Txs,
		DecidedLastCommit: abcitypes.CommitInfo{Round: int32(b.CommitRound)},
	}
	for _, v := range b.Votes {
		req.DecidedLastCommit.Votes = append(req.DecidedLastCommit.Votes, abcitypes.VoteInfo{
			Validator: abcitypes.Validator{Address: v.Address, Power: int64(v.Power)}, BlockIdFlag: cmtproto.BlockIDFlag(v.Flag),
		})
	}
	for _, m := range b.Misbehavior {
		req.Misbehavior = append(req.Misbehavior, abcitypes.Misbehavior{
			Type: abcitypes.MisbehaviorType(m.Type), Validator: abcitypes.Validator{Address: m.Address, Power: int64(m.Power)},
			Height: int64(m.Height), Time: time.Unix(0, int64(m.Time)).UTC(), TotalVotingPower: int64(m.TotalVotingPower),
		})
	}
	return req
}

// Validate checks the bounds of a decoded block.
func (b *Block) Validate() error {
	switch {
	case b.Height == 0 || b.Height > 1<<62 || b.Time > 1<<62:
		return fmt.Errorf("%w: height %d time %d", ErrBadContent, b.Height, b.Time)
	case len(b.Txs) > MaxTxsPerBlock, len(b.Votes) > MaxVotesPerBlock, len(b.Misbehavior) > MaxMisbehaviorPerBlock:
		return fmt.Errorf("%w: block %d: %d txs, %d votes, %d misbehavior", ErrTooLarge, b.Height, len(b.Txs), len(b.Votes), len(b.Misbehavior))
	case len(b.Proposer) > MaxAddressLen || b.CommitRound > 1<<30:
		return fmt.Errorf("%w: block %d: proposer or round", ErrBadContent, b.Height)
	}
	for _, v := range b.Votes {
		if len(v.Address) > MaxAddressLen || v.Power > 1<<62 || v.Flag > uint8(cmtproto.BlockIDFlagNil) {
			return fmt.Errorf("%w: block %d: vote", ErrBadContent, b.Height)
		}
	}
	for _, m := range b.Misbehavior {
		if len(m.Address) > MaxAddressLen || m.Power > 1<<62 || m.Height > 1<<62 || m.Time > 1<<62 ||
			m.TotalVotingPower > 1<<62 || m.Type > uint8(abcitypes.MisbehaviorType_LIGHT_CLIENT_ATTACK) {
			return fmt.Errorf("%w: block %d: misbehavior", ErrBadContent, b.Height)
		}
	}
	return nil
}
