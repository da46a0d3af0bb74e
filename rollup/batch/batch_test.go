package batch

import (
	"bytes"
	"errors"
	"math/rand"
	"testing"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/stretchr/testify/require"
)

func TestEncodeDecodeEveryCodec(t *testing.T) {
	b := newTxMix(t, 20).batch(t, 3, 31, 5, 20)
	b.Blocks[2].Misbehavior = []Misbehavior{{Type: 1, Address: bytes.Repeat([]byte{7}, 20), Power: 10, Height: 30, Time: 5, TotalVotingPower: 40}}
	for _, c := range Codecs {
		payload, err := b.Encode(c)
		require.NoError(t, err, c)
		again, err := b.Encode(c)
		require.NoError(t, err)
		require.Equal(t, payload, again, "%s is not deterministic", c)
		got, codec, err := Decode(payload)
		require.NoError(t, err, c)
		require.Equal(t, c, codec)
		require.Equal(t, mustRLP(t, b), mustRLP(t, got), c)
		require.Equal(t, b.Blocks[2].Misbehavior, got.Blocks[2].Misbehavior)
		require.Equal(t, b.Blocks[4].Txs, got.Blocks[4].Txs)
	}
}

func mustRLP(t *testing.T, v any) []byte {
	bz, err := rlp.EncodeToBytes(v)
	require.NoError(t, err)
	return bz
}

func TestDecodeRejectsMalformed(t *testing.T) {
	b := newTxMix(t, 4).batch(t, 0, 1, 2, 3)
	payload, err := b.Encode(CodecZstd)
	require.NoError(t, err)
	bad := map[string][]byte{
		"empty":    nil,
		"version":  append([]byte{9}, payload[1:]...),
		"codec":    append([]byte{PayloadVersion, 77}, payload[2:]...),
		"truncate": payload[:len(payload)-3],
		"trailing": func() []byte { p, _ := b.Encode(CodecNone); return append(p, 0xc0) }(),
	}
	for name, p := range bad {
		_, _, err := Decode(p)
		require.Error(t, err, name)
	}
	gap := &Batch{Index: 0, Blocks: []*Block{b.Blocks[0], b.Blocks[0]}}
	_, err = gap.Encode(CodecNone)
	require.ErrorIs(t, err, ErrBadContent)
}

func TestDecompressionBomb(t *testing.T) {
	huge := make([]byte, MaxDecompressedBytes+10)
	for _, c := range []Codec{CodecZlib, CodecBrotli, CodecZstd} {
		z, err := c.Compress(huge)
		require.NoError(t, err)
		_, err = c.Decompress(z)
		require.True(t, errors.Is(err, ErrTooLarge) || errors.Is(err, ErrBadContent), "%s: %v", c, err)
	}
}

func TestFinalizeRequestRoundTrip(t *testing.T) {
	req := &abcitypes.RequestFinalizeBlock{
		Height: 9, Time: time.Unix(1700000000, 123456789).UTC(), ProposerAddress: bytes.Repeat([]byte{1}, 20),
		Txs: [][]byte{{1, 2}, {3}},
		DecidedLastCommit: abcitypes.CommitInfo{Round: 2, Votes: []abcitypes.VoteInfo{
			{Validator: abcitypes.Validator{Address: bytes.Repeat([]byte{2}, 20), Power: 10}, BlockIdFlag: cmtproto.BlockIDFlagCommit},
			{Validator: abcitypes.Validator{Address: bytes.Repeat([]byte{3}, 20), Power: 10}, BlockIdFlag: cmtproto.BlockIDFlagAbsent},
		}},
		Misbehavior: []abcitypes.Misbehavior{{Type: abcitypes.MisbehaviorType_DUPLICATE_VOTE,
			Validator: abcitypes.Validator{Address: bytes.Repeat([]byte{3}, 20), Power: 10}, Height: 7,
			Time: time.Unix(1699999990, 5).UTC(), TotalVotingPower: 20}},
	}
	blk, err := FromFinalizeRequest(req)
	require.NoError(t, err)
	require.Equal(t, req, blk.FinalizeRequest())
}

func TestBlobPacking(t *testing.T) {
	for _, n := range []int{0, 1, BlobCapacity - lengthPrefix, BlobCapacity - lengthPrefix + 1, 2*BlobCapacity + 17} {
		payload := bytes.Repeat([]byte{0xff}, n)
		blobs, err := ToBlobs(payload)
		require.NoError(t, err)
		require.Equal(t, BlobsNeeded(n), len(blobs))
		got, err := FromBlobs(blobs)
		require.NoError(t, err)
		require.Equal(t, payload, got)
	}
	blobs, err := ToBlobs([]byte{1, 2, 3})
	require.NoError(t, err)
	blobs[0][32*100+5] = 1 // padding
	_, err = FromBlobs(blobs)
	require.ErrorIs(t, err, ErrBadContent)
	blobs[0][32*100+5], blobs[0][32*7] = 0, 0x40 // an element at or above 2^254: never produced
	_, err = FromBlobs(blobs)
	require.ErrorContains(t, err, "element above 2^254")
	blobs[0][32*7] = 0
	_, err = FromBlobs(blobs)
	require.NoError(t, err)
	random := make([]byte, BlobCapacity+5000)
	rand.New(rand.NewSource(9)).Read(random)
	blobs, err = ToBlobs(random)
	require.NoError(t, err)
	for i := range blobs {
		for e := 0; e < fieldElements; e++ {
			require.LessOrEqual(t, blobs[i][e*32], byte(0x3f), "every element below 2^254")
		}
	}
	got, err := FromBlobs(blobs)
	require.NoError(t, err)
	require.Equal(t, random, got)
	require.Equal(t, 130048, BlobCapacity, "127 bytes per 4 field elements")
	_, err = ToBlobs(make([]byte, MaxBlobs*BlobCapacity))
	require.ErrorIs(t, err, ErrTooLarge)
}

func TestParamsLimits(t *testing.T) {
	p := Params{Interval: 10, Codec: CodecZstd, Medium: MediumCalldata}
	require.NoError(t, p.Validate())
	require.Equal(t, MaxCalldataPayload, p.PayloadLimit())
	p.Medium = MediumBlobs
	require.Equal(t, MaxBlobs*BlobCapacity-lengthPrefix, p.PayloadLimit())
	require.Less(t, p.MaxBlockBytes(), p.PayloadLimit())
	require.ErrorIs(t, Params{Interval: 0}.Validate(), ErrBadParams)
	require.ErrorIs(t, Params{Interval: MaxBlocksPerBatch + 1}.Validate(), ErrBadParams)
}

func TestSealCalldataAndBlobs(t *testing.T) {
	b := newTxMix(t, 10).batch(t, 0, 1, 3, 10)
	p := Params{Interval: 3, Codec: CodecZstd, Medium: MediumCalldata}
	s, err := Seal(b, [32]byte{1}, p)
	require.NoError(t, err)
	require.Equal(t, uint64(1), s.Header.First)
	require.Equal(t, uint64(3), s.Header.Last)
	if testing.Short() {
		return
	}
	p.Medium = MediumBlobs
	sb, err := Seal(b, [32]byte{1}, p)
	require.NoError(t, err)
	require.Len(t, sb.BlobHashes, 1)
	require.NotEqual(t, s.Header.Hash(), sb.Header.Hash())
	got, err := FromBlobs(sb.Blobs)
	require.NoError(t, err)
	require.Equal(t, s.Payload, got)
}
