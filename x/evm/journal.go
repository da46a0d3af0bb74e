package evm

import (
	"github.com/ethereum/go-ethereum/common"
)

// journalKind says which change a journal entry undoes.
type journalKind uint8

const (
	journalAccount    journalKind = iota // account fields (balance, nonce, code, flags, existence)
	journalStorage                       // one slot of the current transaction's dirty storage
	journalTransient                     // one transient storage slot (EIP-1153)
	journalRefund                        // the refund counter
	journalLog                           // one appended log
	journalAccessAddr                    // an address added to the access list
	journalAccessSlot                    // a slot added to the access list
)

// journalEntry is one undoable change. It is a plain value (no closure, no
// interface) so appending to the journal allocates nothing per entry.
type journalEntry struct {
	kind      journalKind
	addr      common.Address
	key       common.Hash
	prevValue common.Hash   // storage or transient value before the change
	prevDirty bool          // storage: key was present in the dirty map before
	prevAcct  accountFields // account: fields before the change
	prevCount uint64        // refund counter before the change
}

// journal records the changes of the current transaction so that they can be
// reverted to any snapshot. A snapshot id is the journal length when taken.
type journal struct {
	entries []journalEntry
	dirties map[common.Address]int // non-reverted entries per touched account
}

func newJournal() *journal {
	return &journal{dirties: make(map[common.Address]int)}
}

func (j *journal) append(e journalEntry) {
	j.entries = append(j.entries, e)
	if e.kind == journalAccount || e.kind == journalStorage {
		j.dirties[e.addr]++
	}
}

// revert undoes every entry after snapshot, newest first.
func (j *journal) revert(s *StateDB, snapshot int) {
	for i := len(j.entries) - 1; i >= snapshot; i-- {
		e := &j.entries[i]
		s.undo(e)
		if e.kind == journalAccount || e.kind == journalStorage {
			if j.dirties[e.addr]--; j.dirties[e.addr] == 0 {
				delete(j.dirties, e.addr)
			}
		}
	}
	j.entries = j.entries[:snapshot]
}

// reset forgets every entry: reverting across transactions is not allowed.
func (j *journal) reset() {
	j.entries = j.entries[:0]
	clear(j.dirties)
}

// undo reverts one journal entry.
func (s *StateDB) undo(e *journalEntry) {
	switch e.kind {
	case journalAccount:
		s.objects[e.addr].acct = e.prevAcct
	case journalStorage:
		obj := s.objects[e.addr]
		if e.prevDirty {
			obj.dirty[e.key] = e.prevValue
		} else {
			delete(obj.dirty, e.key)
		}
	case journalTransient:
		s.setTransient(e.addr, e.key, e.prevValue)
	case journalRefund:
		s.refund = e.prevCount
	case journalLog:
		s.logs = s.logs[:len(s.logs)-1]
	case journalAccessAddr:
		delete(s.accessList, e.addr)
	case journalAccessSlot:
		delete(s.accessList[e.addr], e.key)
	}
}
