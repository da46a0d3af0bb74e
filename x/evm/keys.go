package evm

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/store"
)

// State layout of the EVM module inside the shared state tree. Every key starts
// with keyPrefix and one kind byte:
//
//	account    evm 0x01 addr            -> nonce(8) | balance(32) | codeHash(32)
//	code       evm 0x02 codeHash        -> code bytes
//	storage    evm 0x03 addr slot       -> value(32) | position(8)
//	slot count evm 0x04 addr            -> number of non-zero slots (8)
//	slot list  evm 0x05 addr position   -> slot(32)
//
// The slot list is a dense array of the account's non-zero slots (position is
// the slot's index in it, kept in the storage record), so deleting an account
// deletes its storage with point reads only: the store needs no iteration.
// Removal swaps the last element into the hole. The list is maintained from
// the block's net storage changes, in sorted order, so it is deterministic.
const (
	kindAccount   byte = 0x01
	kindCode      byte = 0x02
	kindStorage   byte = 0x03
	kindSlotCount byte = 0x04
	kindSlotList  byte = 0x05

	accountRecordLen = 8 + 32 + 32
	storageRecordLen = 32 + 8
)

var keyPrefix = []byte("evm")

// Sentinel errors of the state encoding.
var (
	// ErrCorruptRecord is returned when a stored EVM record has the wrong size.
	ErrCorruptRecord = errors.New("evm: corrupt state record")
)

func prefixedKey(kind byte, parts ...[]byte) []byte {
	return appendKey(make([]byte, 0, keyLen(parts)), kind, parts...)
}

// keyLen is the length of the state key made of parts.
func keyLen(parts [][]byte) int {
	n := len(keyPrefix) + 1
	for _, p := range parts {
		n += len(p)
	}
	return n
}

// appendKey appends the state key of kind made of parts to dst.
func appendKey(dst []byte, kind byte, parts ...[]byte) []byte {
	dst = append(dst, keyPrefix...)
	dst = append(dst, kind)
	for _, p := range parts {
		dst = append(dst, p...)
	}
	return dst
}

// AccountKey is the state key of an account record.
func AccountKey(addr common.Address) []byte { return prefixedKey(kindAccount, addr[:]) }

// CodeKey is the state key of contract code, addressed by its keccak256 hash.
func CodeKey(hash common.Hash) []byte { return prefixedKey(kindCode, hash[:]) }

// StorageKey is the state key of one storage slot of an account.
func StorageKey(addr common.Address, slot common.Hash) []byte {
	return prefixedKey(kindStorage, addr[:], slot[:])
}

// SlotCountKey is the state key of the number of non-zero slots of an account.
func SlotCountKey(addr common.Address) []byte { return prefixedKey(kindSlotCount, addr[:]) }

// SlotListKey is the state key of the position-th entry of an account's slot list.
func SlotListKey(addr common.Address, position uint64) []byte {
	var p [8]byte
	binary.BigEndian.PutUint64(p[:], position)
	return prefixedKey(kindSlotList, addr[:], p[:])
}

// Account is the decoded account record.
type Account struct {
	Nonce    uint64
	Balance  uint256.Int
	CodeHash common.Hash
}

// encodeAccount returns the fixed-size encoding of an account record.
func encodeAccount(a *Account) []byte {
	b := make([]byte, accountRecordLen)
	putAccount(b, a)
	return b
}

// putAccount writes a's record into b (accountRecordLen bytes).
func putAccount(b []byte, a *Account) {
	binary.BigEndian.PutUint64(b[:8], a.Nonce)
	a.Balance.PutUint256(b[8:40])
	copy(b[40:], a.CodeHash[:])
}

// decodeAccount parses an account record.
func decodeAccount(b []byte) (Account, error) {
	if len(b) != accountRecordLen {
		return Account{}, fmt.Errorf("%w: account record of %d bytes", ErrCorruptRecord, len(b))
	}
	var a Account
	a.Nonce = binary.BigEndian.Uint64(b[:8])
	a.Balance.SetBytes32(b[8:40])
	copy(a.CodeHash[:], b[40:])
	return a, nil
}

