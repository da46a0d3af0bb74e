package solstore

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
)

// Request is one entry of a system contract's request queue, as the contract
// stores it: struct Request { address sender; uint64 id; uint256 value; bytes data; }.
type Request struct {
	Sender common.Address
	ID     uint64
	Value  *uint256.Int
	// Data is the full calldata of the queued call (selector first).
	Data []byte
	// Err is set when the stored calldata could not be read back.
	Err error
}

// requestWidth is the number of slots of one queued request.
const requestWidth = 3

// DrainQueue reads every queued request of the dynamic array at slot and
// empties the queue (its slots are zeroed, so storage does not grow).
func (s Store) DrainQueue(slot common.Hash, maxData int) []Request {
	n := s.Len(slot)
	out := make([]Request, n)
	for i := range out {
		base := Elem(slot, uint64(i), requestWidth)
		r := &out[i]
		r.Sender = s.Addr(base)
		r.ID = s.Field(base, 20, 8).Uint64()
		r.Value = s.Uint(Offset(base, 1))
		r.Data, r.Err = s.Bytes(Offset(base, 2), maxData)
		s.SetWord(base, common.Hash{})
		s.SetWord(Offset(base, 1), common.Hash{})
		s.clearBytes(Offset(base, 2))
	}
	if n > 0 {
		s.SetLen(slot, 0)
	}
	return out
}

// clearBytes zeroes a bytes value and its data words, whatever its length.
func (s Store) clearBytes(slot common.Hash) {
	words := s.longWords(slot)
	for i := uint64(0); i < words; i++ {
		s.SetWord(Offset(ArrayData(slot), i), common.Hash{})
	}
	s.SetWord(slot, common.Hash{})
}
