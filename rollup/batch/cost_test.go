package batch

import (
	"fmt"
	"testing"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"
)

// opMinTxSize is OP Stack's Fjord minTransactionSize: the compressed size, in bytes, the L1 data fee charges
// a simple transfer at least (its FastLZ estimate, 0.8365 × FastLZ size − 42.59, is below it for any
// transfer); see docs/BENCHMARKS.md for the source.
const opMinTxSize = 100

// columnTxSize bounds the bytes of a transfer in the version-2 column layout (measured 90.6 at 100 and
// 87.6 at 1,000 transfers per block; version 1 took 98.9 and 95.2).
const columnTxSize = 92

// submitBlobBatchGas is BatchInbox.submitBlobBatch's L1 execution gas for 6 blobs and a 4-key set
// (TestBlobBatchOsakaLimit in rollup/contracts).
const submitBlobBatchGas = 296_341

// blobGasPerBlob is EIP-4844's GAS_PER_BLOB.
const blobGasPerBlob = 131_072

// mixReader serves the blocks of a txMix as committed FinalizeBlock inputs.
type mixReader struct{ blocks []*Block }

func (r *mixReader) FinalizeInputs(h int64) (*abcitypes.RequestFinalizeBlock, error) {
	if h < 1 || int(h) > len(r.blocks) {
		return nil, fmt.Errorf("block %d not committed", h)
	}
	req := r.blocks[h-1].FinalizeRequest()
	for i := range req.DecidedLastCommit.Votes {
		req.DecidedLastCommit.Votes[i].BlockIdFlag = cmtproto.BlockIDFlagCommit
	}
	return req, nil
}

// TestTransferDataCost measures the L1 data cost of plain ETH transfers in full blob batches, as the
// builder cuts them (6 blobs, zstd), at several loads: payload bytes, blob gas and amortised L1 execution
// gas per transfer. Each block also carries a commit-info tx and 4 votes, as on a 4-validator chain.
func TestTransferDataCost(t *testing.T) {
	if testing.Short() {
		t.Skip("signs tens of thousands of transactions and commits 6 blobs")
	}
	p := Params{Interval: MaxBlocksPerBatch, Codec: DefaultCodec, Medium: MediumBlobs}
	for _, perBlock := range []int{100, 1000} {
		m := newTxMix(t, 4000)
		m.transfersOnly = true
		blocks := perBlock * 0
		r := &mixReader{}
		for total := 0; total < 1_000_000; total += len(r.blocks[len(r.blocks)-1].Txs) * 110 {
			r.blocks = append(r.blocks, m.block(t, uint64(len(r.blocks)+1), perBlock))
		}
		b, err := NewBuilder(p, r, mustArchive(t))
		require.NoError(t, err)
		start := time.Now()
		s, err := b.Sealed(0)
		require.NoError(t, err)
		blocks = int(s.Header.Last - s.Header.First + 1)
		txs := blocks * perBlock
		require.Len(t, s.Blobs, MaxBlobs, "the batch fills every blob")
		bytesPerTx := float64(len(s.Payload)) / float64(txs)
		t.Logf("%d transfers/block: batch of %d blocks, %d transfers, %d payload bytes in %d blobs (built in %s): "+
			"%.1f bytes/tx, %.1f blob gas/tx, %.1f L1 execution gas/tx (OP Stack Fjord: >= %d bytes/tx)",
			perBlock, blocks, txs, len(s.Payload), len(s.Blobs), time.Since(start).Round(time.Millisecond), bytesPerTx,
			float64(len(s.Blobs)*blobGasPerBlob)/float64(txs), float64(submitBlobBatchGas)/float64(txs), opMinTxSize)
		require.Less(t, bytesPerTx, float64(opMinTxSize), "a transfer costs no more L1 data than OP Stack charges")
		require.Less(t, bytesPerTx, float64(columnTxSize), "the column layout keeps a transfer clearly below OP Stack")
	}
}

func mustArchive(t *testing.T) *Archive {
	a, err := OpenArchive(t.TempDir())
	require.NoError(t, err)
	return a
}
