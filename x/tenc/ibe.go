package tenc

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"io"

	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

// Ciphertext layout constants.
const (
	// CiphertextVersion is the version byte of the encoding below.
	CiphertextVersion byte = 0x01
	// SigmaSize is the size of the random FO seed σ.
	SigmaSize = 32
	// CiphertextOverhead is the encoded size of a ciphertext beyond its message:
	// version (1) ‖ C1 = r·G2 (96) ‖ C2 = σ ⊕ H2(g) (32).
	CiphertextOverhead = 1 + G2Size + SigmaSize
	// MaxMessageSize bounds the plaintext of one envelope (go-ethereum's
	// transaction pool size limit).
	MaxMessageSize = 128 * 1024
)

// Hash domains of the Fujisaki–Okamoto construction.
const (
	maskTag   = "HYPERION-TENC-V1/H2-GT"
	streamTag = "HYPERION-TENC-V1/H4-STREAM"
	fieldDST  = "HYPERION-TENC-V1_H3_BLS12381FR_XMD:SHA-256_"
)

// Ciphertext is a Boneh–Franklin IBE ciphertext with the Fujisaki–Okamoto
// transform: r = H3(σ ‖ m), C1 = r·G2, C2 = σ ⊕ H2(e(H(id), eon)^r),
// C3 = m ⊕ stream(H4(σ)).
type Ciphertext struct {
	c1    bls.G2Affine
	c1raw [G2Size]byte // C1's compressed encoding
	c2    [SigmaSize]byte
	c3    []byte
}

// Encrypt encrypts msg to an identity under the eon public key. rng supplies
// σ; nil means crypto/rand.
func Encrypt(rng io.Reader, eon EonPublicKey, id IdentityPoint, msg []byte) (*Ciphertext, error) {
	if len(msg) > MaxMessageSize {
		return nil, fmt.Errorf("%w: %d bytes", ErrMessageTooLarge, len(msg))
	}
	if eon.p.IsInfinity() || id.p.IsInfinity() {
		return nil, fmt.Errorf("%w: point at infinity", ErrInvalidPoint)
	}
	if rng == nil {
		rng = rand.Reader
	}
	var sigma [SigmaSize]byte
	if _, err := io.ReadFull(rng, sigma[:]); err != nil {
		return nil, fmt.Errorf("tenc: read randomness: %w", err)
	}
	r := foScalar(sigma[:], msg)
	rBig := scalarBig(&r)
	// e(H(id), eon)^r is computed as e(r·H(id), eon): a G1 multiplication is
	// cheaper than an exponentiation in GT.
	var rq bls.G1Affine
	rq.ScalarMultiplication(&id.p, rBig)
	g, err := bls.Pair([]bls.G1Affine{rq}, []bls.G2Affine{eon.p})
	if err != nil {
		return nil, err
	}
	ct := &Ciphertext{c3: make([]byte, len(msg))}
	ct.c1.ScalarMultiplicationBase(rBig)
	ct.c1raw = ct.c1.Bytes()
	mask := gtMask(&g)
	subtle.XORBytes(ct.c2[:], sigma[:], mask[:])
	xorStream(ct.c3, msg, sigma[:])
	return ct, nil
}

// Decrypt recovers the message with the identity's decryption key. It
// recomputes r = H3(σ ‖ m) and rejects the ciphertext with ErrDecryption
// unless C1 = r·G2, so any change to C1, C2 or C3, or a key for another
// identity, is detected. Open and CheckOpenedBatch do the same for many
// ciphertexts with one batched check.
func (ct *Ciphertext) Decrypt(key DecryptionKey) ([]byte, error) {
	o, err := ct.Open(key)
	if err != nil {
		return nil, err
	}
	if err := o.Check(); err != nil {
		return nil, err
	}
	return o.msg, nil
}

// MessageLen returns the length of the encrypted message.
func (ct *Ciphertext) MessageLen() int { return len(ct.c3) }

// Bytes returns version ‖ C1 (96, compressed) ‖ C2 (32) ‖ C3.
func (ct *Ciphertext) Bytes() []byte {
	out := make([]byte, 0, CiphertextOverhead+len(ct.c3))
	out = append(out, CiphertextVersion)
	out = append(out, ct.c1raw[:]...)
	out = append(out, ct.c2[:]...)
	return append(out, ct.c3...)
}

// CiphertextFromBytes decodes a ciphertext, checking its version, length
// bounds and that C1 is a valid compressed G2 point.
func CiphertextFromBytes(b []byte) (*Ciphertext, error) {
	if len(b) < CiphertextOverhead {
		return nil, fmt.Errorf("%w: ciphertext has %d bytes, need at least %d", ErrInvalidLength, len(b), CiphertextOverhead)
	}
	if len(b)-CiphertextOverhead > MaxMessageSize {
		return nil, fmt.Errorf("%w: %d bytes", ErrMessageTooLarge, len(b)-CiphertextOverhead)
	}
	if b[0] != CiphertextVersion {
		return nil, fmt.Errorf("%w: %#x", ErrUnknownVersion, b[0])
	}
	c1, err := decodeG2(b[1 : 1+G2Size])
	if err != nil {
		return nil, err
	}
	ct := &Ciphertext{c1: c1, c3: append([]byte(nil), b[CiphertextOverhead:]...)}
	copy(ct.c1raw[:], b[1:1+G2Size])
	copy(ct.c2[:], b[1+G2Size:CiphertextOverhead])
	return ct, nil
}

// foScalar is H3: hash σ ‖ m to a scalar (RFC 9380 hash_to_field).
func foScalar(sigma, msg []byte) fr.Element {
	pre := make([]byte, 0, len(sigma)+len(msg))
	pre = append(append(pre, sigma...), msg...)
	out, err := fr.Hash(pre, []byte(fieldDST), 1)
	if err != nil {
		// fr.Hash fails only for a DST longer than 255 bytes; ours is constant.
		panic("tenc: hash to field: " + err.Error())
	}
	return out[0]
}

// gtMask is H2: hash a GT element to a 32-byte mask.
func gtMask(g *bls.GT) [32]byte {
	h := sha256.New()
	h.Write([]byte(maskTag))
	gb := g.Bytes()
	h.Write(gb[:])
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// xorStream is H4: dst = src ⊕ AES-256-CTR keystream under sha256(tag ‖ σ).
// σ is fresh per ciphertext, so a fixed zero IV is safe.
func xorStream(dst, src, sigma []byte) {
	key := sha256.Sum256(append([]byte(streamTag), sigma...))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		panic("tenc: aes: " + err.Error()) // unreachable: the key is 32 bytes
	}
	var iv [aes.BlockSize]byte
	cipher.NewCTR(block, iv[:]).XORKeyStream(dst, src)
}
