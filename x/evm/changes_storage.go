package evm

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"slices"

	"github.com/ethereum/go-ethereum/common"

	"github.com/hyperion-rollup/hyperion/x/store"
)

// slotChange is one slot whose stored record changes: its new value and
// its position in the account's slot list.
type slotChange struct {
	key, value common.Hash
	position   uint64
	added      bool // the slot was zero: it joins the end of the list
	removed    bool // the slot goes to zero: its record is deleted
}

// listEntry is one changed entry of an account's slot list: the slot at
// position, or a deletion when position is past the list's new end.
type listEntry struct {
	position uint64
	slot     common.Hash
}

// slotPlan is an account's storage changes worked out in key order.
type slotPlan struct {
	slots            []slotChange // the changed slots, by key
	moved            []slotChange // slots that only moved in the list, by key
	list             []listEntry  // changed list entries, by position
	count, origCount uint64
}

// orderedStorageChanges adds the storage, slot-list and slot-count changes
// of obj, whose storage was not deleted, straight to their kinds in key
// order, keys and values cut from arena; they equal storageChanges'. When
// no slot goes to zero (values change, slots join the end of the list) the
// positions need no slot index. It returns plan's memory for the next
// account.
func (s *StateDB) orderedStorageChanges(l *kindLists, arena *byteArena, obj *stateObject, plan slotPlan) slotPlan {
	plan = slotPlan{slots: plan.slots[:0], moved: plan.moved[:0], list: plan.list[:0]}
	removals := 0
	plan.slots, removals = s.planSlots(obj, plan.slots)
	if len(plan.slots) == 0 {
		return plan
	}
	if removals == 0 {
		s.placeAdded(obj.addr, &plan)
	} else {
		s.placeWithIndex(obj, &plan)
	}
	plan.emit(l, arena, obj.addr)
	return plan
}

// planSlots appends obj's changed slots to plan in key order, each with its
// stored position, and returns how many go to zero.
func (s *StateDB) planSlots(obj *stateObject, plan []slotChange) ([]slotChange, int) {
	for k, v := range obj.pending {
		plan = append(plan, slotChange{key: k, value: v})
	}
	sortByKey(plan, func(c *slotChange) []byte { return c.key[:] })
	n, removals := 0, 0
	for _, c := range plan {
		rec := s.storedSlot(obj, c.key)
		if rec.value == c.value {
			continue
		}
		c.position, c.added, c.removed = rec.position, rec.value == (common.Hash{}), c.value == (common.Hash{})
		if c.removed {
			removals++
		}
		plan[n] = c
		n++
	}
	return plan[:n], removals
}

// placeAdded gives the added slots the list positions after the stored
// ones, in key order: without removals no other entry moves.
func (s *StateDB) placeAdded(addr common.Address, plan *slotPlan) {
	first := true
	for i := range plan.slots {
		c := &plan.slots[i]
		if !c.added || s.dbErr != nil {
			continue
		}
		if first {
			n, err := readSlotCount(s.reader, addr)
			if err != nil {
				s.setError(err)
			}
			plan.origCount, plan.count, first = n, n, false
		}
		c.position = plan.count
		plan.list = append(plan.list, listEntry{position: c.position, slot: c.key})
		plan.count++
	}
}

// placeWithIndex works out the positions through the account's slot index,
// as storageChanges does: removals in key order move the list's last
// entries into their holes, then the added slots join the end. A slot
// that moved keeps its stored value unless the plan changes it: those that
// only moved join plan.moved.
func (s *StateDB) placeWithIndex(obj *stateObject, plan *slotPlan) {
	idx := s.newSlotIndex(obj)
	for _, c := range plan.slots {
		if c.removed {
			idx.remove(c.key)
		}
	}
	for _, c := range plan.slots {
		if c.added {
			idx.insert(c.key)
		}
	}
	for k, p := range idx.position { // moved or added: collected, then sorted
		if i, ok := slices.BinarySearchFunc(plan.slots, k, compareSlotKey); ok {
			plan.slots[i].position = p
		} else {
			plan.moved = append(plan.moved, slotChange{key: k, value: idx.values[k], position: p})
		}
	}
	sortByKey(plan.moved, func(c *slotChange) []byte { return c.key[:] })
	for p, k := range idx.slotAt { // collected, then sorted
		plan.list = append(plan.list, listEntry{position: p, slot: k})
	}
	slices.SortFunc(plan.list, func(a, b listEntry) int { return cmp.Compare(a.position, b.position) })
	plan.origCount, plan.count = idx.origCount, idx.count
}

func compareSlotKey(c slotChange, k common.Hash) int { return bytes.Compare(c.key[:], k[:]) }

// emit appends the plan's changes of the account at addr to their kinds:
// the changed and moved slots' records merged in key order, the list
// entries, and the count when it changed.
func (plan *slotPlan) emit(l *kindLists, arena *byteArena, addr common.Address) {
	slots, moved := plan.slots, plan.moved
	for len(slots) > 0 || len(moved) > 0 {
		var c *slotChange
		if len(moved) == 0 || (len(slots) > 0 && bytes.Compare(slots[0].key[:], moved[0].key[:]) < 0) {
			c, slots = &slots[0], slots[1:]
		} else {
			c, moved = &moved[0], moved[1:]
		}
		ch := store.Change{Key: arena.key(kindStorage, addr[:], c.key[:]), Delete: c.removed}
		if !c.removed {
			ch.Value = arena.take(storageRecordLen)
			putStorage(ch.Value, storageRecord{value: c.value, position: c.position})
		}
		l[kindStorage] = append(l[kindStorage], ch)
	}
	for _, e := range plan.list {
		var p [8]byte
		binary.BigEndian.PutUint64(p[:], e.position)
		ch := store.Change{Key: arena.key(kindSlotList, addr[:], p[:]), Delete: e.position >= plan.count}
		if !ch.Delete {
			ch.Value = arena.copy(e.slot[:])
		}
		l[kindSlotList] = append(l[kindSlotList], ch)
	}
	if plan.count == plan.origCount {
		return
	}
	ch := store.Change{Key: arena.key(kindSlotCount, addr[:]), Delete: plan.count == 0}
	if !ch.Delete {
		ch.Value = arena.take(8)
		binary.BigEndian.PutUint64(ch.Value, plan.count)
	}
	l[kindSlotCount] = append(l[kindSlotCount], ch)
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
	return appendKey(a.take(keyLen(parts))[:0], kind, parts...)
}
