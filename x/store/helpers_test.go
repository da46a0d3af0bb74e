package store

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// openTestStore opens a store in a fresh temporary directory.
func openTestStore(t testing.TB, opts Options) *Store {
	t.Helper()
	if opts.Dir == "" {
		opts.Dir = t.TempDir()
	}
	s, err := Open(opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// accountKey is the key of account i in the synthetic workloads.
func accountKey(i int) []byte { return []byte(fmt.Sprintf("acct/%06d", i)) }

// workloadChanges returns the deterministic change set of a version: n writes
// over a key space of accounts keys, every seventh one a delete, values of
// valueLen bytes derived from (version, i).
func workloadChanges(version int64, n, accounts, valueLen int) []Change {
	changes := make([]Change, n)
	for i := range changes {
		slot := int((uint64(version)*7919 + uint64(i)*104729) % uint64(accounts))
		changes[i].Key = accountKey(slot)
		if i%7 == 3 {
			changes[i].Delete = true
			continue
		}
		changes[i].Value = derivedValue(version, i, valueLen)
	}
	return changes
}

// derivedValue returns valueLen bytes derived from (version, i).
func derivedValue(version int64, i, valueLen int) []byte {
	var seed [16]byte
	binary.BigEndian.PutUint64(seed[:8], uint64(version))
	binary.BigEndian.PutUint64(seed[8:], uint64(i))
	out := make([]byte, 0, valueLen+32)
	for block := sha256.Sum256(seed[:]); len(out) < valueLen; block = sha256.Sum256(block[:]) {
		out = append(out, block[:]...)
	}
	return out[:valueLen]
}

// commitVersion applies changes and commits, failing the test on error.
func commitVersion(t testing.TB, s *Store, changes []Change) ([]byte, int64) {
	t.Helper()
	_, err := s.Apply(changes)
	require.NoError(t, err)
	hash, version, err := s.Commit()
	require.NoError(t, err)
	return hash, version
}

// set is a shorthand for a write change.
func set(key, value string) Change { return Change{Key: []byte(key), Value: []byte(value)} }

// del is a shorthand for a delete change.
func del(key string) Change { return Change{Key: []byte(key), Delete: true} }

// errorf builds a test failure message inside helper goroutines.
func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// isPruned reports whether err says the version was pruned.
func isPruned(err error) bool { return errors.Is(err, ErrVersionPruned) }
