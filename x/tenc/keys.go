package tenc

import (
	"fmt"
	"math/big"

	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

// g2Gen is the fixed generator of G2.
var g2Gen = func() bls.G2Affine { _, _, _, g2 := bls.Generators(); return g2 }()

// EonPublicKey is the encryption key of an eon: s·G2 for the eon secret s.
type EonPublicKey struct{ p bls.G2Affine }

// PublicShare is a member's public key share s_i·G2; key shares of that member
// verify against it.
type PublicShare struct{ p bls.G2Affine }

// SecretKeyShare is a member's share s_i of the eon secret.
type SecretKeyShare struct{ s fr.Element }

// KeyShare is one member's share s_i·H(id) of the decryption key of an identity.
type KeyShare struct{ p bls.G1Affine }

// DecryptionKey is the decryption key s·H(id) of one identity.
type DecryptionKey struct{ p bls.G1Affine }

// Bytes returns the 96-byte compressed encoding.
func (k EonPublicKey) Bytes() []byte { b := k.p.Bytes(); return b[:] }

// Bytes returns the 96-byte compressed encoding.
func (k PublicShare) Bytes() []byte { b := k.p.Bytes(); return b[:] }

// Bytes returns the 48-byte compressed encoding.
func (k KeyShare) Bytes() []byte { b := k.p.Bytes(); return b[:] }

// Bytes returns the 48-byte compressed encoding.
func (k DecryptionKey) Bytes() []byte { b := k.p.Bytes(); return b[:] }

// Bytes returns the 32-byte big-endian encoding. It is secret material.
func (k SecretKeyShare) Bytes() []byte { b := k.s.Bytes(); return b[:] }

// Equal reports whether two eon public keys are the same.
func (k EonPublicKey) Equal(o EonPublicKey) bool { return k.p.Equal(&o.p) }

// Equal reports whether two public shares are the same.
func (k PublicShare) Equal(o PublicShare) bool { return k.p.Equal(&o.p) }

// Equal reports whether two decryption keys are the same.
func (k DecryptionKey) Equal(o DecryptionKey) bool { return k.p.Equal(&o.p) }

// EonPublicKeyFromBytes decodes a 96-byte compressed eon public key.
func EonPublicKeyFromBytes(b []byte) (EonPublicKey, error) {
	p, err := decodeG2(b)
	return EonPublicKey{p: p}, err
}

// PublicShareFromBytes decodes a 96-byte compressed public share.
func PublicShareFromBytes(b []byte) (PublicShare, error) {
	p, err := decodeG2(b)
	return PublicShare{p: p}, err
}

// KeyShareFromBytes decodes a 48-byte compressed key share.
func KeyShareFromBytes(b []byte) (KeyShare, error) {
	p, err := decodeG1(b)
	return KeyShare{p: p}, err
}

// DecryptionKeyFromBytes decodes a 48-byte compressed decryption key.
func DecryptionKeyFromBytes(b []byte) (DecryptionKey, error) {
	p, err := decodeG1(b)
	return DecryptionKey{p: p}, err
}

// SecretKeyShareFromBytes decodes a 32-byte canonical secret key share.
func SecretKeyShareFromBytes(b []byte) (SecretKeyShare, error) {
	s, err := decodeScalar(b)
	if err == nil && s.IsZero() {
		err = fmt.Errorf("%w: zero secret share", ErrInvalidScalar)
	}
	return SecretKeyShare{s: s}, err
}

// PublicShare returns s_i·G2.
func (k SecretKeyShare) PublicShare() PublicShare {
	var p bls.G2Affine
	p.ScalarMultiplicationBase(scalarBig(&k.s))
	return PublicShare{p: p}
}

// KeyShare returns this member's key share s_i·H(id) for an identity.
func (k SecretKeyShare) KeyShare(id IdentityPoint) KeyShare {
	var p bls.G1Affine
	p.ScalarMultiplication(&id.p, scalarBig(&k.s))
	return KeyShare{p: p}
}

// VerifyKeyShare checks e(share, G2) == e(H(id), public) with one
// two-pairing product. It returns ErrInvalidShare on failure.
func VerifyKeyShare(public PublicShare, id IdentityPoint, share KeyShare) error {
	return pairingEquals(share.p, g2Gen, id.p, public.p, ErrInvalidShare)
}

// VerifyDecryptionKey checks e(key, G2) == e(H(id), eon). It returns
// ErrInvalidKey on failure.
func VerifyDecryptionKey(eon EonPublicKey, id IdentityPoint, key DecryptionKey) error {
	return pairingEquals(key.p, g2Gen, id.p, eon.p, ErrInvalidKey)
}

// pairingEquals checks e(a, b) == e(c, d), with none of the points at infinity.
func pairingEquals(a bls.G1Affine, b bls.G2Affine, c bls.G1Affine, d bls.G2Affine, fail error) error {
	if a.IsInfinity() || b.IsInfinity() || c.IsInfinity() || d.IsInfinity() {
		return fmt.Errorf("%w: point at infinity", fail)
	}
	var negC bls.G1Affine
	negC.Neg(&c)
	ok, err := bls.PairingCheck([]bls.G1Affine{a, negC}, []bls.G2Affine{b, d})
	if err != nil || !ok {
		return fail
	}
	return nil
}

// scalarBig converts a field element to its canonical integer.
func scalarBig(s *fr.Element) *big.Int {
	return s.BigInt(new(big.Int))
}
