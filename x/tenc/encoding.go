package tenc

import (
	"bytes"
	"encoding/binary"
	"fmt"

	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

// Encoded sizes of the fixed-size types.
const (
	// G1Size is the size of a compressed G1 point (key shares, keys, identities).
	G1Size = bls.SizeOfG1AffineCompressed
	// G2Size is the size of a compressed G2 point (eon key, public shares, commitments).
	G2Size = bls.SizeOfG2AffineCompressed
	// ScalarSize is the size of a canonical big-endian scalar of the BLS12-381 group order.
	ScalarSize = fr.Bytes
)

// compressedFlag is the ZCash-format bit that marks a compressed encoding.
const compressedFlag = 0x80

// decodeG1 decodes a compressed, canonical, non-identity G1 point of the
// prime-order subgroup.
func decodeG1(b []byte) (bls.G1Affine, error) {
	var p bls.G1Affine
	if len(b) != G1Size {
		return p, fmt.Errorf("%w: G1 point has %d bytes, want %d", ErrInvalidLength, len(b), G1Size)
	}
	if b[0]&compressedFlag == 0 {
		return p, fmt.Errorf("%w: G1 point not compressed", ErrInvalidPoint)
	}
	if _, err := p.SetBytes(b); err != nil {
		return p, fmt.Errorf("%w: %v", ErrInvalidPoint, err)
	}
	if p.IsInfinity() {
		return p, fmt.Errorf("%w: G1 identity", ErrInvalidPoint)
	}
	if enc := p.Bytes(); !bytes.Equal(enc[:], b) {
		return p, fmt.Errorf("%w: non-canonical G1 encoding", ErrInvalidPoint)
	}
	return p, nil
}

// decodeG2 decodes a compressed, canonical, non-identity G2 point of the
// prime-order subgroup. Valid points take the fast path; anything it does
// not accept is decoded by gnark, which gives the error.
func decodeG2(b []byte) (bls.G2Affine, error) {
	if p, ok := decodeG2Fast(b); ok {
		return p, nil
	}
	var p bls.G2Affine
	if len(b) != G2Size {
		return p, fmt.Errorf("%w: G2 point has %d bytes, want %d", ErrInvalidLength, len(b), G2Size)
	}
	if b[0]&compressedFlag == 0 {
		return p, fmt.Errorf("%w: G2 point not compressed", ErrInvalidPoint)
	}
	if _, err := p.SetBytes(b); err != nil {
		return p, fmt.Errorf("%w: %v", ErrInvalidPoint, err)
	}
	if p.IsInfinity() {
		return p, fmt.Errorf("%w: G2 identity", ErrInvalidPoint)
	}
	if enc := p.Bytes(); !bytes.Equal(enc[:], b) {
		return p, fmt.Errorf("%w: non-canonical G2 encoding", ErrInvalidPoint)
	}
	return p, nil
}

// decodeScalar decodes a canonical big-endian scalar (< group order).
func decodeScalar(b []byte) (fr.Element, error) {
	var s fr.Element
	if len(b) != ScalarSize {
		return s, fmt.Errorf("%w: scalar has %d bytes, want %d", ErrInvalidLength, len(b), ScalarSize)
	}
	if err := s.SetBytesCanonical(b); err != nil {
		return s, fmt.Errorf("%w: %v", ErrInvalidScalar, err)
	}
	return s, nil
}

// reader consumes a byte slice front to back; the first failure sticks.
type reader struct {
	buf []byte
	err error
}

// next returns the next n bytes, or nil after recording ErrInvalidLength.
func (r *reader) next(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || len(r.buf) < n {
		r.err = fmt.Errorf("%w: truncated input", ErrInvalidLength)
		return nil
	}
	out := r.buf[:n]
	r.buf = r.buf[n:]
	return out
}

func (r *reader) uint64() uint64 {
	if b := r.next(8); b != nil {
		return binary.BigEndian.Uint64(b)
	}
	return 0
}

func (r *reader) uint32() uint32 {
	if b := r.next(4); b != nil {
		return binary.BigEndian.Uint32(b)
	}
	return 0
}

func (r *reader) uint16() uint16 {
	if b := r.next(2); b != nil {
		return binary.BigEndian.Uint16(b)
	}
	return 0
}

// done records ErrInvalidLength if bytes are left over and returns the error.
func (r *reader) done() error {
	if r.err == nil && len(r.buf) != 0 {
		r.err = fmt.Errorf("%w: %d trailing bytes", ErrInvalidLength, len(r.buf))
	}
	return r.err
}
