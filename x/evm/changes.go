package evm

import (
	"bytes"
	"slices"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/hyperion-rollup/hyperion/x/store"
)

// changeSink receives state changes; a later change of a key replaces an
// earlier one.
type changeSink interface {
	set(key, value []byte)
	del(key []byte)
}

// changeList collects changes in the order they are made.
type changeList []store.Change

func (c *changeList) set(key, value []byte) { *c = append(*c, store.Change{Key: key, Value: value}) }

func (c *changeList) del(key []byte) { *c = append(*c, store.Change{Key: key, Delete: true}) }

// changeSet collects changes by key, the last change of a key winning.
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

// kindLists are the changes of a range of accounts by key kind (the byte
// after keyPrefix). Every key of a kind starts with the account's address
// (but code keys, which start with the code hash), so changes made account
// by account in address order, each account's sorted, are sorted per kind,
// and the kinds in order are sorted as a whole: no map and no block-wide
// sort. Code records are deduplicated and sorted when the ranges are joined.
type kindLists [kindSlotList + 1][]store.Change

// kindOf returns the kind byte of a state key of this module.
func kindOf(key []byte) byte { return key[len(keyPrefix)] }

// Changes returns the block's net state changes sorted by key: accounts whose
// record differs from the store, new code, storage slots and the slot lists
// of the accounts whose storage changed. Call it after the last Finalise. It
// returns the first store read error met during the block, if any.
func (s *StateDB) Changes() ([]store.Change, error) { return s.changes(1) }

// minWorkPerChangeWorker is the least work (see changeWork) worth a
// goroutine of its own in changes.
const minWorkPerChangeWorker = 256

// changes is Changes on up to workers goroutines, each deriving the changes
// of a contiguous range of the sorted accounts with about the same work;
// the ranges' lists are then joined kind by kind. Only code records can be
// shared by two accounts (they are keyed by hash, so equal keys carry equal
// values): the join keeps one. With more than one worker the store reader
// must be safe for concurrent reads.
func (s *StateDB) changes(workers int) ([]store.Change, error) {
	if s.dbErr != nil {
		return nil, s.dbErr
	}
	addrs := sortedAddrs(make([]common.Address, 0, len(s.objects)), s.objects)
	ranges := s.splitByWork(addrs, workers)
	parts := make([]kindLists, len(ranges))
	errs := make([]error, len(ranges))
	var wg sync.WaitGroup
	for i := 1; i < len(ranges); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sub := &StateDB{reader: s.reader, objects: s.objects} // reads s.objects only
			parts[i], errs[i] = sub.rangeChanges(ranges[i])
		}()
	}
	parts[0], errs[0] = s.rangeChanges(ranges[0])
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err // the lowest range's error
		}
	}
	return joinKinds(parts), nil
}

// changeWork is the share of changes' work of obj: its account record
// and each slot the block wrote.
func changeWork(obj *stateObject) int { return 1 + len(obj.pending) }

// splitByWork cuts addrs into at most workers contiguous ranges of about
// equal work, each worth a goroutine; a range is never empty.
func (s *StateDB) splitByWork(addrs []common.Address, workers int) [][]common.Address {
	total := 0
	for _, a := range addrs {
		total += changeWork(s.objects[a])
	}
	workers = max(1, min(workers, total/minWorkPerChangeWorker))
	ranges := make([][]common.Address, 0, workers)
	from, done := 0, 0
	for i, a := range addrs {
		done += changeWork(s.objects[a])
		if len(ranges) < workers-1 && done*workers >= total*(len(ranges)+1) && i+1 < len(addrs) {
			ranges = append(ranges, addrs[from:i+1])
			from = i + 1
		}
	}
	return append(ranges, addrs[from:])
}

// joinKinds concatenates the ranges' changes kind by kind, sorting and
// deduplicating the code records.
func joinKinds(parts []kindLists) []store.Change {
	n := 0
	for i := range parts {
		for _, l := range parts[i] {
			n += len(l)
		}
	}
	out := make([]store.Change, 0, n)
	for kind := range len(kindLists{}) {
		from := len(out)
		for i := range parts {
			out = append(out, parts[i][kind]...)
		}
		if kind == int(kindCode) && len(parts) > 1 {
			codes := out[from:]
			sortByKey(codes, func(c *store.Change) []byte { return c.Key })
			codes = slices.CompactFunc(codes, func(a, b store.Change) bool { return bytes.Equal(a.Key, b.Key) })
			out = out[:from+len(codes)]
		}
	}
	return out
}

// rangeChanges returns the changes of the accounts addrs (sorted) by kind.
func (s *StateDB) rangeChanges(addrs []common.Address) (kindLists, error) {
	var (
		out     kindLists
		storage changeList // a cleared account's storage changes
		bytes   byteArena
		plan    slotPlan
	)
	seenCode := make(map[common.Hash]bool)
	for _, addr := range addrs {
		obj := s.objects[addr]
		s.accountChanges(&out, &bytes, seenCode, obj)
		if !obj.cleared {
			plan = s.orderedStorageChanges(&out, &bytes, obj, plan)
			continue
		}
		storage = storage[:0]
		s.storageChanges(&storage, obj)
		out.addClearedStorage(storage)
	}
	if s.dbErr != nil {
		return kindLists{}, s.dbErr
	}
	sortByKey(out[kindCode], func(c *store.Change) []byte { return c.Key })
	return out, nil
}

// addClearedStorage appends a cleared account's storage, slot-count and
// slot-list changes to their kinds in key order. A cleared account can
// change a key twice (deleted with the old storage, written again): the
// changes go through a changeSet, where the last change of a key wins.
func (l *kindLists) addClearedStorage(changes changeList) {
	cs := make(changeSet, len(changes))
	for _, c := range changes {
		cs[string(c.Key)] = c
	}
	for _, c := range cs.sorted() {
		k := kindOf(c.Key)
		l[k] = append(l[k], c)
	}
}

// accountChanges adds the account record and code writes of obj, the
// record's key and value cut from bytes; seenCode holds the code hashes
// written or found in the store so far.
func (s *StateDB) accountChanges(l *kindLists, bytes *byteArena, seenCode map[common.Hash]bool, obj *stateObject) {
	a := &obj.acct
	if !a.exists {
		if obj.originExists {
			l[kindAccount] = append(l[kindAccount], store.Change{Key: bytes.key(kindAccount, obj.addr[:]), Delete: true})
		}
		return
	}
	rec := Account{Nonce: a.nonce, Balance: a.balance, CodeHash: a.codeHash}
	if !obj.originExists || rec != obj.origin {
		v := bytes.take(accountRecordLen)
		putAccount(v, &rec)
		l[kindAccount] = append(l[kindAccount], store.Change{Key: bytes.key(kindAccount, obj.addr[:]), Value: v})
	}
	if a.codeDirty && a.codeHash != types.EmptyCodeHash && !seenCode[a.codeHash] {
		seenCode[a.codeHash] = true
		if key := CodeKey(a.codeHash); !s.has(key) {
			l[kindCode] = append(l[kindCode], store.Change{Key: key, Value: a.code})
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
func (s *StateDB) storageChanges(cs changeSink, obj *stateObject) {
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
