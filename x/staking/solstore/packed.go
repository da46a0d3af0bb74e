package solstore

import (
	"encoding/binary"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
)

// Field reads width bytes at byte offset (counted from the low-order end, as
// Solidity packs) of a slot.
func (s Store) Field(slot common.Hash, offset, width int) *uint256.Int {
	w := s.Word(slot)
	return new(uint256.Int).SetBytes(w[32-offset-width : 32-offset])
}

// SetField writes width bytes at byte offset of a slot, keeping the other bytes.
func (s Store) SetField(slot common.Hash, offset, width int, v *uint256.Int) {
	w := s.Word(slot)
	b := v.Bytes32()
	copy(w[32-offset-width:32-offset], b[32-width:])
	s.SetWord(slot, w)
}

// Bool reads a packed bool.
func (s Store) Bool(slot common.Hash, offset int) bool { return !s.Field(slot, offset, 1).IsZero() }

// SetBool writes a packed bool.
func (s Store) SetBool(slot common.Hash, offset int, v bool) {
	var n uint64
	if v {
		n = 1
	}
	s.SetField(slot, offset, 1, uint256.NewInt(n))
}

// Bytes reads a Solidity bytes or string value; values longer than max
// return ErrTooLong (storage is written by the contract, bound what Go reads).
func (s Store) Bytes(slot common.Hash, max int) ([]byte, error) {
	w := s.Word(slot)
	if w[31]&1 == 0 { // short form: data left-aligned, length*2 in the last byte
		n := int(w[31]) / 2
		return append([]byte(nil), w[:n]...), nil
	}
	n := new(uint256.Int).SetBytes32(w[:])
	n.Rsh(n, 1)
	if !n.IsUint64() || n.Uint64() > uint64(max) {
		return nil, ErrTooLong
	}
	out := make([]byte, n.Uint64())
	data := ArrayData(slot)
	for i := 0; i < len(out); i += 32 {
		word := s.Word(Offset(data, uint64(i/32)))
		copy(out[i:], word[:])
	}
	return out, nil
}

// SetBytes writes a Solidity bytes or string value, clearing the words of a
// longer previous value.
func (s Store) SetBytes(slot common.Hash, b []byte) {
	oldWords := s.longWords(slot)
	var newWords uint64
	if len(b) < 32 {
		var w common.Hash
		copy(w[:], b)
		w[31] = byte(len(b) * 2)
		s.SetWord(slot, w)
	} else {
		s.SetUint(slot, uint256.NewInt(uint64(len(b))*2+1))
		data := ArrayData(slot)
		newWords = uint64(len(b)+31) / 32
		for i := uint64(0); i < newWords; i++ {
			var w common.Hash
			copy(w[:], b[i*32:])
			s.SetWord(Offset(data, i), w)
		}
	}
	for i := newWords; i < oldWords; i++ {
		s.SetWord(Offset(ArrayData(slot), i), common.Hash{})
	}
}

// longWords is the number of data words of a long bytes value at slot (0 when short).
func (s Store) longWords(slot common.Hash) uint64 {
	w := s.Word(slot)
	if w[31]&1 == 0 {
		return 0
	}
	n := new(uint256.Int).SetBytes32(w[:])
	n.Rsh(n, 1)
	return (n.Uint64() + 31) / 32
}

// Len reads a dynamic array's length.
func (s Store) Len(slot common.Hash) uint64 { return s.Uint64(slot) }

// SetLen writes a dynamic array's length.
func (s Store) SetLen(slot common.Hash, n uint64) { s.SetUint64(slot, n) }

// Elem is the first slot of element i of a dynamic array at slot whose
// elements take width slots each.
func Elem(slot common.Hash, i, width uint64) common.Hash {
	return Offset(ArrayData(slot), i*width)
}

// WordArray reads the raw elements of a dynamic array of one-slot elements
// (at most max of them).
func (s Store) WordArray(slot common.Hash, max uint64) []common.Hash {
	n := min(s.Len(slot), max)
	out := make([]common.Hash, n)
	for i := range out {
		out[i] = s.Word(Elem(slot, uint64(i), 1))
	}
	return out
}

// SetWordArray writes a dynamic array of one-slot elements, clearing the tail
// of a longer old one.
func (s Store) SetWordArray(slot common.Hash, words []common.Hash) {
	old := s.Len(slot)
	for i, w := range words {
		s.SetWord(Elem(slot, uint64(i), 1), w)
	}
	for i := uint64(len(words)); i < old; i++ {
		s.SetWord(Elem(slot, i, 1), common.Hash{})
	}
	s.SetLen(slot, uint64(len(words)))
}

// AddressArray reads a dynamic address[] (at most max entries).
func (s Store) AddressArray(slot common.Hash, max uint64) []common.Address {
	words := s.WordArray(slot, max)
	out := make([]common.Address, len(words))
	for i, w := range words {
		out[i] = common.BytesToAddress(w[12:])
	}
	return out
}

// SetAddressArray writes a dynamic address[], clearing the tail of a longer old one.
func (s Store) SetAddressArray(slot common.Hash, addrs []common.Address) {
	words := make([]common.Hash, len(addrs))
	for i, a := range addrs {
		words[i] = AddressKey(a)
	}
	s.SetWordArray(slot, words)
}

// Uint64Array reads a dynamic uint256[] whose values are uint64s (the low 8
// bytes of each element; at most max entries).
func (s Store) Uint64Array(slot common.Hash, max uint64) []uint64 {
	words := s.WordArray(slot, max)
	out := make([]uint64, len(words))
	for i, w := range words {
		out[i] = binary.BigEndian.Uint64(w[24:])
	}
	return out
}

// SetUint64Array writes a dynamic uint256[] of uint64 values, clearing the
// tail of a longer old one.
func (s Store) SetUint64Array(slot common.Hash, vs []uint64) {
	words := make([]common.Hash, len(vs))
	for i, v := range vs {
		words[i] = Slot(v)
	}
	s.SetWordArray(slot, words)
}

// Uints reads n consecutive uint256 slots starting at first.
func (s Store) Uints(first common.Hash, n int) []*uint256.Int {
	out := make([]*uint256.Int, n)
	for i := range out {
		out[i] = s.Uint(Offset(first, uint64(i)))
	}
	return out
}

// SetUints writes consecutive uint256 slots starting at first.
func (s Store) SetUints(first common.Hash, vs []*uint256.Int) {
	for i, v := range vs {
		s.SetUint(Offset(first, uint64(i)), v)
	}
}

// PushAddress appends to a dynamic address[].
func (s Store) PushAddress(slot common.Hash, a common.Address) {
	n := s.Len(slot)
	s.SetAddr(Elem(slot, n, 1), a)
	s.SetLen(slot, n+1)
}
