package system

import (
	"errors"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/stretchr/testify/require"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
)

const testChainID = "hyperion-test"

type testVal struct {
	key ed25519.PrivKey
	val Validator
}

func testSet(t *testing.T, n int) ([]testVal, ValidatorSet) {
	t.Helper()
	vals := make([]testVal, n)
	members := make([]Validator, n)
	for i := range vals {
		key := ed25519.GenPrivKeyFromSecret([]byte{byte(i), 'v'})
		pub := key.PubKey().(ed25519.PubKey)
		vals[i] = testVal{key: key, val: Validator{Address: pub.Address(), PubKey: pub, Power: 10}}
		members[i] = vals[i].val
	}
	set, err := NewValidatorSet(members)
	require.NoError(t, err)
	return vals, set
}

// signedCommit builds the LocalLastCommit CometBFT would hand the proposer.
func signedCommit(t *testing.T, vals []testVal, height int64, ext []byte) abci.ExtendedCommitInfo {
	t.Helper()
	var votes []abci.ExtendedVoteInfo
	for _, v := range vals {
		msg := cmttypes.VoteExtensionSignBytes(testChainID, &cmtproto.Vote{Height: height, Round: 0, Extension: ext})
		sig, err := v.key.Sign(msg)
		require.NoError(t, err)
		votes = append(votes, abci.ExtendedVoteInfo{
			Validator:          abci.Validator{Address: v.val.Address, Power: v.val.Power},
			VoteExtension:      ext,
			ExtensionSignature: sig,
			BlockIdFlag:        cmtproto.BlockIDFlagCommit,
		})
	}
	return abci.ExtendedCommitInfo{Round: 0, Votes: votes}
}

func TestCommitInfoRoundTrip(t *testing.T) {
	vals, set := testSet(t, 4)
	ci := BuildCommitInfo(6, signedCommit(t, vals, 5, nil))
	require.Len(t, ci.Votes, 4)
	require.NoError(t, VerifyCommitInfo(testChainID, 6, ci, set))

	// The encoded tx decodes to the same thing.
	bz, err := ci.Marshal()
	require.NoError(t, err)
	var back htypes.CommitInfo
	require.NoError(t, back.Unmarshal(bz))
	require.NoError(t, VerifyCommitInfo(testChainID, 6, &back, set))
}

func TestCommitInfoRejects(t *testing.T) {
	vals, set := testSet(t, 4)
	fresh := func() *htypes.CommitInfo { return BuildCommitInfo(6, signedCommit(t, vals, 5, nil)) }
	cases := map[string]struct {
		mutate func(ci *htypes.CommitInfo)
		height int64
		want   error
	}{
		"wrong height":    {func(*htypes.CommitInfo) {}, 7, ErrCommitInfoHeight},
		"below quorum":    {func(ci *htypes.CommitInfo) { ci.Votes = ci.Votes[:2] }, 6, ErrCommitInfoQuorum},
		"duplicate":       {func(ci *htypes.CommitInfo) { ci.Votes[1] = ci.Votes[0] }, 6, ErrCommitInfoOrder},
		"bad signature":   {func(ci *htypes.CommitInfo) { ci.Votes[2].ExtensionSignature[0] ^= 1 }, 6, ErrCommitInfoSig},
		"other extension": {func(ci *htypes.CommitInfo) { ci.Votes[0].VoteExtension = []byte{} }, 6, nil},
		"unknown validator": {func(ci *htypes.CommitInfo) {
			addr := make([]byte, 20)
			for i := range addr {
				addr[i] = 0xff
			}
			ci.Votes[3].ValidatorAddress = addr
		}, 6, ErrUnknownValidator},
		"garbage extension": {func(ci *htypes.CommitInfo) { ci.Votes[0].VoteExtension = []byte{0xff} }, 6, ErrBadVoteExtension},
		"too many votes": {func(ci *htypes.CommitInfo) {
			ci.Votes = make([]*htypes.ExtendedVote, MaxCommitInfoVotes+1)
		}, 6, ErrCommitInfoTooLarge},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			ci := fresh()
			tc.mutate(ci)
			err := VerifyCommitInfo(testChainID, tc.height, ci, set)
			if tc.want == nil {
				require.NoError(t, err) // an empty extension is the canonical empty VoteExtension
				return
			}
			require.True(t, errors.Is(err, tc.want), "got %v, want %v", err, tc.want)
		})
	}
}

func TestCommitInfoSignatureBindsChainAndHeight(t *testing.T) {
	vals, set := testSet(t, 3)
	ci := BuildCommitInfo(6, signedCommit(t, vals, 5, nil))
	require.ErrorIs(t, VerifyCommitInfo("other-chain", 6, ci, set), ErrCommitInfoSig)
	ci.Round = 1
	require.ErrorIs(t, VerifyCommitInfo(testChainID, 6, ci, set), ErrCommitInfoSig)
}

func TestBuildCommitInfoSkipsAbsentAndSorts(t *testing.T) {
	vals, _ := testSet(t, 4)
	llc := signedCommit(t, vals, 5, nil)
	llc.Votes[1].BlockIdFlag = cmtproto.BlockIDFlagAbsent
	llc.Votes[0], llc.Votes[3] = llc.Votes[3], llc.Votes[0]
	ci := BuildCommitInfo(6, llc)
	require.Len(t, ci.Votes, 3)
	for i := 1; i < len(ci.Votes); i++ {
		require.Negative(t, compareBytes(ci.Votes[i-1].ValidatorAddress, ci.Votes[i].ValidatorAddress))
	}
}

func compareBytes(a, b []byte) int {
	for i := range a {
		if a[i] != b[i] {
			return int(a[i]) - int(b[i])
		}
	}
	return len(a) - len(b)
}

func TestValidatorSetEncoding(t *testing.T) {
	_, set := testSet(t, 3)
	back, err := DecodeValidatorSet(set.Encode())
	require.NoError(t, err)
	require.Equal(t, set, back)
	require.Equal(t, int64(30), back.TotalPower())

	bad := set.Validators[0]
	bad.PubKey = bad.PubKey[:5]
	_, err = NewValidatorSet([]Validator{bad})
	require.ErrorIs(t, err, ErrBadPubKey)
	_, err = NewValidatorSet([]Validator{set.Validators[0], set.Validators[0]})
	require.Error(t, err)
}
