package tenc

import (
	"bytes"

	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fp"
)

// ZCash-format flag bits of a compressed point's first byte.
const (
	encodingFlags  = 0xE0 // compressed | infinity | largest-y
	compressedOnly = compressedFlag
	compressedHigh = compressedFlag | 0x20 // compressed, lexicographically largest y
)

// twistB is the constant 4(1+u) of the G2 curve y² = x³ + 4(1+u).
var twistB = func() bls.E2 {
	var b bls.E2
	b.A0.SetUint64(4)
	b.A1.SetUint64(4)
	return b
}()

// decodeG2Fast decodes a compressed, canonical, non-identity G2 point of the
// prime-order subgroup with the complex-method square root in Fp2 (two or
// three Fp square roots instead of gnark's generic exponentiation). It
// accepts only points whose compressed encoding is exactly b, on the curve
// and in the subgroup; ok is false for anything else, including inputs that
// are valid but were not handled here, and the caller then decodes with
// gnark (which also yields the exact error).
func decodeG2Fast(b []byte) (p bls.G2Affine, ok bool) {
	if len(b) != G2Size || (b[0]&encodingFlags != compressedOnly && b[0]&encodingFlags != compressedHigh) {
		return p, false
	}
	var hi [fp.Bytes]byte
	copy(hi[:], b[:fp.Bytes])
	hi[0] &^= encodingFlags
	if p.X.A1.SetBytesCanonical(hi[:]) != nil || p.X.A0.SetBytesCanonical(b[fp.Bytes:G2Size]) != nil {
		return p, false
	}
	var rhs bls.E2
	rhs.Square(&p.X).Mul(&rhs, &p.X).Add(&rhs, &twistB)
	if !sqrtE2(&p.Y, &rhs) {
		return p, false
	}
	if enc := p.Bytes(); !bytes.Equal(enc[:], b) {
		p.Y.Neg(&p.Y)
		if enc = p.Bytes(); !bytes.Equal(enc[:], b) {
			return p, false
		}
	}
	return p, p.IsInSubGroup() // IsInSubGroup checks the curve equation too
}

// sqrtE2 sets z to a square root of a in Fp2 = Fp[u]/(u²+1), p ≡ 3 mod 4,
// by the complex method: with γ = √(a0² + a1²) and δ = (a0 ± γ)/2 a square,
// z = √δ + a1/(2√δ)·u. It reports false when a has no root it found; the
// result is checked by squaring.
func sqrtE2(z, a *bls.E2) bool {
	if a.A1.IsZero() {
		return sqrtE2Real(z, a)
	}
	var norm, t fp.Element
	norm.Square(&a.A0)
	t.Square(&a.A1)
	norm.Add(&norm, &t)
	var gamma fp.Element
	if gamma.Sqrt(&norm) == nil {
		return false
	}
	var delta, x0 fp.Element
	delta.Add(&a.A0, &gamma).Halve()
	if x0.Sqrt(&delta) == nil {
		delta.Sub(&a.A0, &gamma).Halve()
		if x0.Sqrt(&delta) == nil {
			return false
		}
	}
	var inv fp.Element
	inv.Double(&x0).Inverse(&inv)
	z.A0 = x0
	z.A1.Mul(&a.A1, &inv)
	var check bls.E2
	check.Square(z)
	return check.Equal(a)
}

// sqrtE2Real is sqrtE2 for a ∈ Fp: √a0, or √(−a0)·u.
func sqrtE2Real(z, a *bls.E2) bool {
	var r fp.Element
	if r.Sqrt(&a.A0) != nil {
		z.A0, z.A1 = r, fp.Element{}
		return true
	}
	var neg fp.Element
	neg.Neg(&a.A0)
	if r.Sqrt(&neg) == nil {
		return false
	}
	z.A0, z.A1 = fp.Element{}, r
	return true
}
