package tenc

import (
	"crypto/sha3"
	"crypto/subtle"
	"encoding/binary"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc"
	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

// openedTranscriptTag is the domain tag of the batched FO check's coefficients.
const openedTranscriptTag = "HYPERION-TENC-V1/BATCH-FO"

// minOpenedBatch is the size below which a failing batch of FO checks is
// checked one by one instead of being split further.
const minOpenedBatch = 4

// Opened is a ciphertext unmasked with a decryption key whose
// Fujisaki–Okamoto check (C1 = r·G2) has not run yet: its message is not
// authentic until Check or CheckOpenedBatch accepts it.
type Opened struct {
	ct  *Ciphertext
	msg []byte
	r   fr.Element
}

// Open removes the mask with key (one pairing) and recomputes the FO scalar
// r = H3(σ ‖ m); it does not check C1 = r·G2.
func (ct *Ciphertext) Open(key DecryptionKey) (*Opened, error) {
	if key.p.IsInfinity() || ct.c1.IsInfinity() {
		return nil, fmt.Errorf("%w: point at infinity", ErrInvalidPoint)
	}
	g, err := bls.Pair([]bls.G1Affine{key.p}, []bls.G2Affine{ct.c1})
	if err != nil {
		return nil, err
	}
	mask := gtMask(&g)
	var sigma [SigmaSize]byte
	subtle.XORBytes(sigma[:], ct.c2[:], mask[:])
	o := &Opened{ct: ct, msg: make([]byte, len(ct.c3))}
	xorStream(o.msg, ct.c3, sigma[:])
	o.r = foScalar(sigma[:], o.msg)
	return o, nil
}

// Check is the FO check of one opened ciphertext: ErrDecryption unless
// C1 = r·G2.
func (o *Opened) Check() error {
	var c1 bls.G2Affine
	c1.ScalarMultiplicationBase(scalarBig(&o.r))
	if !c1.Equal(&o.ct.c1) {
		return ErrDecryption
	}
	return nil
}

// Message returns the plaintext; it is authentic only once a check accepted it.
func (o *Opened) Message() []byte { return o.msg }

// CheckOpenedBatch runs the FO checks of many opened ciphertexts with one
// multi-scalar multiplication in G2: Σ ρ_i·C1_i = (Σ ρ_i·r_i)·G2, with
// 128-bit coefficients ρ_i hashed from every C1 and r (a forged check passes
// with probability at most 2^-128). A failing batch is split until the bad
// ciphertexts are found, so the result is Check's for each: nil or
// ErrDecryption.
func CheckOpenedBatch(opened []*Opened) []error {
	errs := make([]error, len(opened))
	if len(opened) == 0 {
		return errs
	}
	rho, err := coefficients(openedTranscript(opened), len(opened))
	if err != nil {
		// SHAKE256 never fails to read; check one by one regardless.
		rho = nil
	}
	checkOpenedRange(opened, rho, errs)
	return errs
}

// checkOpenedRange checks opened[i] with coefficient rho[i], writing errs[i].
func checkOpenedRange(opened []*Opened, rho []fr.Element, errs []error) {
	if len(opened) <= minOpenedBatch || rho == nil {
		for i, o := range opened {
			errs[i] = o.Check()
		}
		return
	}
	if batchFOHolds(opened, rho) {
		return
	}
	mid := len(opened) / 2
	checkOpenedRange(opened[:mid], rho[:mid], errs[:mid])
	checkOpenedRange(opened[mid:], rho[mid:], errs[mid:])
}

// batchFOHolds reports whether Σ ρ_i·C1_i = (Σ ρ_i·r_i)·G2.
func batchFOHolds(opened []*Opened, rho []fr.Element) bool {
	points := make([]bls.G2Affine, len(opened))
	var s fr.Element
	for i, o := range opened {
		points[i] = o.ct.c1
		var t fr.Element
		t.Mul(&rho[i], &o.r)
		s.Add(&s, &t)
	}
	var lhs, rhs bls.G2Affine
	if _, err := lhs.MultiExp(points, rho, ecc.MultiExpConfig{}); err != nil {
		return false
	}
	rhs.ScalarMultiplicationBase(scalarBig(&s))
	return lhs.Equal(&rhs)
}

// openedTranscript derives the batch coefficients by SHAKE256 from every
// ciphertext's C1 and recomputed r.
func openedTranscript(opened []*Opened) *sha3.SHAKE {
	h := sha3.NewSHAKE256()
	h.Write([]byte(openedTranscriptTag))
	h.Write(binary.BigEndian.AppendUint64(nil, uint64(len(opened))))
	for _, o := range opened {
		h.Write(o.ct.c1raw[:])
		r := o.r.Bytes()
		h.Write(r[:])
	}
	return h
}
