package staking

import (
	"errors"
	"math/big"

	bls12381 "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

// popDST is the proof-of-possession domain of the Ethereum consensus-layer
// BLS ciphersuite (min-pk: keys in G1, signatures in G2).
var popDST = []byte("BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_")

// VerifyPossession checks a 96-byte compressed G2 proof of possession over a
// 48-byte compressed G1 public key: e(pk, H(pk)) == e(g1, pop), with both
// points on the curve and in the prime-order subgroup, and pk not infinity.
func VerifyPossession(pubKey, pop []byte) bool {
	if len(pubKey) != bls12381.SizeOfG1AffineCompressed || len(pop) != bls12381.SizeOfG2AffineCompressed {
		return false
	}
	var pk bls12381.G1Affine
	if _, err := pk.SetBytes(pubKey); err != nil || pk.IsInfinity() || !pk.IsInSubGroup() {
		return false
	}
	var sig bls12381.G2Affine
	if _, err := sig.SetBytes(pop); err != nil || !sig.IsInSubGroup() {
		return false
	}
	h, err := bls12381.HashToG2(pubKey, popDST)
	if err != nil {
		return false
	}
	_, _, g1, _ := bls12381.Generators()
	var negG1 bls12381.G1Affine
	negG1.Neg(&g1)
	ok, err := bls12381.PairingCheck([]bls12381.G1Affine{pk, negG1}, []bls12381.G2Affine{h, sig})
	return err == nil && ok
}

// ProvePossession derives a BLS12-381 secret key from a 32-byte seed
// (reduced modulo the group order; a zero key is refused) and returns its
// compressed public key and proof of possession, as createValidator takes them.
func ProvePossession(seed []byte) (pubKey, pop []byte, err error) {
	var sk fr.Element
	sk.SetBytes(seed)
	if sk.IsZero() {
		return nil, nil, errZeroKey
	}
	k := sk.BigInt(new(big.Int))
	_, _, g1, _ := bls12381.Generators()
	var pk bls12381.G1Affine
	pk.ScalarMultiplication(&g1, k)
	pkb := pk.Bytes()
	h, err := bls12381.HashToG2(pkb[:], popDST)
	if err != nil {
		return nil, nil, err
	}
	var sig bls12381.G2Affine
	sig.ScalarMultiplication(&h, k)
	sigb := sig.Bytes()
	return pkb[:], sigb[:], nil
}

var errZeroKey = errors.New("staking: zero BLS secret key")
