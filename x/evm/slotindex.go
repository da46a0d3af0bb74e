package evm

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"
)

// slotIndex maintains one account's slot list (see keys.go) while the block's
// net storage changes are applied to it. Reads go to the store at the start
// of the block; everything changed is kept in overlays and written by emit.
type slotIndex struct {
	s         *StateDB
	obj       *stateObject
	origCount uint64
	count     uint64
	cleared   bool

	slotAt   map[uint64]common.Hash      // list entries changed (positions >= count are freed)
	position map[common.Hash]uint64      // positions of slots that moved or were added
	values   map[common.Hash]common.Hash // slots whose record must be rewritten
	removed  map[common.Hash]struct{}    // slots deleted
}

func (s *StateDB) newSlotIndex(obj *stateObject) *slotIndex {
	idx := &slotIndex{
		s:        s,
		obj:      obj,
		slotAt:   make(map[uint64]common.Hash),
		position: make(map[common.Hash]uint64),
		values:   make(map[common.Hash]common.Hash),
		removed:  make(map[common.Hash]struct{}),
	}
	if s.dbErr == nil {
		n, err := readSlotCount(s.reader, obj.addr)
		if err != nil {
			s.setError(err)
		}
		idx.origCount, idx.count = n, n
	}
	return idx
}

// clearAll deletes every slot the account has in the store.
func (x *slotIndex) clearAll(cs changeSink) {
	for i := uint64(0); i < x.origCount && x.s.dbErr == nil; i++ {
		cs.del(StorageKey(x.obj.addr, x.storedSlotAt(i)))
		cs.del(SlotListKey(x.obj.addr, i))
	}
	x.count = 0
	x.cleared = true
}

// current returns the slot's value in the store, as far as the index knows.
func (x *slotIndex) current(k common.Hash) common.Hash {
	if x.cleared {
		return common.Hash{}
	}
	return x.s.storedSlot(x.obj, k).value
}

func (x *slotIndex) storedSlotAt(i uint64) common.Hash {
	b, err := x.s.reader.Get(SlotListKey(x.obj.addr, i))
	if err == nil && len(b) != common.HashLength {
		err = fmt.Errorf("%w: slot list entry %d of %x", ErrCorruptRecord, i, x.obj.addr)
	}
	if err != nil {
		x.s.setError(err)
		return common.Hash{}
	}
	return common.BytesToHash(b)
}

func (x *slotIndex) slotAtPos(i uint64) common.Hash {
	if k, ok := x.slotAt[i]; ok {
		return k
	}
	return x.storedSlotAt(i)
}

func (x *slotIndex) positionOf(k common.Hash) uint64 {
	if p, ok := x.position[k]; ok {
		return p
	}
	return x.s.storedSlot(x.obj, k).position
}

// remove deletes slot k, moving the last list entry into its place.
func (x *slotIndex) remove(k common.Hash) {
	if x.count == 0 {
		x.s.setError(fmt.Errorf("%w: slot list of %x is empty", ErrCorruptRecord, x.obj.addr))
		return
	}
	p, last := x.positionOf(k), x.count-1
	if p != last {
		moved := x.slotAtPos(last)
		x.slotAt[p] = moved
		x.position[moved] = p
		if _, ok := x.values[moved]; !ok {
			x.values[moved] = x.s.storedSlot(x.obj, moved).value
		}
	}
	x.slotAt[last] = common.Hash{}
	x.count--
	delete(x.values, k)
	delete(x.position, k)
	x.removed[k] = struct{}{}
}

// insert appends slot k (whose value is already in values) to the list.
func (x *slotIndex) insert(k common.Hash) {
	x.slotAt[x.count] = k
	x.position[k] = x.count
	x.count++
}

// emit writes the index's changes into cs.
func (x *slotIndex) emit(cs changeSink) {
	addr := x.obj.addr
	for k := range x.removed {
		cs.del(StorageKey(addr, k))
	}
	for k, v := range x.values {
		cs.set(StorageKey(addr, k), encodeStorage(storageRecord{value: v, position: x.positionOf(k)}))
	}
	for i, k := range x.slotAt {
		if i < x.count {
			cs.set(SlotListKey(addr, i), common.CopyBytes(k[:]))
		} else {
			cs.del(SlotListKey(addr, i))
		}
	}
	switch {
	case x.count == x.origCount:
	case x.count == 0:
		cs.del(SlotCountKey(addr))
	default:
		cs.set(SlotCountKey(addr), encodeUint64(x.count))
	}
}
