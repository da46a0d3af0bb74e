// Package blockstm is a Block-STM engine: optimistic parallel execution of an
// ordered list of transactions over multi-version memory, with incarnations,
// read-set validation, re-execution, dependency suspension on ESTIMATE marks
// and the collaborative scheduler of Gelashvili et al. (PPoPP'23). The result
// equals executing the transactions one after the other in list order.
//
// The engine knows nothing about the EVM: a transaction is a function that
// reads typed keys through a View and returns the writes it made. A write
// may be a delta (an amount added to the value below it), so that many
// transactions credit one location without reading it; a memory's delta
// lane (SetDeltaLane) keeps the deltas of one such location, which nearly
// every transaction writes, out of the shared cells. Changes to the memory
// are numbered and logged (changeLog), so that a validation can tell from
// the log alone, most of the time, that no lower transaction changed what
// an incarnation read since it began.
package blockstm

import (
	"encoding/binary"
)

// Kind says what a Key locates.
type Kind uint8

// Kinds of versioned locations.
const (
	KindHeader       Kind = iota + 1 // account header: existence, nonce, whether the code hash is the block's base
	KindBalance                      // account balance
	KindCodeHash                     // account code hash
	KindStorage                      // one storage slot
	KindStorageEpoch                 // last in-block deletion of an account's storage
)

// KeySize is the byte length of a Key: kind(1) | address(20) | slot(32).
const KeySize = 1 + 20 + 32

// Key is a fixed-size, comparable location in multi-version memory.
type Key [KeySize]byte

// Word is a typed 32-byte value: a big-endian integer, a hash or a flag.
type Word [32]byte

// NewKey returns the key of kind for address addr; slot is used by
// KindStorage only and must be zero otherwise.
func NewKey(kind Kind, addr [20]byte, slot [32]byte) Key {
	var k Key
	k[0] = byte(kind)
	copy(k[1:21], addr[:])
	copy(k[21:], slot[:])
	return k
}

// Kind returns the kind of k.
func (k Key) Kind() Kind { return Kind(k[0]) }

// Uint64Word encodes v as a big-endian word.
func Uint64Word(v uint64) Word {
	var w Word
	binary.BigEndian.PutUint64(w[24:], v)
	return w
}

// Uint64 decodes the low 64 bits of a big-endian word.
func (w Word) Uint64() uint64 { return binary.BigEndian.Uint64(w[24:]) }

// IsZero reports whether every byte of w is zero.
func (w Word) IsZero() bool { return w == Word{} }

// shardOf returns the shard index of k: a fold of the address's last bytes
// and of bytes of the slot (slots are mostly hashes). The fields of one
// account share a shard. It only spreads keys over locks.
func shardOf(k *Key) uint32 {
	return uint32(k[20]^k[19]^k[52]^k[37]) % numShards
}
