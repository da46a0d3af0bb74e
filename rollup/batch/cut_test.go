package batch

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBuiltBatchesPassCheckCut: the verifier's re-check accepts every batch the builder cuts (by size and
// by interval), and refuses the same batches cut one block early or carrying one block too many.
func TestBuiltBatchesPassCheckCut(t *testing.T) {
	p := Params{Interval: 6, Codec: CodecZstd, Medium: MediumCalldata}
	store := newBlockStore(5, 40, func(h int) int {
		if h > 20 {
			return 300 // small blocks: cut by interval
		}
		return []int{300, 40_000, 9_000, 70_000}[h%4]
	})
	b := newTestBuilder(t, p, store, t.TempDir())
	headers := headersUpTo(t, b, 40)
	require.Greater(t, len(headers), 4)
	var bySize, byInterval int
	for _, h := range headers {
		s, err := b.Sealed(h.Index)
		require.NoError(t, err)
		bt, _, err := Decode(s.Payload)
		require.NoError(t, err)
		require.NoError(t, CheckEncoding(p, bt, s.Payload))
		var next *Block
		if req, ok := store.blocks[int64(h.Last+1)]; ok {
			next, err = FromFinalizeRequest(req)
			require.NoError(t, err)
		}
		require.NoError(t, CheckCut(p, bt, next), "batch %d", h.Index)
		if uint64(len(bt.Blocks)) == p.Interval {
			byInterval++
		} else {
			bySize++
		}
		if len(bt.Blocks) > 1 {
			early := &Batch{Index: bt.Index, Blocks: bt.Blocks[:len(bt.Blocks)-1]}
			require.ErrorIs(t, CheckCut(p, early, bt.Blocks[len(bt.Blocks)-1]), ErrBadCut, "batch %d cut early", h.Index)
		}
	}
	require.Positive(t, bySize)
	require.Positive(t, byInterval)
	over := &Batch{Index: 0, Blocks: make([]*Block, 7)}
	require.ErrorIs(t, CheckCut(p, over, nil), ErrBadCut)
}

func TestCheckEncodingRefusesOtherCodec(t *testing.T) {
	p := Params{Interval: 4, Codec: CodecZstd, Medium: MediumCalldata}
	bt := &Batch{Index: 3, Blocks: []*Block{{Height: 9, Time: 1, Txs: [][]byte{{1, 2, 3}}}}}
	payload, err := bt.Encode(CodecBrotli)
	require.NoError(t, err)
	require.ErrorIs(t, CheckEncoding(p, bt, payload), ErrNotCanonical)
	payload, err = bt.Encode(CodecZstd)
	require.NoError(t, err)
	require.NoError(t, CheckEncoding(p, bt, payload))
	require.ErrorIs(t, CheckEncoding(p, bt, append(payload, 0)), ErrNotCanonical)
}
