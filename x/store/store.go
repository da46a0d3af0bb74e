package store

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"sort"
	"sync"
	"sync/atomic"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/iavl"
	idb "github.com/cosmos/iavl/db"
	lru "github.com/hashicorp/golang-lru/v2"
)

// stateDBName is the name of the IAVL database under Options.Dir
// (goleveldb appends ".db").
const stateDBName = "state"

// DefaultCacheSize is the IAVL node cache size used when Options.CacheSize is
// not positive.
const DefaultCacheSize = 100_000

// DefaultReadCacheEntries is the default size of the committed-read LRU: the
// hot accounts and slots of the execution path stay off IAVL.
const DefaultReadCacheEntries = 262_144

var (
	// ErrVersionPruned is returned by At for a version that existed but was
	// removed by pruning.
	ErrVersionPruned = errors.New("store: version pruned")
	// ErrVersionNotFound is returned by At for a version that was never saved.
	ErrVersionNotFound = errors.New("store: version not found")
	// ErrEmptyKey is returned by Apply for a change with an empty key.
	ErrEmptyKey = errors.New("store: empty key")
	// ErrNilValue is returned by Apply for a non-delete change with a nil
	// value (use Delete to remove a key; an empty non-nil value is allowed).
	ErrNilValue = errors.New("store: nil value")
	// ErrPrune wraps a pruning failure reported by Commit. The version was
	// saved nevertheless: the returned hash and version are valid.
	ErrPrune = errors.New("store: pruning failed after commit")
	// ErrNoDir is returned by Open when Options.Dir is empty.
	ErrNoDir = errors.New("store: no directory")
)

// Options configures Open.
type Options struct {
	// Dir is the directory holding the state database (created if missing).
	Dir string
	// KeepRecent is the number of versions kept below the latest one; after
	// committing version V, versions older than V-KeepRecent are deleted.
	// 0 keeps every version.
	KeepRecent uint64
	// CacheSize is the number of IAVL nodes cached in memory (per tree handle);
	// DefaultCacheSize when not positive.
	CacheSize int
	// ReadCacheEntries bounds the LRU of committed key/value reads served by
	// Get; 0 means DefaultReadCacheEntries, a negative value disables it.
	ReadCacheEntries int
	// Sync makes every commit fsync the database. A killed process loses no
	// saved version either way (each version is one atomic write); Sync also
	// protects against power loss.
	Sync bool
}

// Store is Hyperion's versioned state: an IAVL tree on disk with one version
// per block height.
//
// Apply, Rollback and Commit must be called from a single goroutine (the
// consensus goroutine). Get, At, LastVersion and LastHash may be called from
// any goroutine, concurrently with them, and only ever see committed state.
type Store struct {
	opts Options
	db   dbm.DB

	tree *iavl.MutableTree // working tree; consensus goroutine only
	// reader loads committed versions through its own node database and
	// cache, so that readers never share node objects with tree (IAVL mutates
	// persisted nodes' child pointers while building a new version).
	reader *iavl.MutableTree

	pending []Change // writes applied since the last commit, for the read cache

	mu    sync.RWMutex // guards view swaps against read-cache fills
	view  atomic.Pointer[committedView]
	cache *lru.Cache[string, []byte] // nil when disabled; nil value = absent

	firstVersion atomic.Int64 // oldest version not pruned (0 when none saved)
}

// Open opens (or creates) the state database under opts.Dir and loads its
// latest saved version.
func Open(opts Options) (*Store, error) {
	if opts.Dir == "" {
		return nil, ErrNoDir
	}
	if opts.CacheSize <= 0 {
		opts.CacheSize = DefaultCacheSize
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("store: create dir: %w", err)
	}
	ldb, err := dbm.NewGoLevelDB(stateDBName, opts.Dir, nil)
	if err != nil {
		return nil, fmt.Errorf("store: open state db: %w", err)
	}
	s, err := newStore(opts, ldb)
	if err != nil {
		ldb.Close()
		return nil, err
	}
	return s, nil
}

func newStore(opts Options, ldb dbm.DB) (*Store, error) {
	db := atomicBatchDB{Wrapper: idb.NewWrapper(ldb)}
	logger := iavl.NewNopLogger()
	// An unbounded flush threshold makes every SaveVersion and every pruning
	// step one goleveldb batch, which goleveldb writes atomically: a crash
	// leaves either the whole version on disk or none of it.
	tree := iavl.NewMutableTree(db, opts.CacheSize, true, logger,
		iavl.FlushThresholdOption(math.MaxInt), iavl.SyncOption(opts.Sync))
	version, err := tree.Load()
	if err != nil {
		return nil, fmt.Errorf("store: load latest version: %w", err)
	}
	s := &Store{
		opts:   opts,
		db:     ldb,
		tree:   tree,
		reader: iavl.NewMutableTree(db, opts.CacheSize, true, logger),
	}
	if opts.ReadCacheEntries == 0 {
		opts.ReadCacheEntries = DefaultReadCacheEntries
	}
	if opts.ReadCacheEntries > 0 {
		if s.cache, err = lru.New[string, []byte](opts.ReadCacheEntries); err != nil {
			return nil, fmt.Errorf("store: read cache: %w", err)
		}
	}
	view, err := s.loadView(version, tree.Hash())
	if err != nil {
		return nil, err
	}
	s.view.Store(view)
	s.firstVersion.Store(s.findFirstVersion(version))
	return s, nil
}

