package tenc

import (
	"bytes"
	"crypto/rand"
	"testing"

	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fp"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/stretchr/testify/require"
)

// offSubgroupG1 returns the compressed encoding of a curve point outside the
// prime-order subgroup (decoded with gnark's subgroup check disabled).
func offSubgroupG1(t *testing.T) []byte {
	for x := uint64(1); x < 1000; x++ {
		var buf [G1Size]byte
		var fx fp.Element
		fx.SetUint64(x)
		b := fx.Bytes()
		copy(buf[:], b[:])
		buf[0] |= compressedFlag
		var p bls.G1Affine
		if err := bls.NewDecoder(bytes.NewReader(buf[:]), bls.NoSubgroupChecks()).Decode(&p); err != nil {
			continue
		}
		if !p.IsInSubGroup() {
			return buf[:]
		}
	}
	t.Fatal("no point outside the subgroup found")
	return nil
}

// offSubgroupG2 is offSubgroupG1 for G2, with x = (x0, 0) in Fp2.
func offSubgroupG2(t *testing.T) []byte {
	for x := uint64(1); x < 1000; x++ {
		var buf [G2Size]byte
		var fx fp.Element
		fx.SetUint64(x)
		b := fx.Bytes()
		copy(buf[fp.Bytes:], b[:]) // ZCash order: x.A1 ‖ x.A0
		buf[0] |= compressedFlag
		var p bls.G2Affine
		if err := bls.NewDecoder(bytes.NewReader(buf[:]), bls.NoSubgroupChecks()).Decode(&p); err != nil {
			continue
		}
		if !p.IsInSubGroup() {
			return buf[:]
		}
	}
	t.Fatal("no point outside the subgroup found")
	return nil
}

func TestPointEncodingRejects(t *testing.T) {
	keys := newDealerKeys(t, 1, 1)
	share := keys.secrets[0].KeyShare(testIdentity(1).Point()).Bytes()
	pub := keys.eon.Bytes()

	got, err := KeyShareFromBytes(share)
	require.NoError(t, err)
	require.Equal(t, share, got.Bytes())
	eon, err := EonPublicKeyFromBytes(pub)
	require.NoError(t, err)
	require.True(t, eon.Equal(keys.eon))
	_, err = DecryptionKeyFromBytes(share)
	require.NoError(t, err)
	_, err = PublicShareFromBytes(pub)
	require.NoError(t, err)

	infG1 := make([]byte, G1Size)
	infG1[0] = 0xc0
	infG2 := make([]byte, G2Size)
	infG2[0] = 0xc0
	var p1 bls.G1Affine
	_, err = p1.SetBytes(share)
	require.NoError(t, err)
	raw1 := p1.RawBytes()
	// x ≥ p: the field modulus itself with the compression flag.
	nonCanon := fp.Modulus().FillBytes(make([]byte, G1Size))
	nonCanon[0] |= compressedFlag
	flipSign := bytes.Clone(share)
	flipSign[0] ^= 0x20 // the other y: a valid point, but not this share
	noFlag := bytes.Clone(share)
	noFlag[0] &^= compressedFlag

	for name, b := range map[string][]byte{
		"short": share[:G1Size-1], "long": append(bytes.Clone(share), 0), "infinity": infG1,
		"uncompressed": raw1[:], "x >= p": nonCanon, "off subgroup": offSubgroupG1(t),
		"flag cleared": noFlag,
	} {
		_, err := KeyShareFromBytes(b)
		require.Error(t, err, name)
	}
	neg, err := KeyShareFromBytes(flipSign)
	require.NoError(t, err)
	require.Equal(t, flipSign, neg.Bytes(), "sign flip decodes to the negated point")
	require.ErrorIs(t, VerifyKeyShare(keys.publics[0], testIdentity(1).Point(), neg), ErrInvalidShare)

	for name, b := range map[string][]byte{
		"short": pub[:G2Size-1], "infinity": infG2, "off subgroup": offSubgroupG2(t), "g1 size": share,
	} {
		_, err := EonPublicKeyFromBytes(b)
		require.Error(t, err, name)
	}
}

