package evm

import (
	"bytes"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"
)

// randomKeys returns n distinct keys shaped to stress sortByKey: shared
// prefixes of every length, zero bytes, keys that are prefixes of others,
// lengths from 0 to 40.
func randomKeys(rng *rand.Rand, n int) [][]byte {
	seen := make(map[string]bool)
	var out [][]byte
	for len(out) < n {
		var k []byte
		switch rng.IntN(4) {
		case 0: // random
			k = make([]byte, rng.IntN(41))
			for i := range k {
				k[i] = byte(rng.Uint32())
			}
		case 1: // a long shared prefix, then a few random bytes
			k = append(make([]byte, 13), byte(rng.IntN(3)), byte(rng.IntN(256)))
		case 2: // zeros of random length
			k = make([]byte, rng.IntN(20))
		default: // an existing key extended or cut
			if len(out) == 0 {
				continue
			}
			base := out[rng.IntN(len(out))]
			k = append(slices.Clone(base[:rng.IntN(len(base)+1)]), byte(rng.IntN(2)))
		}
		if !seen[string(k)] {
			seen[string(k)] = true
			out = append(out, k)
		}
	}
	return out
}

func TestSortByKeyMatchesBytesCompare(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 31, 32, 33, 100, 1000, 5000} {
		for range 5 {
			keys := randomKeys(rng, n)
			want := slices.Clone(keys)
			slices.SortFunc(want, bytes.Compare)
			sortByKey(keys, func(k *[]byte) []byte { return *k })
			require.Equal(t, want, keys, "n=%d", n)
		}
	}
}

func TestSortByKeyAddresses(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	addrs := make([]common.Address, 3000)
	for i := range addrs {
		if i%2 == 0 {
			addrs[i] = common.BigToAddress(big.NewInt(int64(0x100000 + i))) // shared zero prefix
		} else {
			for j := range addrs[i] {
				addrs[i][j] = byte(rng.Uint32())
			}
		}
	}
	want := slices.Clone(addrs)
	slices.SortFunc(want, func(a, b common.Address) int { return bytes.Compare(a[:], b[:]) })
	sortByKey(addrs, func(a *common.Address) []byte { return a[:] })
	require.Equal(t, want, addrs)
}

// BenchmarkSortByKey compares sortByKey with slices.SortFunc on 2,000
// random addresses (a block's mutated accounts).
func BenchmarkSortByKey(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	addrs := make([]common.Address, 2000)
	for i := range addrs {
		for j := range addrs[i] {
			addrs[i][j] = byte(rng.Uint32())
		}
	}
	work := make([]common.Address, len(addrs))
	b.Run("slices.SortFunc", func(b *testing.B) {
		for b.Loop() {
			copy(work, addrs)
			slices.SortFunc(work, func(a, b common.Address) int { return bytes.Compare(a[:], b[:]) })
		}
	})
	b.Run("sortByKey", func(b *testing.B) {
		for b.Loop() {
			copy(work, addrs)
			sortByKey(work, func(a *common.Address) []byte { return a[:] })
		}
	})
}
