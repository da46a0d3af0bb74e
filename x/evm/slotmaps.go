package evm

import (
	"cmp"
	"slices"

	"github.com/ethereum/go-ethereum/common"

	"github.com/hyperion-rollup/hyperion/x/evm/internal/spare"
)

// A block's hot contracts (a token, a pool) gather thousands of slots in
// their state objects' maps, and the next block's the same ones again:
// growing a map to that size rehashes it several times (a quarter of the
// parallel commit's CPU on a 1,000-transfer token block) and leaves ~1 MB of
// garbage per block. A finished block builder hands the maps of its
// accounts with the most slots to the next block builder, which empties
// and reuses them for the same accounts.

// Bounds of the slot maps kept from one block to the next.
const (
	maxKeptSlotAccounts = 8       // accounts whose maps are kept
	minKeptSlots        = 256     // slots an account's maps must hold to be kept
	maxKeptSlots        = 1 << 16 // a larger map is left to the collector
)

// slotMaps are a state object's slot maps.
type slotMaps struct {
	stored  map[common.Hash]storageRecord
	pending map[common.Hash]common.Hash
}

// keptSlotMaps holds the slot maps a finished block builder handed on, by
// account, until the next block builder takes them all.
var keptSlotMaps = spare.List[map[common.Address]slotMaps]{Max: 1}

// takeSlotMaps returns the kept slot maps (nil: none), which no other
// builder gets.
func takeSlotMaps() map[common.Address]slotMaps {
	m, _ := keptSlotMaps.Take(nil)
	return m
}

// adoptSlotMaps gives obj, just made, its account's kept slot maps, emptied
// (none outside a block builder, whose keptMaps is nil).
func (s *StateDB) adoptSlotMaps(obj *stateObject) {
	m, ok := s.keptMaps[obj.addr]
	if !ok {
		return
	}
	delete(s.keptMaps, obj.addr)
	clear(m.stored)
	clear(m.pending)
	obj.stored, obj.pending = m.stored, m.pending
}

// handOnSlotMaps keeps the slot maps of the (at most maxKeptSlotAccounts)
// accounts with the most slots for the next block builder and takes them
// from their objects: the state must not be used afterwards.
func (s *StateDB) handOnSlotMaps() {
	var hot []*stateObject
	for _, obj := range s.objects {
		if n := len(obj.stored) + len(obj.pending); n >= minKeptSlots && n <= maxKeptSlots {
			hot = append(hot, obj)
		}
	}
	if len(hot) == 0 {
		return
	}
	slices.SortFunc(hot, func(a, b *stateObject) int {
		return cmp.Compare(len(b.stored)+len(b.pending), len(a.stored)+len(a.pending))
	})
	kept := make(map[common.Address]slotMaps, min(len(hot), maxKeptSlotAccounts))
	for _, obj := range hot[:min(len(hot), maxKeptSlotAccounts)] {
		kept[obj.addr] = slotMaps{stored: obj.stored, pending: obj.pending}
		obj.stored, obj.pending = nil, nil
	}
	keptSlotMaps.Put(kept)
}
