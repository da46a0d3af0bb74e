package store

import (
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

func testHash(label string, n int64) [32]byte {
	return sha256.Sum256(fmt.Appendf(nil, "%s/%d", label, n))
}

// testTxs returns n distinct tx hashes of block height.
func testTxs(height int64, n int) [][32]byte {
	txs := make([][32]byte, n)
	for i := range txs {
		txs[i] = testHash(fmt.Sprintf("tx%d", height), int64(i))
	}
	return txs
}

func openTestIndex(t *testing.T, dir string) *Index {
	t.Helper()
	ix, err := OpenIndex(dir)
	require.NoError(t, err)
	t.Cleanup(func() { _ = ix.Close() })
	return ix
}

// putBlocks records heights from..to, block h holding h%4 txs.
func putBlocks(t *testing.T, ix *Index, from, to int64) {
	t.Helper()
	for h := from; h <= to; h++ {
		payload := fmt.Appendf(nil, "block %d", h)
		require.NoError(t, ix.PutBlock(h, testHash("block", h), testTxs(h, int(h%4)), payload))
	}
}

// requireBlock checks every lookup of block h.
func requireBlock(t *testing.T, ix *Index, h int64) {
	t.Helper()
	payload, err := ix.Block(h)
	require.NoError(t, err)
	require.Equal(t, fmt.Sprintf("block %d", h), string(payload))
	got, err := ix.HeightByHash(testHash("block", h))
	require.NoError(t, err)
	require.Equal(t, h, got)
	for i, tx := range testTxs(h, int(h%4)) {
		height, index, err := ix.TxLocation(tx)
		require.NoError(t, err)
		require.Equal(t, h, height)
		require.Equal(t, i, index)
	}
}

// requireNoBlock checks that nothing of block h is found.
func requireNoBlock(t *testing.T, ix *Index, h int64) {
	t.Helper()
	_, err := ix.Block(h)
	require.ErrorIs(t, err, ErrNotFound)
	_, err = ix.HeightByHash(testHash("block", h))
	require.ErrorIs(t, err, ErrNotFound)
	for _, tx := range testTxs(h, int(h%4)) {
		_, _, err := ix.TxLocation(tx)
		require.ErrorIs(t, err, ErrNotFound)
	}
}

func TestIndexLookups(t *testing.T) {
	dir := t.TempDir()
	ix := openTestIndex(t, dir)
	require.Equal(t, int64(-1), ix.LatestHeight())
	putBlocks(t, ix, 0, 6)
	require.Equal(t, int64(6), ix.LatestHeight())
	for h := int64(0); h <= 6; h++ {
		requireBlock(t, ix, h)
	}
	requireNoBlock(t, ix, 7)
	_, err := ix.Block(-1)
	require.ErrorIs(t, err, ErrInvalidHeight)
	require.ErrorIs(t, ix.PutBlock(-1, testHash("b", 0), nil, nil), ErrInvalidHeight)

	require.NoError(t, ix.PutBlock(7, testHash("block", 7), nil, nil))
	payload, err := ix.Block(7)
	require.NoError(t, err)
	require.Empty(t, payload, "an empty payload is a block, not a miss")

	require.NoError(t, ix.Close())
	ix = openTestIndex(t, dir)
	require.Equal(t, int64(7), ix.LatestHeight())
	requireBlock(t, ix, 5)
}

func TestIndexPutIdempotentByHeight(t *testing.T) {
	ix := openTestIndex(t, t.TempDir())
	putBlocks(t, ix, 0, 3)
	putBlocks(t, ix, 3, 3) // same block again
	for h := int64(0); h <= 3; h++ {
		requireBlock(t, ix, h)
	}
	// A different block at height 3 replaces the old one and its lookups.
	newTx := testHash("replacement", 3)
	require.NoError(t, ix.PutBlock(3, testHash("other", 3), [][32]byte{newTx}, []byte("new")))
	_, err := ix.HeightByHash(testHash("block", 3))
	require.ErrorIs(t, err, ErrNotFound)
	for _, tx := range testTxs(3, 3) {
		_, _, err := ix.TxLocation(tx)
		require.ErrorIs(t, err, ErrNotFound)
	}
	height, index, err := ix.TxLocation(newTx)
	require.NoError(t, err)
	require.Equal(t, int64(3), height)
	require.Equal(t, 0, index)
	payload, err := ix.Block(3)
	require.NoError(t, err)
	require.Equal(t, "new", string(payload))
	require.Equal(t, int64(3), ix.LatestHeight())

	// Re-recording a tx at a later height moves its lookup; dropping the
	// older block leaves the newer lookup alone.
	require.NoError(t, ix.PutBlock(4, testHash("block", 4), [][32]byte{newTx}, nil))
	require.NoError(t, ix.PutBlock(3, testHash("other", 3), nil, []byte("new")))
	height, _, err = ix.TxLocation(newTx)
	require.NoError(t, err)
	require.Equal(t, int64(4), height)
}

func TestIndexTruncateAbove(t *testing.T) {
	dir := t.TempDir()
	ix := openTestIndex(t, dir)
	putBlocks(t, ix, 0, 9)
	require.NoError(t, ix.TruncateAbove(5))
	require.Equal(t, int64(5), ix.LatestHeight())
	for h := int64(0); h <= 5; h++ {
		requireBlock(t, ix, h)
	}
	for h := int64(6); h <= 9; h++ {
		requireNoBlock(t, ix, h)
	}
	require.NoError(t, ix.TruncateAbove(7), "nothing above is a no-op")
	require.Equal(t, int64(5), ix.LatestHeight())

	putBlocks(t, ix, 6, 7) // the chain goes on after truncation
	requireBlock(t, ix, 7)
	require.NoError(t, ix.Close())

	ix = openTestIndex(t, dir)
	require.Equal(t, int64(7), ix.LatestHeight())
	require.NoError(t, ix.TruncateAbove(-1))
	require.Equal(t, int64(-1), ix.LatestHeight())
	requireNoBlock(t, ix, 0)
	require.ErrorIs(t, ix.TruncateAbove(-2), ErrInvalidHeight)
}
