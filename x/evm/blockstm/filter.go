package blockstm

import (
	"encoding/binary"
	"sync/atomic"
)

// filterBits is the size of the written-keys filter (8 KiB).
const filterBits = 1 << 16

// writtenFilter is a one-hash Bloom filter of the keys that have had an
// entry in the memory during the block. Most reads are of keys no
// transaction writes (contract code hashes, untouched slots, the storage
// epoch of accounts that never self-destruct): the filter answers them
// without the shard lock, whose shared counter every reader would
// otherwise write. Bits are only ever set, each at most once per block.
//
// A read that finds the bit clear is ordered before the write that sets
// it, as if it had taken the lock first: it returns the base state, and
// the writer's transaction, finishing with a new key, makes every later
// transaction revalidate, by which time the bit is set.
type writtenFilter struct {
	words [filterBits / 64]atomic.Uint64
}

// keyHash hashes the kind, the address and the two ends of the slot
// (slots are hashes or small integers): keys differing only in the slot's
// middle bytes share their hash, which costs a false hit in the filters.
func keyHash(k *Key) uint64 {
	h := uint64(k[0])*0x9e3779b97f4a7c15 ^
		binary.LittleEndian.Uint64(k[1:9])*0xff51afd7ed558ccd ^
		binary.LittleEndian.Uint64(k[13:21])*0xc4ceb9fe1a85ec53 ^
		binary.LittleEndian.Uint64(k[21:29])*0x94d049bb133111eb ^
		binary.LittleEndian.Uint64(k[45:53])*0xbf58476d1ce4e5b9
	// A product's low bits depend only on its factors' low bits: fold the
	// high ones down (addresses and slots often differ in their last byte,
	// the top byte of a little-endian word).
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	return h ^ h>>33
}

// filterIndex returns the word and bit of k in a writtenFilter; a key
// sharing another's bit costs a locked lookup.
func filterIndex(k *Key) (word int, bit uint64) {
	i := keyHash(k) % filterBits
	return int(i / 64), 1 << (i % 64)
}

func (f *writtenFilter) add(k *Key) {
	w, bit := filterIndex(k)
	if f.words[w].Load()&bit == 0 {
		f.words[w].Or(bit)
	}
}

func (f *writtenFilter) mayHave(k *Key) bool {
	w, bit := filterIndex(k)
	return f.words[w].Load()&bit != 0
}

func (f *writtenFilter) reset() {
	for i := range f.words {
		f.words[i].Store(0)
	}
}
