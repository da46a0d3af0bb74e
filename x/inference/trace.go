package inference

import (
	"encoding/binary"
	"hash"

	"github.com/ethereum/go-ethereum/crypto/keccak"
)

// Domain-separation prefixes of the trace Merkle tree.
const (
	traceLeafPrefix = 0x00
	traceNodePrefix = 0x01
)

// Tracer collects one activation hash per (position, layer) of a run. Leaf =
// keccak256(0x00 ‖ pos ‖ layer ‖ activations), pos and layer as big-endian
// uint32 and activations as little-endian int32. For a decoder, layer l <
// Layers is the residual stream after block l and layer Layers the logits.
type Tracer struct {
	Leaves [][32]byte
	h      keccakState
	buf    []byte
}

// keccakState is a keccak hash that can be squeezed without copying its
// state (Read finalises; Reset starts over).
type keccakState interface {
	hash.Hash
	Read([]byte) (int, error)
}

// NewTracer returns an empty tracer.
func NewTracer() *Tracer {
	return &Tracer{h: keccak.NewLegacyKeccak256().(keccakState)}
}

// Record appends the leaf for activations act at (pos, layer).
func (t *Tracer) Record(pos, layer int, act []int32) {
	t.buf = append(t.buf[:0], traceLeafPrefix)
	t.buf = binary.BigEndian.AppendUint32(t.buf, uint32(pos))
	t.buf = binary.BigEndian.AppendUint32(t.buf, uint32(layer))
	for _, v := range act {
		t.buf = binary.LittleEndian.AppendUint32(t.buf, uint32(v))
	}
	t.h.Reset()
	t.h.Write(t.buf)
	var leaf [32]byte
	_, _ = t.h.Read(leaf[:])
	t.Leaves = append(t.Leaves, leaf)
}

// Root returns the Merkle root over the recorded leaves.
func (t *Tracer) Root() [32]byte { return MerkleRoot(t.Leaves) }

// MerkleRoot returns the root of a binary Merkle tree over leaves, in order:
// node = keccak256(0x01 ‖ left ‖ right); an odd last node is carried up
// unchanged; the root of no leaves is the zero hash.
func MerkleRoot(leaves [][32]byte) [32]byte {
	if len(leaves) == 0 {
		return [32]byte{}
	}
	level := append([][32]byte(nil), leaves...)
	h := keccak.NewLegacyKeccak256()
	buf := make([]byte, 0, 65)
	for len(level) > 1 {
		next := level[:0]
		for i := 0; i < len(level); i += 2 {
			if i+1 == len(level) {
				next = append(next, level[i])
				continue
			}
			buf = append(append(append(buf[:0], traceNodePrefix), level[i][:]...), level[i+1][:]...)
			h.Reset()
			h.Write(buf)
			var node [32]byte
			h.Sum(node[:0])
			next = append(next, node)
		}
		level = next
	}
	return level[0]
}
