package tenc

import (
	"bytes"
	"testing"

	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fp"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/stretchr/testify/require"
)

// gnarkDecodeG2 is the reference: gnark's decoder plus our rules.
func gnarkDecodeG2(b []byte) (bls.G2Affine, bool) {
	var p bls.G2Affine
	if _, err := p.SetBytes(b); err != nil || p.IsInfinity() {
		return p, false
	}
	enc := p.Bytes()
	return p, bytes.Equal(enc[:], b)
}

// requireSameG2Decoding checks that the fast path accepts exactly what
// gnark accepts (want says whether the input is valid) and the same point.
func requireSameG2Decoding(t *testing.T, b []byte, want bool) {
	t.Helper()
	ref, refOK := gnarkDecodeG2(b)
	require.Equal(t, want, refOK, "reference decoder")
	got, ok := decodeG2Fast(b)
	require.Equal(t, want, ok, "fast decoder")
	if ok {
		require.True(t, got.Equal(&ref))
	}
	p, err := decodeG2(b)
	require.Equal(t, want, err == nil)
	if err == nil {
		require.True(t, p.Equal(&ref))
	}
}

func TestDecodeG2FastMatchesGnark(t *testing.T) {
	for i := 0; i < 64; i++ {
		var s fr.Element
		_, err := s.SetRandom()
		require.NoError(t, err)
		var p bls.G2Affine
		p.ScalarMultiplicationBase(scalarBig(&s))
		b := p.Bytes()
		requireSameG2Decoding(t, b[:], true)
		p.Neg(&p) // the other sign flag
		b = p.Bytes()
		requireSameG2Decoding(t, b[:], true)

		flipped := b
		flipped[0] ^= 0x20 // the same x with the wrong sign flag: another point, still valid
		requireSameG2Decoding(t, flipped[:], true)
		bad := b
		bad[G2Size-1] ^= 1 // another x: off the curve or off the subgroup, almost surely
		requireSameG2Decoding(t, bad[:], false)
	}
	requireSameG2Decoding(t, offSubgroupG2(t), false)
	var inf [G2Size]byte
	inf[0] = compressedFlag | 0x40
	requireSameG2Decoding(t, inf[:], false)
	var big [G2Size]byte // x.A0 = p: not canonical
	mod := fp.Modulus().Bytes()
	copy(big[G2Size-len(mod):], mod)
	big[0] = compressedFlag
	requireSameG2Decoding(t, big[:], false)
	g := g2Gen.Bytes()
	uncompressed := g
	uncompressed[0] &^= compressedFlag
	requireSameG2Decoding(t, uncompressed[:], false)
	requireSameG2Decoding(t, g[:G2Size-1], false)
}

func TestSqrtE2(t *testing.T) {
	for i := 0; i < 200; i++ {
		var a, sq, z bls.E2
		a.MustSetRandom()
		if i%10 == 0 {
			a.A1.SetZero() // the real branch
		}
		sq.Square(&a)
		require.True(t, sqrtE2(&z, &sq))
		var back bls.E2
		back.Square(&z)
		require.True(t, back.Equal(&sq))
		if a.Legendre() == -1 {
			require.False(t, sqrtE2(&z, &a), "a non-square has no root")
		}
	}
}