// LastVersion returns the latest saved version (0 when none).
func (s *Store) LastVersion() int64 { return s.view.Load().version }

// LastHash returns the root hash of the latest saved version, or IAVL's
// empty-tree hash when no version was saved.
func (s *Store) LastHash() []byte { return cloneBytes(s.view.Load().hash) }

// WorkingHash returns the root hash of the working tree, uncommitted writes
// included.
func (s *Store) WorkingHash() []byte { return s.tree.WorkingHash() }

// Apply writes changes into the working tree in ascending key order (a later
// change of the same key wins) and returns the working root hash. Inputs are
// validated before anything is written; keys and values are copied.
func (s *Store) Apply(changes []Change) ([]byte, error) {
	sorted, err := sortedChanges(changes)
	if err != nil {
		return nil, err
	}
	for _, c := range sorted {
		if c.Delete {
			_, _, err = s.tree.Remove(c.Key)
		} else {
			_, err = s.tree.Set(c.Key, c.Value)
		}
		if err != nil {
			return nil, fmt.Errorf("store: write %x: %w", c.Key, err)
		}
	}
	if s.cache != nil {
		s.pending = append(s.pending, sorted...)
	}
	return s.tree.WorkingHash(), nil
}

// Rollback drops every write applied since the last commit.
func (s *Store) Rollback() {
	s.tree.Rollback()
	s.pending = nil
}

// Commit saves the working tree as the next version (the commit point), makes
// it visible to Get and At, then prunes versions outside the KeepRecent
// window. A pruning failure is returned wrapped in ErrPrune together with the
// valid hash and version of the saved version.
func (s *Store) Commit() (hash []byte, version int64, err error) {
	hash, version, err = s.tree.SaveVersion()
	if err != nil {
		return nil, 0, fmt.Errorf("store: save version: %w", err)
	}
	view, err := s.loadView(version, hash)
	if err != nil {
		return nil, 0, err
	}
	s.publish(view)
	if s.firstVersion.Load() == 0 {
		s.firstVersion.Store(version)
	}
	if err := s.prune(version); err != nil {
		return hash, version, fmt.Errorf("%w: %v", ErrPrune, err)
	}
	return hash, version, nil
}

// prune deletes the versions older than version-KeepRecent.
func (s *Store) prune(version int64) error {
	if s.opts.KeepRecent == 0 || s.opts.KeepRecent >= uint64(version) {
		return nil
	}
	keepFrom := version - int64(s.opts.KeepRecent)
	if keepFrom <= s.firstVersion.Load() {
		return nil
	}
	// Announce first, so that readers failing on nodes being deleted report
	// ErrVersionPruned.
	s.firstVersion.Store(keepFrom)
	return s.tree.DeleteVersionsTo(keepFrom - 1)
}

// Close releases the database. The Store must not be used afterwards.
func (s *Store) Close() error {
	errTree := s.tree.Close()
	errReader := s.reader.Close()
	errDB := s.db.Close()
	return errors.Join(errTree, errReader, errDB)
}

// sortedChanges validates changes and returns a copy sorted by key, with only
// the last change of each key kept.
func sortedChanges(changes []Change) ([]Change, error) {
	out := make([]Change, len(changes))
	for i, c := range changes {
		if len(c.Key) == 0 {
			return nil, fmt.Errorf("%w (change %d)", ErrEmptyKey, i)
		}
		if !c.Delete && c.Value == nil {
			return nil, fmt.Errorf("%w (key %x)", ErrNilValue, c.Key)
		}
		out[i] = Change{Key: cloneBytes(c.Key), Delete: c.Delete}
		if !c.Delete {
			out[i].Value = cloneBytes(c.Value)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return bytes.Compare(out[i].Key, out[j].Key) < 0 })
	deduped := out[:0]
	for i, c := range out {
		if i+1 < len(out) && bytes.Equal(c.Key, out[i+1].Key) {
			continue // a later change of the same key follows and wins
		}
		deduped = append(deduped, c)
	}
	return deduped, nil
}

// cloneBytes copies b, keeping nil as nil and empty as empty.
func cloneBytes(b []byte) []byte {
	if b == nil {
		return nil
	}
	out := make([]byte, len(b))
	copy(out, b)
	return out
}

// atomicBatchDB keeps IAVL from pre-allocating its (unbounded) flush threshold
// for every batch: goleveldb's NewBatchWithSize allocates the size up front.
type atomicBatchDB struct {
	*idb.Wrapper
}

// NewBatchWithSize returns a growable batch, ignoring the size hint.
func (d atomicBatchDB) NewBatchWithSize(int) idb.Batch { return d.Wrapper.NewBatch() }
