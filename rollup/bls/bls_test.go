package bls

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

func keys(t *testing.T, n int) []*SecretKey {
	t.Helper()
	rng := rand.NewChaCha8([32]byte{1})
	out := make([]*SecretKey, n)
	for i := range out {
		sk, err := GenerateKey(rng)
		require.NoError(t, err)
		out[i] = sk
	}
	return out
}

func TestSignVerify(t *testing.T) {
	sks := keys(t, 2)
	msg := []byte("batch digest")
	sig, err := sks[0].Sign(msg)
	require.NoError(t, err)
	require.True(t, Verify(sks[0].PublicKey(), msg, sig))
	require.False(t, Verify(sks[0].PublicKey(), []byte("other"), sig))
	require.False(t, Verify(sks[1].PublicKey(), msg, sig))
}

func TestAggregate(t *testing.T) {
	sks := keys(t, 4)
	msg := []byte("quorum")
	var sigs []*Signature
	var pks []*PublicKey
	for _, sk := range sks[:3] {
		s, err := sk.Sign(msg)
		require.NoError(t, err)
		sigs = append(sigs, s)
		pks = append(pks, sk.PublicKey())
	}
	agg, err := AggregateSignatures(sigs)
	require.NoError(t, err)
	apk, err := AggregatePublicKeys(pks)
	require.NoError(t, err)
	require.True(t, Verify(apk, msg, agg))
	wrong, err := AggregatePublicKeys(append(pks[:2:2], sks[3].PublicKey()))
	require.NoError(t, err)
	require.False(t, Verify(wrong, msg, agg))
	_, err = AggregateSignatures(nil)
	require.ErrorIs(t, err, ErrNothingToAggregate)
	_, err = AggregatePublicKeys([]*PublicKey{pks[0], NegatePublicKey(pks[0])})
	require.ErrorIs(t, err, ErrAggregateAtInfinity)
}

func TestProofOfPossessionDomain(t *testing.T) {
	sk := keys(t, 1)[0]
	pop, err := sk.ProvePossession()
	require.NoError(t, err)
	require.True(t, VerifyPossession(sk.PublicKey(), pop))
	// A signature over the same bytes with the signature DST is not a proof, and vice versa.
	plain, err := sk.Sign(sk.PublicKey().Compressed())
	require.NoError(t, err)
	require.False(t, VerifyPossession(sk.PublicKey(), plain))
	require.False(t, Verify(sk.PublicKey(), sk.PublicKey().Compressed(), pop))
}

func TestEncodingsRoundTrip(t *testing.T) {
	sk := keys(t, 1)[0]
	pk := sk.PublicKey()
	enc := pk.EIP2537()
	require.Len(t, enc, PublicKeyLen)
	require.Equal(t, make([]byte, 16), enc[:16])
	back, err := PublicKeyFromEIP2537(enc)
	require.NoError(t, err)
	require.True(t, back.Equal(pk))
	require.Len(t, pk.Compressed(), CompressedPublicKeyLen)
	require.NotZero(t, pk.Compressed()[0]&0x80, "compression flag")

	sig, err := sk.Sign([]byte("m"))
	require.NoError(t, err)
	sback, err := SignatureFromEIP2537(sig.EIP2537())
	require.NoError(t, err)
	require.True(t, bytes.Equal(sback.EIP2537(), sig.EIP2537()))

	skBack, err := SecretKeyFromBytes(sk.Bytes())
	require.NoError(t, err)
	require.True(t, skBack.PublicKey().Equal(pk))
}

func TestDecodeRejects(t *testing.T) {
	pk := keys(t, 1)[0].PublicKey().EIP2537()
	_, err := PublicKeyFromEIP2537(pk[:127])
	require.ErrorIs(t, err, ErrBadLength)
	_, err = PublicKeyFromEIP2537(make([]byte, PublicKeyLen))
	require.ErrorIs(t, err, ErrPublicKeyInfinity)
	padded := bytes.Clone(pk)
	padded[0] = 1
	_, err = PublicKeyFromEIP2537(padded)
	require.ErrorIs(t, err, ErrNonCanonical)
	offCurve := bytes.Clone(pk)
	offCurve[127] ^= 1
	_, err = PublicKeyFromEIP2537(offCurve)
	require.ErrorIs(t, err, ErrNotOnCurve)
	_, err = SecretKeyFromBytes(make([]byte, SecretKeyLen))
	require.ErrorIs(t, err, ErrZeroSecretKey)
	_, err = SecretKeyFromBytes(bytes.Repeat([]byte{0xff}, SecretKeyLen))
	require.ErrorIs(t, err, ErrSecretKeyRange)
	sig := make([]byte, SignatureLen)
	sig[255] = 1
	_, err = SignatureFromEIP2537(sig)
	require.ErrorIs(t, err, ErrNotOnCurve)
}
