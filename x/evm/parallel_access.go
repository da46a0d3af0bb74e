package evm

import (
	"slices"

	"github.com/ethereum/go-ethereum/common"
)

// resetAccessList empties the access list of a parallel worker's StateDB
// for its next transaction, leaving the block's precompiles warm: removing
// the few addresses the last transaction warmed is cheaper than inserting
// every precompile again. The result equals a new list holding precompiles.
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
