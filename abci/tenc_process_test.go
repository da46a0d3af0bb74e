package abci

import (
	"context"
	"encoding/binary"
	"testing"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/x/tenc/keeper"
)

// processAt asks node i to verify txs as the next block.
func (c *cluster) processAt(i int, txs [][]byte) abcitypes.ResponseProcessProposal_ProposalStatus {
	h := c.height + 1
	res, err := c.nodes[i].app.ProcessProposal(context.Background(), &abcitypes.RequestProcessProposal{
		Height: h, Time: genesisTime.Add(time.Duration(h) * time.Second), Txs: txs,
		Hash: append(binary.BigEndian.AppendUint64(nil, uint64(h)), byte(len(txs))),
	})
	require.NoError(c.t, err)
	return res.Status
}

// prepareAt asks node 0 for the next block.
func (c *cluster) prepareAt() [][]byte {
	h := c.height + 1
	res, err := c.nodes[0].app.PrepareProposal(context.Background(), &abcitypes.RequestPrepareProposal{
		Height: h, Time: genesisTime.Add(time.Duration(h) * time.Second), MaxTxBytes: 4 << 20, LocalLastCommit: c.commit,
	})
	require.NoError(c.t, err)
	return res.Txs
}

// withVotes rewrites a block's commit-info tx through edit.
func withVotes(t *testing.T, txs [][]byte, edit func([]*htypes.ExtendedVote) []*htypes.ExtendedVote) [][]byte {
	env, err := decodeEnvelope(txs[0])
	require.NoError(t, err)
	ci := *env.GetSystem().GetCommitInfo()
	ci.Votes = edit(append([]*htypes.ExtendedVote{}, ci.Votes...))
	raw, err := commitInfoEnvelope(&ci)
	require.NoError(t, err)
	return append([][]byte{raw}, txs[1:]...)
}

// TestProcessProposalRejectsTamperedDecryptedLane builds a valid block with
// revealed envelopes on 4 validators and checks that a verifier rejects it
// when the commit-info tx omits the quorum's extensions (or an extension is
// altered), when the decrypted lane is reordered or incomplete, or when any
// tx precedes it; and accepts the original and a block carrying just a
// quorum (the decryption key of an envelope does not depend on which t
// shares form it).
func TestProcessProposalRejectsTamperedDecryptedLane(t *testing.T) {
	c := newCluster(t, 4, 4)
	for eonOf(t, c.view().ActiveEon) == nil {
		c.step()
	}
	eon := eonOf(t, c.view().ActiveEon)
	first := c.seal(eon, 0, 0, common.Address{0xf1})
	second := c.seal(eon, 1, 0, common.Address{0xf2})
	require.Equal(t, []string{"system", "envelope", "envelope"}, bodyKinds(t, c.step()))

	next := c.prepareAt()
	require.Equal(t, []string{"system", "revealed", "revealed"}, bodyKinds(t, next))
	plain, err := ethEnvelope(c.tx(2, &common.Address{0xee}, common.Big1, 21_000, nil))
	require.NoError(t, err)
	rejects := map[string][][]byte{
		"no commit-info tx":            next[1:],
		"half the extensions":          withVotes(t, next, func(v []*htypes.ExtendedVote) []*htypes.ExtendedVote { return v[:2] }),
		"extension altered":            withVotes(t, next, func(v []*htypes.ExtendedVote) []*htypes.ExtendedVote { return alterExtension(t, v) }),
		"decrypted lane reordered":     {next[0], next[2], next[1]},
		"a keyed envelope omitted":     next[:2],
		"plaintext tx before the lane": {next[0], plain, next[1], next[2]},
		"plaintext tx before all":      {plain, next[0], next[1], next[2]},
		"envelope reveal duplicated":   {next[0], next[1], next[1], next[2]},
	}
	for name, txs := range rejects {
		require.Equal(t, abcitypes.ResponseProcessProposal_REJECT, c.processAt(1, txs), name)
	}
	quorum := withVotes(t, next, func(v []*htypes.ExtendedVote) []*htypes.ExtendedVote { return v[1:] })
	require.Equal(t, abcitypes.ResponseProcessProposal_ACCEPT, c.processAt(2, quorum), "3 of 4 extensions: a quorum")
	require.Equal(t, abcitypes.ResponseProcessProposal_ACCEPT, c.processAt(1, next))
	c.step()
	pending, err := c.view().PendingEnvelopes()
	require.NoError(t, err)
	require.Empty(t, pending)
	for _, hash := range []common.Hash{first, second} {
		require.Equal(t, keeper.StatusRevealed, c.envelope(hash).Status)
	}
	require.Equal(t, "7", c.balance(common.Address{0xf2}).String())
}

// alterExtension drops the shares of the first vote's extension, keeping
// its signature (which then no longer matches).
func alterExtension(t *testing.T, votes []*htypes.ExtendedVote) []*htypes.ExtendedVote {
	var ve htypes.VoteExtension
	require.NoError(t, ve.Unmarshal(votes[0].VoteExtension))
	require.NotEmpty(t, ve.Shares)
	ve.Shares = nil
	bz, err := ve.Marshal()
	require.NoError(t, err)
	altered := *votes[0]
	altered.VoteExtension = bz
	votes[0] = &altered
	return votes
}
