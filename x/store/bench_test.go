package store

import (
	"testing"

	"github.com/stretchr/testify/require"
)

const (
	benchAccounts = 10_000
	benchChanges  = 500
	benchValueLen = 80 // about an RLP account record
)

// newBenchStore returns a store holding benchAccounts accounts at version 1.
func newBenchStore(b *testing.B, opts Options) *Store {
	b.Helper()
	s := openTestStore(b, opts)
	genesis := make([]Change, benchAccounts)
	for i := range genesis {
		genesis[i] = Change{Key: accountKey(i), Value: derivedValue(0, i, benchValueLen)}
	}
	commitVersion(b, s, genesis)
	return s
}

// BenchmarkStoreApplyCommit measures one block: 500 account writes (every
// seventh a delete) over 10,000 accounts, applied and committed, with a
// 100-version pruning window.
func BenchmarkStoreApplyCommit(b *testing.B) {
	s := newBenchStore(b, Options{KeepRecent: 100, ReadCacheEntries: 20_000})
	blocks := make([][]Change, 64)
	for i := range blocks {
		blocks[i] = workloadChanges(int64(i+2), benchChanges, benchAccounts, benchValueLen)
	}
	blocksDone := 0
	for ; b.Loop(); blocksDone++ {
		if _, err := s.Apply(blocks[blocksDone%len(blocks)]); err != nil {
			b.Fatal(err)
		}
		if _, _, err := s.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(blocksDone*benchChanges)/b.Elapsed().Seconds(), "changes/s")
}

// BenchmarkStoreGetCached measures Get of committed accounts through a read
// cache that holds them all, against the uncached IAVL read.
func BenchmarkStoreGetCached(b *testing.B) {
	for _, bc := range []struct {
		name    string
		entries int
	}{{"cached", 2 * benchAccounts}, {"uncached", -1}} {
		b.Run(bc.name, func(b *testing.B) {
			s := newBenchStore(b, Options{ReadCacheEntries: bc.entries})
			keys := make([][]byte, benchAccounts)
			for i := range keys {
				keys[i] = accountKey(i)
				_, err := s.Get(keys[i]) // warm
				require.NoError(b, err)
			}
			for i := 0; b.Loop(); i++ {
				if _, err := s.Get(keys[i%len(keys)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
