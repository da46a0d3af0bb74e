package store

import (
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestConcurrentGetDuringCommit runs readers against the committed state
// while one goroutine applies, rolls back and commits. Each version v writes
// "counter" = v and "seen/v" = v, and a rolled-back write that must never be
// observed. Readers check that counter never goes backwards, never runs ahead
// of LastVersion, and that everything it implies is visible.
func TestConcurrentGetDuringCommit(t *testing.T) {
	const versions = 60
	s := openTestStore(t, Options{ReadCacheEntries: 64, KeepRecent: 5})
	var done atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := readMonotonic(s, &done); err != nil {
				errs <- err
			}
		}()
	}
	for v := int64(1); v <= versions; v++ {
		vs := strconv.FormatInt(v, 10)
		_, err := s.Apply([]Change{set("counter", "rolled back"), set("ghost", vs)})
		require.NoError(t, err)
		s.Rollback()
		commitVersion(t, s, []Change{set("counter", vs), set("seen/"+vs, vs)})
	}
	done.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
}

// readMonotonic reads until done, returning the first inconsistency seen.
func readMonotonic(s *Store, done *atomic.Bool) error {
	var last int64
	for !done.Load() {
		raw, err := s.Get([]byte("counter"))
		if err != nil {
			return err
		}
		if ghost, err := s.Get([]byte("ghost")); err != nil || ghost != nil {
			return errorf("rolled-back write visible: %q %v", ghost, err)
		}
		if raw == nil {
			continue
		}
		v, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil {
			return errorf("counter %q: %v", raw, err)
		}
		if v < last || v > s.LastVersion() {
			return errorf("counter %d after %d, last version %d", v, last, s.LastVersion())
		}
		last = v
		seen, err := s.Get([]byte("seen/" + strconv.FormatInt(v, 10)))
		if err != nil || string(seen) != string(raw) {
			return errorf("seen/%d = %q, %v", v, seen, err)
		}
		if err := readAt(s, v); err != nil {
			return err
		}
	}
	return nil
}

// readAt checks counter through a historical reader of version v, which may
// have been pruned meanwhile.
func readAt(s *Store, v int64) error {
	r, err := s.At(v)
	if err != nil {
		if isPruned(err) {
			return nil
		}
		return err
	}
	raw, err := r.Get([]byte("counter"))
	if err != nil {
		if isPruned(err) {
			return nil
		}
		return err
	}
	if string(raw) != strconv.FormatInt(v, 10) {
		return errorf("At(%d) counter = %q", v, raw)
	}
	return nil
}