// storageRecord is a decoded storage slot: its value and its position in the
// account's slot list.
type storageRecord struct {
	value    common.Hash
	position uint64
}

func encodeStorage(r storageRecord) []byte {
	b := make([]byte, storageRecordLen)
	putStorage(b, r)
	return b
}

// putStorage writes r into b (storageRecordLen bytes).
func putStorage(b []byte, r storageRecord) {
	copy(b[:32], r.value[:])
	binary.BigEndian.PutUint64(b[32:], r.position)
}

func decodeStorage(b []byte) (storageRecord, error) {
	if len(b) != storageRecordLen {
		return storageRecord{}, fmt.Errorf("%w: storage record of %d bytes", ErrCorruptRecord, len(b))
	}
	var r storageRecord
	copy(r.value[:], b[:32])
	r.position = binary.BigEndian.Uint64(b[32:])
	return r, nil
}

func encodeUint64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func decodeUint64(b []byte) (uint64, error) {
	if len(b) != 8 {
		return 0, fmt.Errorf("%w: counter of %d bytes", ErrCorruptRecord, len(b))
	}
	return binary.BigEndian.Uint64(b), nil
}

// ReadAccount returns the account at addr, or nil when it does not exist.
func ReadAccount(r store.Reader, addr common.Address) (*Account, error) {
	b, err := r.Get(AccountKey(addr))
	if err != nil || b == nil {
		return nil, err
	}
	a, err := decodeAccount(b)
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// Balance returns the balance of addr (zero for a missing account).
func Balance(r store.Reader, addr common.Address) (*uint256.Int, error) {
	a, err := ReadAccount(r, addr)
	if err != nil || a == nil {
		return new(uint256.Int), err
	}
	return &a.Balance, nil
}

// Nonce returns the nonce of addr (zero for a missing account).
func Nonce(r store.Reader, addr common.Address) (uint64, error) {
	a, err := ReadAccount(r, addr)
	if err != nil || a == nil {
		return 0, err
	}
	return a.Nonce, nil
}

// Code returns the code of addr (nil for a missing account or an EOA). An
// EIP-7702 delegated account returns its delegation designator.
func Code(r store.Reader, addr common.Address) ([]byte, error) {
	a, err := ReadAccount(r, addr)
	if err != nil || a == nil || a.CodeHash == types.EmptyCodeHash {
		return nil, err
	}
	return readCode(r, a.CodeHash)
}

func readCode(r store.Reader, hash common.Hash) ([]byte, error) {
	if hash == types.EmptyCodeHash || hash == (common.Hash{}) {
		return nil, nil
	}
	code, err := r.Get(CodeKey(hash))
	if err != nil {
		return nil, err
	}
	if code == nil {
		return nil, fmt.Errorf("%w: missing code %x", ErrCorruptRecord, hash)
	}
	return code, nil
}

// Storage returns the value of one storage slot of addr (zero when unset).
func Storage(r store.Reader, addr common.Address, slot common.Hash) (common.Hash, error) {
	rec, _, err := readStorage(r, addr, slot)
	return rec.value, err
}

// readStorage returns the slot's record and whether it exists.
func readStorage(r store.Reader, addr common.Address, slot common.Hash) (storageRecord, bool, error) {
	b, err := r.Get(StorageKey(addr, slot))
	if err != nil || b == nil {
		return storageRecord{}, false, err
	}
	rec, err := decodeStorage(b)
	return rec, err == nil, err
}

// readSlotCount returns the number of non-zero slots of addr.
func readSlotCount(r store.Reader, addr common.Address) (uint64, error) {
	b, err := r.Get(SlotCountKey(addr))
	if err != nil || b == nil {
		return 0, err
	}
	return decodeUint64(b)
}
