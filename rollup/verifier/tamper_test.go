package verifier

import (
	"context"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/rollup/batch"
	"github.com/hyperion-rollup/hyperion/rollup/contracts"
)

// seal encodes blocks as batch index after f's last posted batch, with codec c.
func (f *fixture) seal(index uint64, bl []*batch.Block, c batch.Codec) (batch.Header, []byte) {
	b := &batch.Batch{Index: index, Blocks: bl}
	payload, err := b.Encode(c)
	require.NoError(f.t, err)
	return batch.Header{Index: index, First: b.First(), Last: b.Last(), PrevHash: f.prev}, payload
}

func (f *fixture) verify() (*Report, error) {
	return Verify(context.Background(), f.sim.Client(), f.config(), &contentExecutor{})
}

// The set signs a batch cut before the interval although its next block fits: the verifier names it.
func TestVerifyRejectsEarlyCut(t *testing.T) {
	f := newFixture(t)
	f.post(0, 1, 2)
	f.post(1, 3, 3)
	rep, err := f.verify()
	require.ErrorIs(t, err, batch.ErrBadCut)
	require.ErrorContains(t, err, "batch 0 cut after 2 of 3 blocks though block 3 fits")
	require.Equal(t, 1, rep.Batches)
}

// A short last batch is accepted, marked as not yet checkable.
func TestVerifyShortLastBatchPending(t *testing.T) {
	f := newFixture(t)
	f.post(0, 1, 3)
	f.post(1, 4, 1)
	rep, err := f.verify()
	require.NoError(t, err)
	require.True(t, rep.CutPending)
	require.Equal(t, 4, rep.Blocks)
}

func TestVerifyRejectsBatchOverInterval(t *testing.T) {
	f := newFixture(t)
	h, payload := f.seal(0, blocks(1, 4), params.Codec)
	f.postRaw(h, payload)
	_, err := f.verify()
	require.ErrorIs(t, err, batch.ErrBadCut)
	require.ErrorContains(t, err, "batch 0 holds 4 blocks, interval 3")
}

// A payload in another codec decodes, but is not the chain's encoding.
func TestVerifyRejectsOtherCodec(t *testing.T) {
	f := newFixture(t)
	h, payload := f.seal(0, blocks(1, 3), batch.CodecZlib)
	f.postRaw(h, payload)
	_, err := f.verify()
	require.ErrorIs(t, err, batch.ErrNotCanonical)
	require.ErrorContains(t, err, "batch 0")
}

// The header's range and the content's disagree.
func TestVerifyRejectsContentOutsideHeader(t *testing.T) {
	f := newFixture(t)
	h, payload := f.seal(0, blocks(1, 3), params.Codec)
	h.Last = 4
	f.postRaw(h, payload)
	_, err := f.verify()
	require.ErrorIs(t, err, ErrBadBatchData)
	require.ErrorContains(t, err, "batch 0 (blocks 1-4) holds batch 0, blocks 1-3")
}

func TestVerifyRejectsOtherMedium(t *testing.T) {
	f := newFixture(t)
	f.post(0, 1, 3)
	cfg := f.config()
	cfg.Params.Medium = batch.MediumBlobs
	_, err := Verify(context.Background(), f.sim.Client(), cfg, &contentExecutor{})
	require.ErrorIs(t, err, ErrBadBatchData)
	require.ErrorContains(t, err, "batch 0 posted with medium 0")
}

// Linkage and data commitments are re-checked on the events themselves (BatchInbox enforces them too;
// the verifier does not rely on it).
func TestVerifyRejectsTamperedEvents(t *testing.T) {
	f := newFixture(t)
	f.post(0, 1, 3)
	f.post(1, 4, 3)
	f.post(2, 7, 3)
	ctx := context.Background()
	real, err := ReadBatches(ctx, f.sim.Client(), f.dep.BatchInbox)
	require.NoError(t, err)
	rehash := func(ev *contracts.BatchInboxBatchAppended, prev common.Hash) {
		h := batch.Header{Index: ev.Index, First: ev.FirstBlock, Last: ev.LastBlock, PrevHash: prev, Medium: ev.Medium, DataHash: ev.DataHash}
		ev.BatchHash = h.Hash()
	}
	cases := []struct {
		name   string
		tamper func(bs []PostedBatch) []PostedBatch
		want   error
		msg    string
	}{
		{"gap", func(bs []PostedBatch) []PostedBatch { return append(bs[:1], bs[2:]...) }, ErrBrokenChain, "batch 2 posted where batch 1 belongs"},
		{"replay", func(bs []PostedBatch) []PostedBatch { return append(bs[:2], bs[1]) }, ErrBrokenChain, "batch 1 posted where batch 2 belongs"},
		{"range", func(bs []PostedBatch) []PostedBatch {
			bs[1].Event.FirstBlock = 5
			return bs
		}, ErrBrokenChain, "batch 1 starts at block 5, not 4"},
		{"fork", func(bs []PostedBatch) []PostedBatch {
			rehash(bs[1].Event, common.Hash{1})
			return bs
		}, ErrBrokenChain, "batch 1 hash"},
		{"data", func(bs []PostedBatch) []PostedBatch {
			bs[1].Event.DataHash = common.Hash{2}
			rehash(bs[1].Event, real[0].Event.BatchHash)
			rehash(bs[2].Event, bs[1].Event.BatchHash)
			return bs
		}, ErrBadBatchData, "batch 1 calldata hash"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bs, err := ReadBatches(ctx, f.sim.Client(), f.dep.BatchInbox)
			require.NoError(t, err)
			_, err = VerifyPosted(ctx, f.sim.Client(), f.config(), &contentExecutor{}, c.tamper(bs), nil)
			require.ErrorIs(t, err, c.want)
			require.ErrorContains(t, err, c.msg)
		})
	}
	_, err = VerifyPosted(ctx, f.sim.Client(), f.config(), &contentExecutor{}, real, nil)
	require.NoError(t, err, "the untampered chain verifies")
}
