package evm

import (
	"bytes"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/hyperion-rollup/hyperion/x/store"
)

// changeSet collects writes by key, the last write of a key winning.
type changeSet map[string]store.Change

func (c changeSet) set(key, value []byte) {
	c[string(key)] = store.Change{Key: key, Value: value}
}

func (c changeSet) del(key []byte) {
	c[string(key)] = store.Change{Key: key, Delete: true}
}

// sorted returns the changes in ascending key order.
func (c changeSet) sorted() []store.Change {
	out := make([]store.Change, 0, len(c))
	for _, ch := range c {
		out = append(out, ch)
	}
	sortByKey(out, func(c *store.Change) []byte { return c.Key })
	return out
}

// Changes returns the block's net state changes sorted by key: accounts whose
// record differs from the store, new code, storage slots and the slot lists
// of the accounts whose storage changed. Call it after the last Finalise. It
// returns the first store read error met during the block, if any.
func (s *StateDB) Changes() ([]store.Change, error) { return s.changes(1) }

// minAccountsPerChangeWorker is the fewest mutated accounts worth a
// goroutine of their own in changes.
const minAccountsPerChangeWorker = 256

// changes is Changes on up to workers goroutines, each deriving the changes
// of a contiguous range of the sorted accounts; the ranges' sorted changes
// are then merged. Only code records can be shared by two accounts (they
// are keyed by hash, so equal keys carry equal values): the merge keeps one.
// With more than one worker the store reader must be safe for concurrent
// reads.
func (s *StateDB) changes(workers int) ([]store.Change, error) {
	if s.dbErr != nil {
		return nil, s.dbErr
	}
	addrs := sortedAddrs(make([]common.Address, 0, len(s.objects)), s.objects)
	workers = max(1, min(workers, len(addrs)/minAccountsPerChangeWorker))
	if workers == 1 {
		return s.rangeChanges(addrs)
	}
	parts := make([][]store.Change, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	chunk := (len(addrs) + workers - 1) / workers
	for i := range workers {
		part := addrs[i*chunk : min((i+1)*chunk, len(addrs))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			sub := &StateDB{reader: s.reader, objects: s.objects} // reads s.objects only
			parts[i], errs[i] = sub.rangeChanges(part)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err // the lowest range's error
		}
	}
	out := parts[0]
	for _, p := range parts[1:] {
		out = mergeChanges(out, p)
	}
	return out, nil
}

// rangeChanges returns the sorted changes of the accounts addrs (sorted).
func (s *StateDB) rangeChanges(addrs []common.Address) ([]store.Change, error) {
	hint := len(addrs) // an account record each, and a record per written slot
	for _, addr := range addrs {
		hint += len(s.objects[addr].pending)
	}
	cs := make(changeSet, hint)
	for _, addr := range addrs {
		obj := s.objects[addr]
		s.accountChanges(cs, obj)
		s.storageChanges(cs, obj)
	}
	if s.dbErr != nil {
		return nil, s.dbErr
	}
	return cs.sorted(), nil
}

// mergeChanges merges two sorted change lists, keeping a's change of a key
// both hold.
func mergeChanges(a, b []store.Change) []store.Change {
	out := make([]store.Change, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		switch c := bytes.Compare(a[0].Key, b[0].Key); {
		case c < 0:
			out, a = append(out, a[0]), a[1:]
		case c > 0:
			out, b = append(out, b[0]), b[1:]
		default:
			out, a, b = append(out, a[0]), a[1:], b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// accountChanges adds the account record and code writes of obj.
func (s *StateDB) accountChanges(cs changeSet, obj *stateObject) {
	a := &obj.acct
	if !a.exists {
		if obj.originExists {
			cs.del(AccountKey(obj.addr))
		}
		return
	}
	rec := Account{Nonce: a.nonce, Balance: a.balance, CodeHash: a.codeHash}
	if !obj.originExists || rec != obj.origin {
		cs.set(AccountKey(obj.addr), encodeAccount(&rec))
	}
	if a.codeDirty && a.codeHash != types.EmptyCodeHash {
		key := CodeKey(a.codeHash)
		if _, seen := cs[string(key)]; !seen && !s.has(key) {
			cs.set(key, a.code)
		}
	}
}

// has reports whether key is present in the store.
func (s *StateDB) has(key []byte) bool {
	if s.dbErr != nil {
		return false
	}
	v, err := s.reader.Get(key)
	if err != nil {
		s.setError(err)
	}
	return v != nil
}

// storageChanges adds the storage and slot-list writes of obj. Slots are
// removed in ascending order, then added in ascending order, so the resulting
// slot list depends only on the net changes.
func (s *StateDB) storageChanges(cs changeSet, obj *stateObject) {
	if !obj.cleared && len(obj.pending) == 0 {
		return
	}
	idx := s.newSlotIndex(obj)
	if obj.cleared {
		idx.clearAll(cs)
	}
	keys := make([]common.Hash, 0, len(obj.pending))
	for k := range obj.pending {
		keys = append(keys, k)
	}
	sortByKey(keys, func(k *common.Hash) []byte { return k[:] })
	var added []common.Hash
	for _, k := range keys {
		v := obj.pending[k]
		was := idx.current(k)
		switch {
		case was == v:
		case v == (common.Hash{}):
			idx.remove(k)
		case was == (common.Hash{}):
			added = append(added, k)
			idx.values[k] = v
		default:
			idx.values[k] = v
		}
	}
	for _, k := range added {
		idx.insert(k)
	}
	idx.emit(cs)
}
