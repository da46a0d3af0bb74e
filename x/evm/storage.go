package evm

import (
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
)

// storedSlot returns the record of key in the store at the start of the
// block, reading it once.
func (s *StateDB) storedSlot(obj *stateObject, key common.Hash) storageRecord {
	if rec, ok := obj.stored[key]; ok {
		return rec
	}
	var rec storageRecord
	switch {
	case s.dbErr != nil:
	case s.records != nil:
		v, err := s.records.readSlot(obj.addr, key)
		if err != nil {
			s.setError(err)
		}
		rec.value = v
	default:
		r, _, err := readStorage(s.reader, obj.addr, key)
		if err != nil {
			s.setError(err)
		}
		rec = r
	}
	obj.setStored(key, rec)
	return rec
}

// committedState returns the slot's value at the start of the current
// transaction.
func (s *StateDB) committedState(obj *stateObject, key common.Hash) common.Hash {
	if v, ok := obj.pending[key]; ok {
		return v
	}
	if obj.cleared {
		return common.Hash{}
	}
	return s.storedSlot(obj, key).value
}

// GetStateAndCommittedState returns the slot's current value and its value at
// the start of the current transaction.
func (s *StateDB) GetStateAndCommittedState(addr common.Address, key common.Hash) (common.Hash, common.Hash) {
	obj := s.live(addr)
	if obj == nil {
		return common.Hash{}, common.Hash{}
	}
	origin := s.committedState(obj, key)
	if v, ok := obj.dirty[key]; ok {
		return v, origin
	}
	return origin, origin
}

// GetState returns the slot's current value.
func (s *StateDB) GetState(addr common.Address, key common.Hash) common.Hash {
	obj := s.live(addr)
	if obj == nil {
		return common.Hash{}
	}
	if v, ok := obj.dirty[key]; ok {
		return v
	}
	return s.committedState(obj, key)
}

// SetState sets a storage slot and returns its previous value.
func (s *StateDB) SetState(addr common.Address, key, value common.Hash) common.Hash {
	obj := s.liveOrNew(addr)
	prevDirty, isDirty := obj.dirty[key]
	prev := prevDirty
	if !isDirty {
		prev = s.committedState(obj, key)
	}
	if prev == value {
		return prev
	}
	s.journal.append(journalEntry{kind: journalStorage, addr: addr, key: key, prevValue: prevDirty, prevDirty: isDirty})
	obj.setDirty(key, value)
	return prev
}

// GetTransientState returns a transient storage slot (EIP-1153).
func (s *StateDB) GetTransientState(addr common.Address, key common.Hash) common.Hash {
	return s.transient[addr][key]
}

// SetTransientState sets a transient storage slot (EIP-1153).
func (s *StateDB) SetTransientState(addr common.Address, key, value common.Hash) {
	prev := s.GetTransientState(addr, key)
	if prev == value {
		return
	}
	s.journal.append(journalEntry{kind: journalTransient, addr: addr, key: key, prevValue: prev})
	s.setTransient(addr, key, value)
}

func (s *StateDB) setTransient(addr common.Address, key, value common.Hash) {
	slots := s.transient[addr]
	if slots == nil {
		slots = make(map[common.Hash]common.Hash)
		s.transient[addr] = slots
	}
	if value == (common.Hash{}) {
		delete(slots, key)
		return
	}
	slots[key] = value
}

// Prepare resets the per-transaction access list (EIP-2929/2930, warm
// coinbase of EIP-3651) and transient storage (EIP-1153).
func (s *StateDB) Prepare(rules params.Rules, sender, coinbase common.Address, dst *common.Address, precompiles []common.Address, list types.AccessList) {
	clear(s.transient)
	if !rules.IsEIP2929 {
		return
	}
	s.resetAccessList(precompiles)
	s.warm(sender)
	if dst != nil {
		s.warm(*dst)
	}
	for _, el := range list {
		s.addSlots(el.Address, el.StorageKeys)
	}
	if rules.IsShanghai {
		s.warm(coinbase)
	}
}

