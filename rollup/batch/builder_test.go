package batch

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/stretchr/testify/require"
)

// blockStore is committed L2 blocks of random (incompressible) transactions, txBytes per block.
type blockStore struct {
	blocks map[int64]*abcitypes.RequestFinalizeBlock
	tip    int64
}

func newBlockStore(seed int64, n int, txBytes func(h int) int) *blockStore {
	rng := rand.New(rand.NewSource(seed))
	s := &blockStore{blocks: make(map[int64]*abcitypes.RequestFinalizeBlock)}
	for h := 1; h <= n; h++ {
		req := &abcitypes.RequestFinalizeBlock{Height: int64(h), Time: time.Unix(1_700_000_000+int64(h), 0), ProposerAddress: make([]byte, 20)}
		for left := txBytes(h); left > 0; left -= 1000 {
			tx := make([]byte, min(left, 1000))
			rng.Read(tx)
			req.Txs = append(req.Txs, tx)
		}
		s.blocks[int64(h)] = req
	}
	s.tip = int64(n)
	return s
}

func (s *blockStore) FinalizeInputs(h int64) (*abcitypes.RequestFinalizeBlock, error) {
	if b, ok := s.blocks[h]; ok && h <= s.tip {
		return b, nil
	}
	return nil, fmt.Errorf("block %d not committed", h)
}

func newTestBuilder(t *testing.T, p Params, r BlockReader, dir string) *Builder {
	a, err := OpenArchive(dir)
	require.NoError(t, err)
	b, err := NewBuilder(p, r, a)
	require.NoError(t, err)
	return b
}

// headersUpTo builds every batch decided by the store's blocks.
func headersUpTo(t *testing.T, b *Builder, committed uint64) []Header {
	var out []Header
	for i := uint64(0); ; i++ {
		h, ok, err := b.Decided(i, committed)
		require.NoError(t, err)
		if !ok {
			return out
		}
		out = append(out, h)
	}
}

func TestBuilderCutsLargeBlocksBySize(t *testing.T) {
	p := Params{Interval: 64, Codec: CodecZstd, Medium: MediumCalldata}
	store := newBlockStore(1, 40, func(h int) int { return 9_000 + (h%7)*4_000 })
	b := newTestBuilder(t, p, store, t.TempDir())
	headers := headersUpTo(t, b, 40)
	require.Greater(t, len(headers), 3)
	next := uint64(1)
	for _, h := range headers {
		require.Equal(t, next, h.First, "batch %d", h.Index)
		require.Less(t, h.First, h.Last, "large blocks still share batches")
		s, err := b.Sealed(h.Index)
		require.NoError(t, err)
		require.LessOrEqual(t, len(s.Payload), MaxCalldataPayload)
		// The cut is tight: the batch with its next block would not fit.
		bt, _, err := Decode(s.Payload)
		require.NoError(t, err)
		nb, err := FromFinalizeRequest(store.blocks[int64(h.Last+1)])
		require.NoError(t, err)
		bt.Blocks = append(bt.Blocks, nb)
		bigger, err := bt.Encode(p.Codec)
		require.NoError(t, err)
		require.Greater(t, len(bigger), MaxCalldataPayload, "batch %d was cut early", h.Index)
		next = h.Last + 1
	}
}

func TestBuilderCutsByIntervalWhenSmall(t *testing.T) {
	p := Params{Interval: 5, GenesisBlock: 2, Codec: CodecZstd, Medium: MediumCalldata}
	store := newBlockStore(2, 30, func(int) int { return 300 })
	headers := headersUpTo(t, newTestBuilder(t, p, store, t.TempDir()), 30)
	require.Len(t, headers, 5)
	for i, h := range headers {
		require.Equal(t, []uint64{uint64(3 + 5*i), uint64(7 + 5*i)}, []uint64{h.First, h.Last})
	}
}

