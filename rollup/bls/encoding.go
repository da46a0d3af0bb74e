package bls

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fp"
)

// Compressed is the 48-byte compressed encoding of the key (the message of its proof of possession).
func (pk *PublicKey) Compressed() []byte {
	b := pk.p.Bytes()
	return b[:]
}

// EIP2537 is the 128-byte uncompressed EIP-2537 encoding of the key.
func (pk *PublicKey) EIP2537() []byte {
	out := make([]byte, PublicKeyLen)
	putField(out[0:fieldLen], &pk.p.X)
	putField(out[fieldLen:], &pk.p.Y)
	return out
}

// Equal reports whether two keys are the same point.
func (pk *PublicKey) Equal(other *PublicKey) bool { return pk.p.Equal(&other.p) }

// PublicKeyFromEIP2537 decodes a 128-byte EIP-2537 G1 point and checks it is a valid public key:
// canonical coordinates, on the curve, in the subgroup, not the identity.
func PublicKeyFromEIP2537(b []byte) (*PublicKey, error) {
	if len(b) != PublicKeyLen {
		return nil, fmt.Errorf("%w: public key %d bytes", ErrBadLength, len(b))
	}
	pk := new(PublicKey)
	if err := getField(&pk.p.X, b[0:fieldLen]); err != nil {
		return nil, err
	}
	if err := getField(&pk.p.Y, b[fieldLen:]); err != nil {
		return nil, err
	}
	if pk.p.IsInfinity() {
		return nil, ErrPublicKeyInfinity
	}
	if !pk.p.IsOnCurve() {
		return nil, ErrNotOnCurve
	}
	if !pk.p.IsInSubGroup() {
		return nil, ErrNotInSubgroup
	}
	return pk, nil
}

// EIP2537 is the 256-byte uncompressed EIP-2537 encoding (x.c0, x.c1, y.c0, y.c1) of the signature.
func (s *Signature) EIP2537() []byte {
	out := make([]byte, SignatureLen)
	putField(out[0:64], &s.p.X.A0)
	putField(out[64:128], &s.p.X.A1)
	putField(out[128:192], &s.p.Y.A0)
	putField(out[192:256], &s.p.Y.A1)
	return out
}

// SignatureFromEIP2537 decodes a 256-byte EIP-2537 G2 point, checking it is on the curve and in the subgroup.
func SignatureFromEIP2537(b []byte) (*Signature, error) {
	if len(b) != SignatureLen {
		return nil, fmt.Errorf("%w: signature %d bytes", ErrBadLength, len(b))
	}
	s := new(Signature)
	for i, e := range []*fp.Element{&s.p.X.A0, &s.p.X.A1, &s.p.Y.A0, &s.p.Y.A1} {
		if err := getField(e, b[i*fieldLen:(i+1)*fieldLen]); err != nil {
			return nil, err
		}
	}
	if !s.p.IsOnCurve() {
		return nil, ErrNotOnCurve
	}
	if !s.p.IsInSubGroup() {
		return nil, ErrNotInSubgroup
	}
	return s, nil
}

// putField writes e as 16 zero bytes and 48 big-endian bytes.
func putField(dst []byte, e *fp.Element) {
	clear(dst[:fieldLen-fp.Bytes])
	fp.BigEndian.PutElement((*[fp.Bytes]byte)(dst[fieldLen-fp.Bytes:]), *e)
}

// getField reads a 64-byte EIP-2537 field element, rejecting nonzero padding and values >= p.
func getField(e *fp.Element, src []byte) error {
	for _, b := range src[:fieldLen-fp.Bytes] {
		if b != 0 {
			return ErrNonCanonical
		}
	}
	if err := e.SetBytesCanonical(src[fieldLen-fp.Bytes:]); err != nil {
		return fmt.Errorf("%w: %v", ErrNonCanonical, err)
	}
	return nil
}
