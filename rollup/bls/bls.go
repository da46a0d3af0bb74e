// Package bls implements BLS12-381 signatures in the min-pk variant of the Ethereum consensus-layer
// ciphersuite (public keys in G1, signatures in G2, messages hashed to G2 with RFC 9380 SSWU and
// expand_message_xmd over SHA-256), with proofs of possession against rogue-key attacks and the
// uncompressed point encodings of EIP-2537, which the L1 contracts in rollup/contracts consume.
package bls

import (
	"errors"
	"fmt"
	"io"
	"math/big"

	bls12381 "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

// Encoding sizes.
const (
	// SecretKeyLen is the length of a big-endian secret scalar.
	SecretKeyLen = 32
	// PublicKeyLen is the length of an EIP-2537 G1 point.
	PublicKeyLen = 128
	// SignatureLen is the length of an EIP-2537 G2 point.
	SignatureLen = 256
	// CompressedPublicKeyLen is the length of a compressed (ZCash-flag) G1 point.
	CompressedPublicKeyLen = 48
	// fieldLen is an EIP-2537 base-field element: 16 zero bytes then 48 big-endian bytes.
	fieldLen = 64
)

// Domain separation tags; the contracts use the same strings.
var (
	// SigDST tags signatures (Ethereum consensus layer, proof-of-possession scheme).
	SigDST = []byte("BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_")
	// PopDST tags proofs of possession.
	PopDST = []byte("BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_")
)

// Sentinel errors.
var (
	ErrZeroSecretKey       = errors.New("bls: secret key is zero")
	ErrSecretKeyRange      = errors.New("bls: secret key not below the group order")
	ErrBadLength           = errors.New("bls: bad encoding length")
	ErrNonCanonical        = errors.New("bls: non-canonical field element")
	ErrNotOnCurve          = errors.New("bls: point not on the curve")
	ErrNotInSubgroup       = errors.New("bls: point not in the prime-order subgroup")
	ErrPublicKeyInfinity   = errors.New("bls: public key is the point at infinity")
	ErrNothingToAggregate  = errors.New("bls: nothing to aggregate")
	ErrAggregateAtInfinity = errors.New("bls: aggregate public key is the point at infinity")
)

// SecretKey is a nonzero scalar below the group order r.
type SecretKey struct{ s big.Int }

// PublicKey is a G1 point in the prime-order subgroup, never the identity.
type PublicKey struct{ p bls12381.G1Affine }

// Signature is a G2 point in the prime-order subgroup.
type Signature struct{ p bls12381.G2Affine }

// GenerateKey draws a secret key from r (64 bytes reduced modulo the group order; the bias is below 2^-256).
func GenerateKey(r io.Reader) (*SecretKey, error) {
	var buf [64]byte
	for {
		if _, err := io.ReadFull(r, buf[:]); err != nil {
			return nil, fmt.Errorf("bls: reading randomness: %w", err)
		}
		sk := new(SecretKey)
		sk.s.SetBytes(buf[:])
		sk.s.Mod(&sk.s, fr.Modulus())
		if sk.s.Sign() != 0 {
			return sk, nil
		}
	}
}

// SecretKeyFromBytes decodes a 32-byte big-endian secret key.
func SecretKeyFromBytes(b []byte) (*SecretKey, error) {
	if len(b) != SecretKeyLen {
		return nil, fmt.Errorf("%w: secret key %d bytes", ErrBadLength, len(b))
	}
	sk := new(SecretKey)
	sk.s.SetBytes(b)
	if sk.s.Sign() == 0 {
		return nil, ErrZeroSecretKey
	}
	if sk.s.Cmp(fr.Modulus()) >= 0 {
		return nil, ErrSecretKeyRange
	}
	return sk, nil
}

// Bytes is the 32-byte big-endian encoding of the key.
func (sk *SecretKey) Bytes() []byte {
	out := make([]byte, SecretKeyLen)
	sk.s.FillBytes(out)
	return out
}

// PublicKey returns sk·G1.
func (sk *SecretKey) PublicKey() *PublicKey {
	pk := new(PublicKey)
	pk.p.ScalarMultiplicationBase(&sk.s)
	return pk
}

// Sign signs msg with SigDST.
func (sk *SecretKey) Sign(msg []byte) (*Signature, error) {
	return sk.signWithDST(msg, SigDST)
}

// ProvePossession signs the compressed public key with PopDST.
func (sk *SecretKey) ProvePossession() (*Signature, error) {
	return sk.signWithDST(sk.PublicKey().Compressed(), PopDST)
}

func (sk *SecretKey) signWithDST(msg, dst []byte) (*Signature, error) {
	h, err := bls12381.HashToG2(msg, dst)
	if err != nil {
		return nil, fmt.Errorf("bls: hash to G2: %w", err)
	}
	sig := new(Signature)
	sig.p.ScalarMultiplication(&h, &sk.s)
	return sig, nil
}

// Verify checks sig over msg under pk with SigDST.
func Verify(pk *PublicKey, msg []byte, sig *Signature) bool {
	return verifyWithDST(pk, msg, sig, SigDST)
}

// VerifyPossession checks a proof of possession of pk.
func VerifyPossession(pk *PublicKey, proof *Signature) bool {
	return verifyWithDST(pk, pk.Compressed(), proof, PopDST)
}

// verifyWithDST checks e(pk, H(msg)) == e(G1, sig) as e(pk, H(msg))·e(-G1, sig) == 1.
func verifyWithDST(pk *PublicKey, msg []byte, sig *Signature, dst []byte) bool {
	if pk.p.IsInfinity() {
		return false
	}
	h, err := bls12381.HashToG2(msg, dst)
	if err != nil {
		return false
	}
	_, _, g1, _ := bls12381.Generators()
	var negG1 bls12381.G1Affine
	negG1.Neg(&g1)
	ok, err := bls12381.PairingCheck([]bls12381.G1Affine{pk.p, negG1}, []bls12381.G2Affine{h, sig.p})
	return err == nil && ok
}

// AggregateSignatures sums signatures.
func AggregateSignatures(sigs []*Signature) (*Signature, error) {
	if len(sigs) == 0 {
		return nil, ErrNothingToAggregate
	}
	var acc bls12381.G2Jac
	acc.FromAffine(&sigs[0].p)
	for _, s := range sigs[1:] {
		acc.AddMixed(&s.p)
	}
	out := new(Signature)
	out.p.FromJacobian(&acc)
	return out, nil
}

// AggregatePublicKeys sums public keys. Only keys whose possession was proven may be aggregated.
func AggregatePublicKeys(pks []*PublicKey) (*PublicKey, error) {
	if len(pks) == 0 {
		return nil, ErrNothingToAggregate
	}
	var acc bls12381.G1Jac
	acc.FromAffine(&pks[0].p)
	for _, pk := range pks[1:] {
		acc.AddMixed(&pk.p)
	}
	out := new(PublicKey)
	out.p.FromJacobian(&acc)
	if out.p.IsInfinity() {
		return nil, ErrAggregateAtInfinity
	}
	return out, nil
}

// NegatePublicKey returns -pk (for tests of rogue-key and cancellation attacks).
func NegatePublicKey(pk *PublicKey) *PublicKey {
	out := new(PublicKey)
	out.p.Neg(&pk.p)
	return out
}
