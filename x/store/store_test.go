package store

import (
	"crypto/sha256"
	"errors"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestVersionsAndHashes(t *testing.T) {
	s := openTestStore(t, Options{})
	empty := sha256.Sum256(nil)
	require.Equal(t, int64(0), s.LastVersion())
	require.Equal(t, empty[:], s.LastHash())
	require.Equal(t, empty[:], s.WorkingHash())

	working, err := s.Apply([]Change{set("a", "1"), set("b", "2")})
	require.NoError(t, err)
	require.NotEqual(t, empty[:], working)
	require.Equal(t, empty[:], s.LastHash(), "apply must not move the committed hash")

	hash1, v1, err := s.Commit()
	require.NoError(t, err)
	require.Equal(t, int64(1), v1)
	require.Equal(t, working, hash1)
	require.Equal(t, hash1, s.LastHash())

	hash2, v2 := commitVersion(t, s, nil)
	require.Equal(t, int64(2), v2)
	require.Equal(t, hash1, hash2, "an empty version keeps the root")

	hash3, v3 := commitVersion(t, s, []Change{set("a", "3")})
	require.Equal(t, int64(3), v3)
	require.NotEqual(t, hash2, hash3)
	require.Equal(t, int64(3), s.LastVersion())
}

func TestApplyOrderIndependent(t *testing.T) {
	changes := workloadChanges(1, 300, 1000, 40)
	seen := map[string]bool{}
	unique := changes[:0:0]
	for _, c := range changes { // keep one change per key so order cannot matter
		if !seen[string(c.Key)] {
			seen[string(c.Key)] = true
			unique = append(unique, c)
		}
	}
	a := openTestStore(t, Options{})
	b := openTestStore(t, Options{})
	hashA, _ := commitVersion(t, a, unique)

	shuffled := append([]Change(nil), unique...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) {
		shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
	})
	// The same set split over two Apply calls in another order.
	_, err := b.Apply(shuffled[:len(shuffled)/2])
	require.NoError(t, err)
	hashB, _ := commitVersion(t, b, shuffled[len(shuffled)/2:])
	require.NotEqual(t, hashA, hashB, "split applies insert in a different order")

	c := openTestStore(t, Options{})
	hashC, _ := commitVersion(t, c, shuffled)
	require.Equal(t, hashA, hashC)
}

func TestApplyLaterDuplicateWins(t *testing.T) {
	a := openTestStore(t, Options{})
	b := openTestStore(t, Options{})
	hashA, _ := commitVersion(t, a, []Change{set("k", "1"), set("x", "0"), set("k", "2"), del("x")})
	hashB, _ := commitVersion(t, b, []Change{set("k", "2")})
	require.Equal(t, hashB, hashA)
	got, err := a.Get([]byte("k"))
	require.NoError(t, err)
	require.Equal(t, []byte("2"), got)
}

func TestApplyValidation(t *testing.T) {
	s := openTestStore(t, Options{})
	before := s.WorkingHash()
	_, err := s.Apply([]Change{set("ok", "1"), {Key: nil, Value: []byte("v")}})
	require.ErrorIs(t, err, ErrEmptyKey)
	_, err = s.Apply([]Change{set("ok", "1"), {Key: []byte("k")}})
	require.ErrorIs(t, err, ErrNilValue)
	require.Equal(t, before, s.WorkingHash(), "a rejected batch writes nothing")
}

func TestApplyCopiesInputs(t *testing.T) {
	s := openTestStore(t, Options{ReadCacheEntries: 16})
	key, value := []byte("key"), []byte("value")
	commitVersion(t, s, []Change{{Key: key, Value: value}})
	key[0], value[0] = 'X', 'X'
	got, err := s.Get([]byte("key"))
	require.NoError(t, err)
	require.Equal(t, []byte("value"), got)
	got[0] = 'Y' // the returned slice is the caller's
	got, err = s.Get([]byte("key"))
	require.NoError(t, err)
	require.Equal(t, []byte("value"), got)
}

func TestEmptyValue(t *testing.T) {
	for _, entries := range []int{-1, 8} {
		s := openTestStore(t, Options{ReadCacheEntries: entries})
		commitVersion(t, s, []Change{{Key: []byte("e"), Value: []byte{}}})
		for range 2 { // second read comes from the cache when enabled
			got, err := s.Get([]byte("e"))
			require.NoError(t, err)
			require.NotNil(t, got)
			require.Empty(t, got)
		}
	}
}

