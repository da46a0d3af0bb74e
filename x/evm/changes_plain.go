package evm

import (
	"encoding/binary"

	"github.com/ethereum/go-ethereum/common"

	"github.com/hyperion-rollup/hyperion/x/store"
)

// slotChange is one slot whose stored record changes: its new value and
// its position in the account's slot list.
type slotChange struct {
	key, value common.Hash
	position   uint64
	added      bool // the slot was zero: it joins the end of the list
}

// plainStorageChanges adds the storage, slot-list and slot-count changes of
// obj straight to their kinds, in key order, when no slot of obj goes to
// zero and its storage was not deleted (the common case: values change and
// slots are added, and no list entry moves). It reports false, adding
// nothing, otherwise: storageChanges and addStorage then handle obj. The
// result equals theirs; keys and values are cut from bytes.
func (s *StateDB) plainStorageChanges(l *kindLists, bytes *byteArena, obj *stateObject, plan []slotChange) ([]slotChange, bool) {
	if obj.cleared {
		return plan, false
	}
	plan, ok := s.planSlots(obj, plan[:0])
	if !ok || len(plan) == 0 {
		return plan, ok
	}
	added := s.placeAdded(obj.addr, plan)
	for i := range plan {
		c := &plan[i]
		v := bytes.take(storageRecordLen)
		putStorage(v, storageRecord{value: c.value, position: c.position})
		l[kindStorage] = append(l[kindStorage], store.Change{Key: bytes.key(kindStorage, obj.addr[:], c.key[:]), Value: v})
	}
	if added == 0 {
		return plan, true
	}
	var count uint64
	for i := range plan {
		if c := &plan[i]; c.added {
			var p [8]byte
			binary.BigEndian.PutUint64(p[:], c.position)
			l[kindSlotList] = append(l[kindSlotList], store.Change{Key: bytes.key(kindSlotList, obj.addr[:], p[:]), Value: bytes.copy(c.key[:])})
			count = c.position + 1
		}
	}
	v := bytes.take(8)
	binary.BigEndian.PutUint64(v, count)
	l[kindSlotCount] = append(l[kindSlotCount], store.Change{Key: bytes.key(kindSlotCount, obj.addr[:]), Value: v})
	return plan, true
}

// planSlots appends obj's changed slots to plan in key order, each with its
// stored position; it reports false when a slot goes to zero.
func (s *StateDB) planSlots(obj *stateObject, plan []slotChange) ([]slotChange, bool) {
	for k, v := range obj.pending {
		plan = append(plan, slotChange{key: k, value: v})
	}
	sortByKey(plan, func(c *slotChange) []byte { return c.key[:] })
	n := 0
	for _, c := range plan {
		rec := s.storedSlot(obj, c.key)
		switch {
		case rec.value == c.value:
			continue
		case c.value == (common.Hash{}):
			return plan, false
		}
		c.position, c.added = rec.position, rec.value == (common.Hash{})
		plan[n] = c
		n++
	}
	return plan[:n], true
}

// placeAdded gives the added slots of plan the list positions after the
// stored ones, in key order, and returns how many there are.
func (s *StateDB) placeAdded(addr common.Address, plan []slotChange) int {
	added := 0
	for i := range plan {
		if plan[i].added {
			added++
		}
	}
	if added == 0 || s.dbErr != nil {
		return added
	}
	next, err := readSlotCount(s.reader, addr)
	if err != nil {
		s.setError(err)
	}
	for i := range plan {
		if plan[i].added {
			plan[i].position = next
			next++
		}
	}
	return added
}

// byteArena cuts the keys and values of a range of changes out of large
// allocations instead of one allocation each.
type byteArena struct{ buf []byte }

// byteArenaChunk is the size of the arena's allocations.
const byteArenaChunk = 16 << 10

// take returns n zero bytes whose capacity ends with them.
func (a *byteArena) take(n int) []byte {
	if cap(a.buf)-len(a.buf) < n {
		a.buf = make([]byte, 0, max(n, byteArenaChunk))
	}
	from := len(a.buf)
	a.buf = a.buf[:from+n]
	return a.buf[from : from+n : from+n]
}

// copy returns a copy of b.
func (a *byteArena) copy(b []byte) []byte {
	out := a.take(len(b))
	copy(out, b)
	return out
}

// key returns the state key of kind made of parts, as prefixedKey does.
func (a *byteArena) key(kind byte, parts ...[]byte) []byte {
	n := len(keyPrefix) + 1
	for _, p := range parts {
		n += len(p)
	}
	k := a.take(n)[:0]
	k = append(k, keyPrefix...)
	k = append(k, kind)
	for _, p := range parts {
		k = append(k, p...)
	}
	return k
}
