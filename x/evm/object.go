package evm

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
)

// accountFields is the live, journaled part of an account. Copying it is how
// the journal snapshots an account before any change.
type accountFields struct {
	exists         bool
	nonce          uint64
	balance        uint256.Int
	codeHash       common.Hash // types.EmptyCodeHash for an account without code
	code           []byte
	codeLoaded     bool
	codeDirty      bool // code set during this block
	selfDestructed bool // EIP-6780 selfdestruct in the current transaction
	newContract    bool // created as a contract in the current transaction
}

// empty reports EIP-161 emptiness of an existing account.
func (a *accountFields) empty() bool {
	return a.nonce == 0 && a.balance.IsZero() && a.codeHash == types.EmptyCodeHash
}

// stateObject is everything the StateDB knows of one address during a block.
type stateObject struct {
	addr common.Address
	acct accountFields

	// origin is the account record in the store at the start of the block.
	origin       Account
	originExists bool
	// base is the account below the block's transactions when the object
	// was loaded through a typed reader (parallel workers; nil otherwise),
	// where origin is the account as the transaction found it.
	base *baseAccount

	// mutated is set once a transaction finalised a change of this account.
	mutated bool
	// cleared is set when the account was deleted during the block: its
	// storage in the store is gone and must never be read again.
	cleared bool

	stored  map[common.Hash]storageRecord // store reads, with slot-list positions
	pending map[common.Hash]common.Hash   // slots written by earlier transactions of the block
	dirty   map[common.Hash]common.Hash   // slots written by the current transaction
}

// newStateObject returns the object of addr; its slot maps are made on
// first write (most accounts of a block, transfer parties, have no storage).
func newStateObject(addr common.Address, origin *Account) *stateObject {
	obj := &stateObject{addr: addr}
	obj.setOrigin(origin)
	return obj
}

// setOrigin makes the account as stored (nil: missing) the object's origin
// and current fields.
func (obj *stateObject) setOrigin(origin *Account) {
	if origin == nil {
		return
	}
	obj.origin, obj.originExists = *origin, true
	obj.acct = accountFields{
		exists:   true,
		nonce:    origin.Nonce,
		balance:  origin.Balance,
		codeHash: origin.CodeHash,
	}
	obj.acct.codeLoaded = origin.CodeHash == types.EmptyCodeHash
}

// reinit empties a spare object and sets it up as newStateObject does,
// keeping the memory of its maps.
func (obj *stateObject) reinit(addr common.Address, origin *Account) {
	stored, pending, dirty := obj.stored, obj.pending, obj.dirty
	clear(stored)
	clear(pending)
	clear(dirty)
	*obj = stateObject{addr: addr, stored: stored, pending: pending, dirty: dirty}
	obj.setOrigin(origin)
}

// setStored records a slot read from the store.
func (obj *stateObject) setStored(key common.Hash, rec storageRecord) {
	if obj.stored == nil {
		obj.stored = make(map[common.Hash]storageRecord)
	}
	obj.stored[key] = rec
}

// setPending records a slot value left by a finalised transaction.
func (obj *stateObject) setPending(key, value common.Hash) {
	if obj.pending == nil {
		obj.pending = make(map[common.Hash]common.Hash)
	}
	obj.pending[key] = value
}

// setDirty records a slot value written by the current transaction.
func (obj *stateObject) setDirty(key, value common.Hash) {
	if obj.dirty == nil {
		obj.dirty = make(map[common.Hash]common.Hash)
	}
	obj.dirty[key] = value
}

// freshAccount returns the fields of a newly created, empty account.
func freshAccount() accountFields {
	return accountFields{exists: true, codeHash: types.EmptyCodeHash, codeLoaded: true}
}
