package blockstm

import (
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
)

// BenchmarkMVMemoryRecordRead records, reads back and validates the writes
// of a 1,000-transaction block touching six hashed keys per transaction
// (two accounts' header and balance, two storage slots): the shard-map
// work of an ERC-20 block.
func BenchmarkMVMemoryRecordRead(b *testing.B) {
	const n = 1000
	keys := make([][6]Key, n)
	for i := range keys {
		a := [20]byte(crypto.Keccak256([]byte{byte(i), byte(i >> 8), 1})[:20])
		c := [20]byte(crypto.Keccak256([]byte{byte(i), byte(i >> 8), 2})[:20])
		keys[i] = [6]Key{
			NewKey(KindHeader, a, [32]byte{}), NewKey(KindBalance, a, [32]byte{}),
			NewKey(KindHeader, c, [32]byte{}), NewKey(KindBalance, c, [32]byte{}),
			NewKey(KindStorage, c, [32]byte(crypto.Keccak256(a[:]))),
			NewKey(KindStorage, c, [32]byte(crypto.Keccak256(c[:]))),
		}
	}
	writes := make([]Write, 6)
	reads := make([]Read, 6)
	for b.Loop() {
		mv := NewMVMemory(n)
		for i := range n {
			for j, k := range keys[i] {
				r := mv.Read(k, i)
				reads[j] = recordRead(&k, &r)
				writes[j] = Write{Key: k, Word: Uint64Word(uint64(i))}
			}
			mv.Record(Version{TxIndex: i}, reads, writes)
		}
		for i := range n {
			if !mv.ValidateReadSet(i) {
				b.Fatal("invalid read set")
			}
		}
		mv.Release()
	}
}