func TestScalarAndCiphertextEncodingRejects(t *testing.T) {
	var s fr.Element
	_, err := s.SetRandom()
	require.NoError(t, err)
	sk := SecretKeyShare{s: s}
	got, err := SecretKeyShareFromBytes(sk.Bytes())
	require.NoError(t, err)
	require.Equal(t, sk.Bytes(), got.Bytes())
	_, err = SecretKeyShareFromBytes(fr.Modulus().FillBytes(make([]byte, ScalarSize)))
	require.ErrorIs(t, err, ErrInvalidScalar)
	_, err = SecretKeyShareFromBytes(make([]byte, ScalarSize))
	require.ErrorIs(t, err, ErrInvalidScalar)
	_, err = SecretKeyShareFromBytes(make([]byte, 31))
	require.ErrorIs(t, err, ErrInvalidLength)

	keys := newDealerKeys(t, 1, 1)
	ct, err := Encrypt(rand.Reader, keys.eon, testIdentity(5).Point(), []byte("abc"))
	require.NoError(t, err)
	enc := ct.Bytes()
	dec, err := CiphertextFromBytes(enc)
	require.NoError(t, err)
	require.Equal(t, enc, dec.Bytes())
	require.Equal(t, 3, dec.MessageLen())

	_, err = CiphertextFromBytes(enc[:CiphertextOverhead-1])
	require.ErrorIs(t, err, ErrInvalidLength)
	badVersion := bytes.Clone(enc)
	badVersion[0] = 0x02
	_, err = CiphertextFromBytes(badVersion)
	require.ErrorIs(t, err, ErrUnknownVersion)
	badPoint := bytes.Clone(enc)
	copy(badPoint[1:1+G2Size], offSubgroupG2(t))
	_, err = CiphertextFromBytes(badPoint)
	require.ErrorIs(t, err, ErrInvalidPoint)
	_, err = CiphertextFromBytes(make([]byte, CiphertextOverhead+MaxMessageSize+1))
	require.ErrorIs(t, err, ErrMessageTooLarge)
}

func TestDKGEncodingRejects(t *testing.T) {
	c, privs := newCommittee(t, 3, 2, 3)
	d, err := Deal(nil, c, 1)
	require.NoError(t, err)
	enc := d.Bytes()
	require.Len(t, enc, d.Size())
	_, err = DealingFromBytes(enc[:len(enc)-1])
	require.ErrorIs(t, err, ErrInvalidLength)
	_, err = DealingFromBytes(append(bytes.Clone(enc), 0))
	require.ErrorIs(t, err, ErrInvalidLength)
	_, err = DealingFromBytes(enc[:10])
	require.ErrorIs(t, err, ErrInvalidLength)
	badT := bytes.Clone(enc)
	badT[12], badT[13] = 0, 0 // t = 0
	_, err = DealingFromBytes(badT)
	require.ErrorIs(t, err, ErrInvalidDealing)
	badPoint := bytes.Clone(enc)
	copy(badPoint[dealingHeaderSize:], offSubgroupG2(t))
	_, err = DealingFromBytes(badPoint)
	require.ErrorIs(t, err, ErrInvalidPoint)
	badEph := bytes.Clone(enc)
	badEph[dealingHeaderSize+2*G2Size+1] ^= 0xff // member 0's ephemeral key x
	d2, err := DealingFromBytes(badEph)
	require.NoError(t, err)
	require.ErrorIs(t, VerifyDealing(c, d2), ErrInvalidDealing)

	cp, err := NewComplaint(nil, c, d, 0, privs[0])
	require.NoError(t, err)
	cenc := cp.Bytes()
	require.Len(t, cenc, ComplaintSize)
	_, err = ComplaintFromBytes(cenc[:ComplaintSize-1])
	require.ErrorIs(t, err, ErrInvalidLength)
	badZ := bytes.Clone(cenc)
	badZ[16] = 0x04
	_, err = ComplaintFromBytes(badZ)
	require.ErrorIs(t, err, ErrInvalidPoint)
	badS := bytes.Clone(cenc)
	copy(badS[ComplaintSize-32:], bytes.Repeat([]byte{0xff}, 32))
	_, err = ComplaintFromBytes(badS)
	require.ErrorIs(t, err, ErrInvalidScalar)
	tampered := bytes.Clone(cenc)
	tampered[ComplaintSize-1] ^= 1
	cp2, err := ComplaintFromBytes(tampered)
	require.NoError(t, err)
	_, err = ResolveComplaint(c, d, cp2)
	require.ErrorIs(t, err, ErrInvalidComplaint)

	_, err = EonKeysFromBytes(make([]byte, 5))
	require.ErrorIs(t, err, ErrInvalidLength)
}
