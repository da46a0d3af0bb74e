package tenc

import (
	"encoding/binary"

	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Domain separation tags. Every hash in this package is domain separated, and
// none of them is shared with the BLS signatures of the batch header.
const (
	// IdentityTag prefixes the identity preimage.
	IdentityTag = "HYPERION-TENC-V1/IDENTITY"
	// IdentityDST is the RFC 9380 hash-to-G1 domain separation tag for identities.
	IdentityDST = "HYPERION-TENC-V1_BLS12381G1_XMD:SHA-256_SSWU_RO_"
)

// SaltSize is the size of the public random salt of an envelope.
const SaltSize = 32

// IdentitySize is the size of an Identity.
const IdentitySize = 32

// Identity names the decryption key of one envelope. Every node computes it
// from the envelope's public fields with ComputeIdentity; it is never read
// from the envelope.
type Identity [IdentitySize]byte

// ComputeIdentity returns keccak256(IdentityTag ‖ chainID ‖ eon ‖ sender ‖
// envelopeNonce ‖ salt) with the integers as 8-byte big-endian values. All
// fields have fixed sizes, so distinct inputs never share a preimage.
func ComputeIdentity(chainID, eon uint64, sender common.Address, envelopeNonce uint64, salt [SaltSize]byte) Identity {
	buf := make([]byte, 0, len(IdentityTag)+8+8+common.AddressLength+8+SaltSize)
	buf = append(buf, IdentityTag...)
	buf = binary.BigEndian.AppendUint64(buf, chainID)
	buf = binary.BigEndian.AppendUint64(buf, eon)
	buf = append(buf, sender[:]...)
	buf = binary.BigEndian.AppendUint64(buf, envelopeNonce)
	buf = append(buf, salt[:]...)
	return Identity(crypto.Keccak256Hash(buf))
}

// IdentityPoint is an identity hashed to G1.
type IdentityPoint struct{ p bls.G1Affine }

// Point hashes the identity to G1 per RFC 9380 (SSWU, random-oracle variant)
// under IdentityDST.
func (id Identity) Point() IdentityPoint {
	p, err := bls.HashToG1(id[:], []byte(IdentityDST))
	if err != nil {
		// HashToG1 fails only for a DST longer than 255 bytes; ours is constant.
		panic("tenc: hash to G1: " + err.Error())
	}
	return IdentityPoint{p: p}
}

// Bytes returns the compressed encoding of the identity point.
func (ip IdentityPoint) Bytes() []byte {
	b := ip.p.Bytes()
	return b[:]
}