// TestBuilderDeterministic checks that a node deciding cuts block by block (as the signer does), one that
// builds at once, and one restarted from its archive all produce the same batch chain.
func TestBuilderDeterministic(t *testing.T) {
	p := Params{Interval: 16, Codec: CodecZstd, Medium: MediumCalldata}
	sizes := func(h int) int { return []int{500, 60_000, 2_000, 30_000, 90_000}[h%5] }
	full := newBlockStore(3, 60, sizes)
	want := headersUpTo(t, newTestBuilder(t, p, full, t.TempDir()), 60)

	live := newBlockStore(3, 60, sizes)
	live.tip = 1
	dir := t.TempDir()
	lb := newTestBuilder(t, p, live, dir)
	ends := map[uint64]uint64{}
	for ; live.tip < 60; live.tip++ {
		if live.tip == 30 { // restart: a new builder continues from the archive
			lb = newTestBuilder(t, p, live, dir)
		}
		e := uint64(live.tip - 1)
		idx, ok, err := lb.EndingAt(e)
		require.NoError(t, err)
		if ok {
			ends[idx] = e
		}
	}
	got := headersUpTo(t, lb, 60)
	require.Equal(t, want, got)
	for _, h := range want {
		if h.Last < 59 {
			require.Equal(t, h.Last, ends[h.Index], "EndingAt missed batch %d", h.Index)
		}
	}
	_, ok, err := lb.Decided(uint64(len(want)), 60)
	require.NoError(t, err)
	require.False(t, ok)
	_, err = lb.Header(uint64(len(want)) + 1)
	require.Error(t, err, "a batch past the committed blocks cannot be built")
}

// TestMaxBlockFitsAlone checks MaxBlockBytes: an incompressible block of that RLP size encodes within
// the payload limit under every codec and medium.
func TestMaxBlockFitsAlone(t *testing.T) {
	media := []uint8{MediumCalldata}
	if !testing.Short() {
		media = append(media, MediumBlobs)
	}
	rng := rand.New(rand.NewSource(4))
	for _, m := range media {
		p := Params{Interval: 1, Medium: m}
		blk := &Block{Height: 1, Time: 1, Proposer: make([]byte, 20)}
		for size := 0; ; {
			enc, err := rlp.EncodeToBytes(blk)
			require.NoError(t, err)
			size = len(enc)
			if size >= p.MaxBlockBytes()-1100 {
				tx := make([]byte, p.MaxBlockBytes()-size-3)
				rng.Read(tx)
				blk.Txs = append(blk.Txs, tx)
				break
			}
			tx := make([]byte, 1000)
			rng.Read(tx)
			blk.Txs = append(blk.Txs, tx)
		}
		enc, err := rlp.EncodeToBytes(blk)
		require.NoError(t, err)
		require.LessOrEqual(t, len(enc), p.MaxBlockBytes())
		require.Greater(t, len(enc), p.MaxBlockBytes()-8)
		for _, c := range Codecs {
			payload, err := (&Batch{Index: 1 << 40, Blocks: []*Block{blk}}).Encode(c)
			require.NoError(t, err)
			require.LessOrEqual(t, len(payload), p.PayloadLimit(), "medium %d codec %v", m, c)
		}
	}
}

// BenchmarkBuilderSizeCut measures building the batch chain of 64 large blocks (9-33 KB of
// incompressible txs each), where every block near a batch's limit costs an exact encoding of the batch.
func BenchmarkBuilderSizeCut(b *testing.B) {
	p := Params{Interval: 64, Codec: CodecZstd, Medium: MediumCalldata}
	store := newBlockStore(1, 64, func(h int) int { return 9_000 + (h%7)*4_000 })
	for i := 0; i < b.N; i++ {
		a, err := OpenArchive(b.TempDir())
		require.NoError(b, err)
		bl, err := NewBuilder(p, store, a)
		require.NoError(b, err)
		_, _, err = bl.EndingAt(63)
		require.NoError(b, err)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*64), "µs/block")
}
