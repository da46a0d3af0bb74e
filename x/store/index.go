package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"sync"
	"sync/atomic"

	dbm "github.com/cosmos/cosmos-db"
)

// indexDBName is the name of the index database under its directory
// (goleveldb appends ".db").
const indexDBName = "ethindex"

// Key prefixes of the index database. Heights are 8-byte big-endian so that
// iteration follows height order.
const (
	prefixBlock    byte = 0x01 // height -> payload
	prefixBlockRef byte = 0x02 // height -> block hash ‖ tx hashes (for removal)
	prefixHash     byte = 0x03 // block hash -> height
	prefixTx       byte = 0x04 // tx hash -> height ‖ uint32 index
)

var (
	// ErrNotFound is returned by Index lookups for an unknown height or hash.
	ErrNotFound = errors.New("store: not found")
	// ErrInvalidHeight is returned for a height outside what the call accepts.
	ErrInvalidHeight = errors.New("store: invalid height")
	// ErrTooManyTxs is returned by PutBlock when the tx count does not fit in
	// a uint32 position.
	ErrTooManyTxs = errors.New("store: too many transactions")
	// ErrCorruptIndex is returned when an index record has the wrong length.
	ErrCorruptIndex = errors.New("store: corrupt index record")
)

// Index holds the Ethereum view of the chain per height: a block payload,
// block hash -> height and tx hash -> (height, position). Every write is one
// atomic, synced batch. Writes are serialized; reads are safe concurrently.
type Index struct {
	db     dbm.DB
	mu     sync.Mutex // serializes writers (PutBlock, TruncateAbove)
	latest atomic.Int64
}

// OpenIndex opens (or creates) the index database under dir.
func OpenIndex(dir string) (*Index, error) {
	if dir == "" {
		return nil, ErrNoDir
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("store: create dir: %w", err)
	}
	db, err := dbm.NewGoLevelDB(indexDBName, dir, nil)
	if err != nil {
		return nil, fmt.Errorf("store: open index db: %w", err)
	}
	ix := &Index{db: db}
	if err := ix.reloadLatest(); err != nil {
		db.Close()
		return nil, err
	}
	return ix, nil
}