// warm adds addr to the access list when missing, without journaling.
func (s *StateDB) warm(addr common.Address) {
	if _, ok := s.accessList[addr]; !ok {
		s.accessList[addr] = nil
		s.accessAdded = append(s.accessAdded, addr)
	}
}

// setSlotSet gives the warm addr its first warm slots.
func (s *StateDB) setSlotSet(addr common.Address, hint int) map[common.Hash]struct{} {
	slots := s.newSlotSet(hint)
	s.accessList[addr] = slots
	s.accessSlotted = append(s.accessSlotted, addr)
	return slots
}

func (s *StateDB) addSlots(addr common.Address, keys []common.Hash) {
	s.warm(addr)
	if len(keys) == 0 {
		return
	}
	slots := s.accessList[addr]
	if slots == nil {
		slots = s.setSlotSet(addr, len(keys))
	}
	for _, k := range keys {
		slots[k] = struct{}{}
	}
}

// AddressInAccessList reports whether addr is warm.
func (s *StateDB) AddressInAccessList(addr common.Address) bool {
	_, ok := s.accessList[addr]
	return ok
}

// SlotInAccessList reports whether addr and (addr, slot) are warm.
func (s *StateDB) SlotInAccessList(addr common.Address, slot common.Hash) (bool, bool) {
	slots, ok := s.accessList[addr]
	if !ok {
		return false, false
	}
	_, slotOK := slots[slot]
	return true, slotOK
}

// AddAddressToAccessList warms addr.
func (s *StateDB) AddAddressToAccessList(addr common.Address) {
	if _, ok := s.accessList[addr]; ok {
		return
	}
	s.warm(addr)
	s.journal.append(journalEntry{kind: journalAccessAddr, addr: addr})
}

// AddSlotToAccessList warms addr and (addr, slot).
func (s *StateDB) AddSlotToAccessList(addr common.Address, slot common.Hash) {
	s.AddAddressToAccessList(addr)
	slots := s.accessList[addr]
	if _, ok := slots[slot]; ok {
		return
	}
	if slots == nil {
		slots = s.setSlotSet(addr, 0)
	}
	slots[slot] = struct{}{}
	s.journal.append(journalEntry{kind: journalAccessSlot, addr: addr, key: slot})
}

// newSlotSet returns an empty set of warm slots, reusing a spare one.
func (s *StateDB) newSlotSet(hint int) map[common.Hash]struct{} {
	if n := len(s.spareSlotSets); n > 0 {
		set := s.spareSlotSets[n-1]
		s.spareSlotSets = s.spareSlotSets[:n-1]
		return set
	}
	return make(map[common.Hash]struct{}, hint)
}

// resetAccessList empties the access list for the next transaction,
// leaving the block's precompiles warm: removing the few addresses the last
// transaction warmed is cheaper than inserting every precompile again. The
// result equals a new list holding precompiles.
func (s *StateDB) resetAccessList(precompiles []common.Address) {
	if !slices.Equal(s.accessBase, precompiles) {
		for _, slots := range s.accessList {
			s.recycleSlotSet(slots)
		}
		clear(s.accessList)
		for _, p := range precompiles {
			s.accessList[p] = nil
		}
		s.accessBase = append(s.accessBase[:0], precompiles...)
	} else {
		for _, addr := range s.accessAdded {
			s.recycleSlotSet(s.accessList[addr])
			delete(s.accessList, addr)
		}
		for _, addr := range s.accessSlotted {
			if slots, ok := s.accessList[addr]; ok && slots != nil {
				s.recycleSlotSet(slots)
				s.accessList[addr] = nil
			}
		}
	}
	s.accessAdded = s.accessAdded[:0]
	s.accessSlotted = s.accessSlotted[:0]
}

// recycleSlotSet keeps an emptied slot set for newSlotSet.
func (s *StateDB) recycleSlotSet(slots map[common.Hash]struct{}) {
	if slots != nil {
		clear(slots)
		s.spareSlotSets = append(s.spareSlotSets, slots)
	}
}
