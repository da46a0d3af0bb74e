// Package solstore reads and writes Solidity storage layouts (value slots,
// mappings, dynamic arrays, bytes and strings) through an EVM state, so that a
// Go module and the system contract whose storage it maintains agree slot by
// slot.
package solstore

import (
	"encoding/binary"
	"errors"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
)

// ErrTooLong is returned when a stored bytes value is longer than the caller allows.
var ErrTooLong = errors.New("solstore: stored value longer than allowed")

// State is the part of an EVM state the storage accessors need.
type State interface {
	GetState(common.Address, common.Hash) common.Hash
	SetState(common.Address, common.Hash, common.Hash) common.Hash
}

// Store is the storage of one contract.
type Store struct {
	db   State
	addr common.Address
}

// New returns the storage of the contract at addr.
func New(db State, addr common.Address) Store { return Store{db: db, addr: addr} }

// Slot is the storage slot number n.
func Slot(n uint64) common.Hash {
	var h common.Hash
	binary.BigEndian.PutUint64(h[24:], n)
	return h
}

// Offset is slot + n (struct fields and array elements).
func Offset(slot common.Hash, n uint64) common.Hash {
	v := new(uint256.Int).SetBytes32(slot[:])
	v.Add(v, uint256.NewInt(n))
	return v.Bytes32()
}

// MapSlot is the slot of mapping[key] for a mapping at slot: keccak256(key ‖ slot).
func MapSlot(slot common.Hash, key common.Hash) common.Hash {
	return crypto.Keccak256Hash(key[:], slot[:])
}

// AddressKey is the mapping key of an address.
func AddressKey(a common.Address) common.Hash { return common.BytesToHash(a[:]) }

// Uint64Key is the mapping key of an unsigned integer.
func Uint64Key(n uint64) common.Hash { return Slot(n) }

// Bytes20Key is the mapping key of a bytes20 (left-aligned, as Solidity stores fixed bytes).
func Bytes20Key(b [20]byte) common.Hash {
	var h common.Hash
	copy(h[:20], b[:])
	return h
}

// ArrayData is the first slot of a dynamic array's (or long bytes') data.
func ArrayData(slot common.Hash) common.Hash { return crypto.Keccak256Hash(slot[:]) }

// Word reads a raw slot.
func (s Store) Word(slot common.Hash) common.Hash { return s.db.GetState(s.addr, slot) }

// SetWord writes a raw slot, skipping writes that change nothing.
func (s Store) SetWord(slot, v common.Hash) {
	if s.db.GetState(s.addr, slot) != v {
		s.db.SetState(s.addr, slot, v)
	}
}

// Uint reads a uint256 slot.
func (s Store) Uint(slot common.Hash) *uint256.Int {
	w := s.Word(slot)
	return new(uint256.Int).SetBytes32(w[:])
}

// SetUint writes a uint256 slot.
func (s Store) SetUint(slot common.Hash, v *uint256.Int) { s.SetWord(slot, v.Bytes32()) }

// Uint64 reads the low 8 bytes of a slot.
func (s Store) Uint64(slot common.Hash) uint64 {
	w := s.Word(slot)
	return binary.BigEndian.Uint64(w[24:])
}

// SetUint64 writes a slot holding one uint64.
func (s Store) SetUint64(slot common.Hash, v uint64) { s.SetWord(slot, Slot(v)) }

// Addr reads the address in the low 20 bytes of a slot.
func (s Store) Addr(slot common.Hash) common.Address {
	w := s.Word(slot)
	return common.BytesToAddress(w[12:])
}

// SetAddr writes a slot holding one address.
func (s Store) SetAddr(slot common.Hash, a common.Address) { s.SetWord(slot, AddressKey(a)) }