// PutBlock records block height with its hash, its Ethereum tx hashes in
// execution order and an opaque payload. Writing a height again replaces what
// was recorded for it, lookups included.
func (ix *Index) PutBlock(height int64, blockHash [32]byte, txHashes [][32]byte, payload []byte) error {
	if height < 0 {
		return fmt.Errorf("%w: %d", ErrInvalidHeight, height)
	}
	if uint64(len(txHashes)) > math.MaxUint32 {
		return fmt.Errorf("%w: %d", ErrTooManyTxs, len(txHashes))
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	batch := ix.db.NewBatch()
	defer batch.Close()
	if err := ix.dropHeight(batch, height); err != nil {
		return err
	}
	if err := putBlock(batch, height, blockHash, txHashes, payload); err != nil {
		return err
	}
	if err := batch.WriteSync(); err != nil {
		return fmt.Errorf("store: write index: %w", err)
	}
	if height > ix.latest.Load() {
		ix.latest.Store(height)
	}
	return nil
}

// putBlock adds the records of one block to batch.
func putBlock(batch dbm.Batch, height int64, blockHash [32]byte, txHashes [][32]byte, payload []byte) error {
	if payload == nil {
		payload = []byte{}
	}
	ref := make([]byte, 0, 32*(1+len(txHashes)))
	ref = append(ref, blockHash[:]...)
	for _, h := range txHashes {
		ref = append(ref, h[:]...)
	}
	sets := [][2][]byte{
		{heightKey(prefixBlock, height), payload},
		{heightKey(prefixBlockRef, height), ref},
		{hashKey(prefixHash, blockHash), encodeHeight(height)},
	}
	for i, h := range txHashes {
		sets = append(sets, [2][]byte{hashKey(prefixTx, h), encodeTxLocation(height, uint32(i))})
	}
	for _, kv := range sets {
		if err := batch.Set(kv[0], kv[1]); err != nil {
			return fmt.Errorf("store: index batch: %w", err)
		}
	}
	return nil
}

// dropHeight adds to batch the removal of everything recorded for height.
// Hash and tx lookups are removed only where they still point at height, so
// a hash recorded again at another height keeps its newer lookup.
func (ix *Index) dropHeight(batch dbm.Batch, height int64) error {
	ref, err := ix.db.Get(heightKey(prefixBlockRef, height))
	if err != nil {
		return fmt.Errorf("store: read index: %w", err)
	}
	if ref == nil {
		return nil
	}
	if len(ref)%32 != 0 || len(ref) == 0 {
		return fmt.Errorf("%w: block ref at %d has %d bytes", ErrCorruptIndex, height, len(ref))
	}
	var blockHash [32]byte
	copy(blockHash[:], ref)
	if err := ix.deleteIfAt(batch, hashKey(prefixHash, blockHash), height); err != nil {
		return err
	}
	for off := 32; off < len(ref); off += 32 {
		var txHash [32]byte
		copy(txHash[:], ref[off:])
		if err := ix.deleteIfAt(batch, hashKey(prefixTx, txHash), height); err != nil {
			return err
		}
	}
	for _, key := range [][]byte{heightKey(prefixBlock, height), heightKey(prefixBlockRef, height)} {
		if err := batch.Delete(key); err != nil {
			return fmt.Errorf("store: index batch: %w", err)
		}
	}
	return nil
}

// deleteIfAt adds the removal of a lookup record to batch when the height it
// stores (its first 8 bytes) is height.
func (ix *Index) deleteIfAt(batch dbm.Batch, key []byte, height int64) error {
	value, err := ix.db.Get(key)
	if err != nil {
		return fmt.Errorf("store: read index: %w", err)
	}
	if len(value) < 8 || int64(binary.BigEndian.Uint64(value)) != height {
		return nil
	}
	if err := batch.Delete(key); err != nil {
		return fmt.Errorf("store: index batch: %w", err)
	}
	return nil
}

// Block returns the payload recorded at height, or ErrNotFound.
func (ix *Index) Block(height int64) ([]byte, error) {
	if height < 0 {
		return nil, fmt.Errorf("%w: %d", ErrInvalidHeight, height)
	}
	payload, err := ix.db.Get(heightKey(prefixBlock, height))
	if err != nil {
		return nil, fmt.Errorf("store: read index: %w", err)
	}
	if payload == nil {
		return nil, fmt.Errorf("%w: block %d", ErrNotFound, height)
	}
	return payload, nil
}

// HeightByHash returns the height of the block with blockHash, or ErrNotFound.
func (ix *Index) HeightByHash(blockHash [32]byte) (int64, error) {
	value, err := ix.db.Get(hashKey(prefixHash, blockHash))
	if err != nil {
		return 0, fmt.Errorf("store: read index: %w", err)
	}
	if value == nil {
		return 0, fmt.Errorf("%w: block %x", ErrNotFound, blockHash)
	}
	if len(value) != 8 {
		return 0, fmt.Errorf("%w: block hash record has %d bytes", ErrCorruptIndex, len(value))
	}
	return int64(binary.BigEndian.Uint64(value)), nil
}

// TxLocation returns the height of the block holding txHash and the tx's
// position in it, or ErrNotFound.
func (ix *Index) TxLocation(txHash [32]byte) (height int64, index int, err error) {
	value, err := ix.db.Get(hashKey(prefixTx, txHash))
	if err != nil {
		return 0, 0, fmt.Errorf("store: read index: %w", err)
	}
	if value == nil {
		return 0, 0, fmt.Errorf("%w: tx %x", ErrNotFound, txHash)
	}
	if len(value) != 12 {
		return 0, 0, fmt.Errorf("%w: tx record has %d bytes", ErrCorruptIndex, len(value))
	}
	return int64(binary.BigEndian.Uint64(value)), int(binary.BigEndian.Uint32(value[8:])), nil
}

// LatestHeight returns the highest recorded height, or -1 when empty.
func (ix *Index) LatestHeight() int64 { return ix.latest.Load() }

// TruncateAbove removes every block above height with its hash and tx
// lookups, in one atomic batch. height -1 empties the index.
func (ix *Index) TruncateAbove(height int64) error {
	if height < -1 {
		return fmt.Errorf("%w: %d", ErrInvalidHeight, height)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	heights, err := ix.heightsFrom(height + 1)
	if err != nil || len(heights) == 0 {
		return err
	}
	batch := ix.db.NewBatch()
	defer batch.Close()
	for _, h := range heights {
		if err := ix.dropHeight(batch, h); err != nil {
			return err
		}
	}
	if err := batch.WriteSync(); err != nil {
		return fmt.Errorf("store: write index: %w", err)
	}
	return ix.reloadLatest()
}

// heightsFrom lists the recorded heights >= from in ascending order.
func (ix *Index) heightsFrom(from int64) ([]int64, error) {
	it, err := ix.db.Iterator(heightKey(prefixBlockRef, from), []byte{prefixBlockRef + 1})
	if err != nil {
		return nil, fmt.Errorf("store: iterate index: %w", err)
	}
	defer it.Close()
	var heights []int64
	for ; it.Valid(); it.Next() {
		heights = append(heights, int64(binary.BigEndian.Uint64(it.Key()[1:])))
	}
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("store: iterate index: %w", err)
	}
	return heights, nil
}

// reloadLatest reads the highest recorded height from disk.
func (ix *Index) reloadLatest() error {
	it, err := ix.db.ReverseIterator([]byte{prefixBlockRef}, []byte{prefixBlockRef + 1})
	if err != nil {
		return fmt.Errorf("store: iterate index: %w", err)
	}
	defer it.Close()
	latest := int64(-1)
	if it.Valid() {
		latest = int64(binary.BigEndian.Uint64(it.Key()[1:]))
	}
	if err := it.Error(); err != nil {
		return fmt.Errorf("store: iterate index: %w", err)
	}
	ix.latest.Store(latest)
	return nil
}

// Close releases the index database.
func (ix *Index) Close() error { return ix.db.Close() }

func heightKey(prefix byte, height int64) []byte {
	key := make([]byte, 9)
	key[0] = prefix
	binary.BigEndian.PutUint64(key[1:], uint64(height))
	return key
}

func hashKey(prefix byte, hash [32]byte) []byte {
	key := make([]byte, 33)
	key[0] = prefix
	copy(key[1:], hash[:])
	return key
}

func encodeHeight(height int64) []byte {
	return binary.BigEndian.AppendUint64(nil, uint64(height))
}

func encodeTxLocation(height int64, index uint32) []byte {
	return binary.BigEndian.AppendUint32(encodeHeight(height), index)
}
