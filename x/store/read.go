package store

import (
	"errors"
	"fmt"

	"github.com/cosmos/iavl"
)

// committedView is the latest saved version as readers see it.
type committedView struct {
	version int64
	hash    []byte
	tree    *iavl.ImmutableTree // nil when no version was saved
}

// loadView opens version through the reader handle.
func (s *Store) loadView(version int64, hash []byte) (*committedView, error) {
	view := &committedView{version: version, hash: cloneBytes(hash)}
	if version == 0 {
		return view, nil
	}
	tree, err := s.reader.GetImmutable(version)
	if err != nil {
		return nil, fmt.Errorf("store: open version %d: %w", version, err)
	}
	view.tree = tree
	return view, nil
}

// publish makes view the committed state and brings the read cache up to
// date with the writes it contains, atomically with respect to cache fills.
func (s *Store) publish(view *committedView) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.view.Store(view)
	if s.cache != nil {
		// pending is in key order per Apply call and Apply calls are in
		// order, so the last write of a key is the one left in the cache.
		for _, c := range s.pending {
			s.cache.Add(string(c.Key), c.Value) // nil Value (delete) = absent
		}
	}
	s.pending = nil
}

// Get returns the value at key in the latest committed version, or nil when
// absent. The returned slice is the caller's. Safe for concurrent use, also
// while Apply and Commit run.
func (s *Store) Get(key []byte) ([]byte, error) {
	if s.cache == nil {
		return s.readView(s.view.Load(), key)
	}
	s.mu.RLock()
	value, hit := s.cache.Get(string(key))
	view := s.view.Load()
	s.mu.RUnlock()
	if hit {
		return cloneBytes(value), nil
	}
	value, err := s.readView(view, key)
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	// A commit in between may have changed key; only a read of the current
	// view may enter the cache.
	if s.view.Load() == view {
		s.cache.Add(string(key), cloneBytes(value))
	}
	s.mu.RUnlock()
	return value, nil
}

// readView reads key from view's tree; the result is the caller's. A read
// that fails because later commits pruned the view's version under it is
// retried on the newest view, so latest-state reads never see pruning.
func (s *Store) readView(view *committedView, key []byte) ([]byte, error) {
	for attempt := 0; ; attempt++ {
		if view.tree == nil {
			return nil, nil
		}
		value, err := view.tree.Get(key)
		if err == nil {
			return cloneBytes(value), nil
		}
		newer := s.view.Load()
		if newer == view || attempt == maxStaleReads {
			return nil, fmt.Errorf("store: get at version %d: %w", view.version, err)
		}
		view = newer
	}
}

// maxStaleReads bounds the retries of a latest-state read whose view was
// pruned while it read.
const maxStaleReads = 3

// At returns an immutable view of a saved version. Versions older than the
// pruning window give ErrVersionPruned, versions never saved (including 0)
// ErrVersionNotFound.
func (s *Store) At(version int64) (Reader, error) {
	if version <= 0 || version > s.LastVersion() {
		return nil, fmt.Errorf("%w: %d (latest %d)", ErrVersionNotFound, version, s.LastVersion())
	}
	if version < s.firstVersion.Load() {
		return nil, fmt.Errorf("%w: %d", ErrVersionPruned, version)
	}
	tree, err := s.reader.GetImmutable(version)
	if errors.Is(err, iavl.ErrVersionDoesNotExist) {
		return nil, fmt.Errorf("%w: %d", ErrVersionPruned, version)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open version %d: %w", version, err)
	}
	return &versionReader{store: s, version: version, tree: tree}, nil
}

// versionReader reads one saved version.
type versionReader struct {
	store   *Store
	version int64
	tree    *iavl.ImmutableTree
}

// Get returns the value at key in the reader's version, or nil when absent.
// It fails with ErrVersionPruned when the version was pruned meanwhile.
func (r *versionReader) Get(key []byte) ([]byte, error) {
	value, err := r.tree.Get(key)
	if err != nil {
		if r.version < r.store.firstVersion.Load() {
			return nil, fmt.Errorf("%w: %d", ErrVersionPruned, r.version)
		}
		return nil, fmt.Errorf("store: get at version %d: %w", r.version, err)
	}
	return cloneBytes(value), nil
}

// findFirstVersion returns the oldest saved version at or below latest (0
// when none). Saved versions form a contiguous range, so it bisects on
// VersionExists.
func (s *Store) findFirstVersion(latest int64) int64 {
	if latest == 0 {
		return 0
	}
	lo, hi := int64(1), latest // hi always exists
	for lo < hi {
		mid := lo + (hi-lo)/2
		if s.tree.VersionExists(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return hi
}