func TestGetSeesOnlyCommitted(t *testing.T) {
	for _, entries := range []int{-1, 4, 1024} {
		t.Run("cache"+strconv.Itoa(entries), func(t *testing.T) {
			s := openTestStore(t, Options{ReadCacheEntries: entries})
			requireGet := func(key string, want []byte) {
				t.Helper()
				got, err := s.Get([]byte(key))
				require.NoError(t, err)
				require.Equal(t, want, got, "key %s", key)
			}
			requireGet("k", nil) // caches a negative entry
			_, err := s.Apply([]Change{set("k", "v1")})
			require.NoError(t, err)
			requireGet("k", nil)
			commitVersion(t, s, nil)
			requireGet("k", []byte("v1"))

			_, err = s.Apply([]Change{set("k", "v2"), set("n", "new")})
			require.NoError(t, err)
			requireGet("k", []byte("v1"))
			requireGet("n", nil)
			s.Rollback()
			require.Equal(t, s.LastHash(), s.WorkingHash())
			commitVersion(t, s, nil)
			requireGet("k", []byte("v1"))
			requireGet("n", nil)

			commitVersion(t, s, []Change{del("k"), set("n", "n1")})
			requireGet("k", nil)
			requireGet("n", []byte("n1"))
			for i := range 20 { // churn the cache past its size
				requireGet("other"+strconv.Itoa(i), nil)
			}
			commitVersion(t, s, []Change{set("k", "v3")})
			requireGet("k", []byte("v3"))
			requireGet("n", []byte("n1"))
		})
	}
}

func TestHistoricalReadsAndPruning(t *testing.T) {
	s := openTestStore(t, Options{KeepRecent: 3})
	var early Reader
	for v := int64(1); v <= 10; v++ {
		commitVersion(t, s, []Change{set("k", strconv.FormatInt(v, 10)), set("v"+strconv.FormatInt(v, 10), "x")})
		if v == 2 {
			var err error
			early, err = s.At(2)
			require.NoError(t, err)
		}
	}
	for v := int64(7); v <= 10; v++ {
		r, err := s.At(v)
		require.NoError(t, err, "version %d is inside the window", v)
		got, err := r.Get([]byte("k"))
		require.NoError(t, err)
		require.Equal(t, strconv.FormatInt(v, 10), string(got))
		got, err = r.Get([]byte("v" + strconv.FormatInt(v+1, 10)))
		require.NoError(t, err)
		require.Nil(t, got, "a later key is absent from version %d", v)
	}
	for _, v := range []int64{1, 6} {
		_, err := s.At(v)
		require.ErrorIs(t, err, ErrVersionPruned, "version %d", v)
	}
	for _, v := range []int64{0, -1, 11} {
		_, err := s.At(v)
		require.ErrorIs(t, err, ErrVersionNotFound, "version %d", v)
	}
	// A reader opened before its version was pruned either still answers
	// correctly (nodes cached) or says the version was pruned.
	got, err := early.Get([]byte("k"))
	if err != nil {
		require.ErrorIs(t, err, ErrVersionPruned)
	} else {
		require.Equal(t, "2", string(got))
	}
}

func TestReopen(t *testing.T) {
	dir := t.TempDir()
	ref := openTestStore(t, Options{})
	s, err := Open(Options{Dir: dir, KeepRecent: 4})
	require.NoError(t, err)
	for v := int64(1); v <= 9; v++ {
		changes := workloadChanges(v, 50, 200, 32)
		commitVersion(t, ref, changes)
		commitVersion(t, s, changes)
	}
	lastHash := s.LastHash()
	require.Equal(t, ref.LastHash(), lastHash)
	require.NoError(t, s.Close())

	s = openTestStore(t, Options{Dir: dir, KeepRecent: 4})
	require.Equal(t, int64(9), s.LastVersion())
	require.Equal(t, lastHash, s.LastHash())
	require.Equal(t, lastHash, s.WorkingHash())
	_, err = s.At(4)
	require.ErrorIs(t, err, ErrVersionPruned, "pruned versions stay pruned after reopen")
	r, err := s.At(5)
	require.NoError(t, err)
	refReader, err := ref.At(5)
	require.NoError(t, err)
	for i := range 200 {
		want, err := refReader.Get(accountKey(i))
		require.NoError(t, err)
		got, err := r.Get(accountKey(i))
		require.NoError(t, err)
		require.Equal(t, want, got)
	}

	_, err = s.Apply(workloadChanges(99, 50, 200, 32))
	require.NoError(t, err)
	s.Rollback()
	require.Equal(t, lastHash, s.WorkingHash())
	next := workloadChanges(10, 50, 200, 32)
	wantHash, _ := commitVersion(t, ref, next)
	gotHash, version := commitVersion(t, s, next)
	require.Equal(t, int64(10), version)
	require.Equal(t, wantHash, gotHash)
}

func TestOpenRequiresDir(t *testing.T) {
	_, err := Open(Options{})
	require.True(t, errors.Is(err, ErrNoDir))
}
