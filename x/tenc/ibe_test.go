package tenc

import (
	"bytes"
	"crypto/rand"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"
)

// dealerKeys is a trusted-dealer key set, for tests only: a random polynomial
// of degree t-1 whose constant term is the eon secret.
type dealerKeys struct {
	eon     EonPublicKey
	secrets []SecretKeyShare
	publics []PublicShare
}

func newDealerKeys(t testing.TB, threshold, n int) dealerKeys {
	t.Helper()
	poly := make([]fr.Element, threshold)
	for i := range poly {
		_, err := poly[i].SetRandom()
		require.NoError(t, err)
	}
	var k dealerKeys
	k.eon = SecretKeyShare{s: poly[0]}.PublicShare().asEon()
	for m := 0; m < n; m++ {
		s := SecretKeyShare{s: evalPoly(poly, evalPoint(uint32(m)))}
		k.secrets = append(k.secrets, s)
		k.publics = append(k.publics, s.PublicShare())
	}
	return k
}

func (p PublicShare) asEon() EonPublicKey { return EonPublicKey(p) }

func testIdentity(nonce uint64) Identity {
	var salt [SaltSize]byte
	copy(salt[:], []byte("salt"))
	return ComputeIdentity(31337, 1, common.HexToAddress("0x1234"), nonce, salt)
}

// keyFrom combines the shares of the given members for an identity.
func (k dealerKeys) keyFrom(t testing.TB, members []uint32, threshold int, id IdentityPoint) DecryptionKey {
	t.Helper()
	shares := make([]KeyShare, len(members))
	for i, m := range members {
		shares[i] = k.secrets[m].KeyShare(id)
	}
	key, err := CombineKeyShares(members, shares, threshold)
	require.NoError(t, err)
	return key
}

func TestThresholdRoundTrip(t *testing.T) {
	for _, tc := range []struct{ t, n int }{{1, 1}, {2, 3}, {3, 4}, {5, 7}, {Threshold(10), 10}} {
		keys := newDealerKeys(t, tc.t, tc.n)
		id := testIdentity(uint64(tc.n)).Point()
		msg := []byte("transfer 1 token to 0xabc")
		ct, err := Encrypt(nil, keys.eon, id, msg)
		require.NoError(t, err)

		// The last t members, in descending order: any subset works.
		var members []uint32
		for m := tc.n - 1; m >= tc.n-tc.t; m-- {
			members = append(members, uint32(m))
		}
		key := keys.keyFrom(t, members, tc.t, id)
		require.NoError(t, VerifyDecryptionKey(keys.eon, id, key))
		got, err := ct.Decrypt(key)
		require.NoError(t, err, "t=%d n=%d", tc.t, tc.n)
		require.Equal(t, msg, got)

		if tc.t > 1 { // t-1 shares interpolate a different, useless key
			fewer := keys.keyFrom(t, members[:tc.t-1], tc.t-1, id)
			require.ErrorIs(t, VerifyDecryptionKey(keys.eon, id, fewer), ErrInvalidKey)
			_, err = ct.Decrypt(fewer)
			require.ErrorIs(t, err, ErrDecryption)
			_, err = CombineKeyShares(members[:tc.t-1], make([]KeyShare, tc.t-1), tc.t)
			require.ErrorIs(t, err, ErrNotEnoughShares)
		}
	}
}

func TestDecryptRejectsWrongIdentityAndTampering(t *testing.T) {
	keys := newDealerKeys(t, 3, 4)
	id := testIdentity(1).Point()
	msg := bytes.Repeat([]byte{0xab}, 200)
	ct, err := Encrypt(rand.Reader, keys.eon, id, msg)
	require.NoError(t, err)
	key := keys.keyFrom(t, []uint32{0, 1, 2}, 3, id)

	other := keys.keyFrom(t, []uint32{0, 1, 2}, 3, testIdentity(2).Point())
	_, err = ct.Decrypt(other)
	require.ErrorIs(t, err, ErrDecryption)

	enc := ct.Bytes()
	require.Len(t, enc, CiphertextOverhead+len(msg))
	for _, pos := range []int{1 + G2Size, 1 + G2Size + 31, CiphertextOverhead, len(enc) - 1} {
		tampered := bytes.Clone(enc)
		tampered[pos] ^= 0x01
		ct2, err := CiphertextFromBytes(tampered)
		require.NoError(t, err)
		_, err = ct2.Decrypt(key)
		require.ErrorIs(t, err, ErrDecryption, "flipped byte %d", pos)
	}
	// Replacing C1 by another valid point fails the FO check too.
	other2, err := Encrypt(nil, keys.eon, id, msg)
	require.NoError(t, err)
	mixed := bytes.Clone(enc)
	copy(mixed[1:1+G2Size], other2.Bytes()[1:1+G2Size])
	ct3, err := CiphertextFromBytes(mixed)
	require.NoError(t, err)
	_, err = ct3.Decrypt(key)
	require.ErrorIs(t, err, ErrDecryption)

	// Truncation shortens C3: the FO check binds the length.
	ct4, err := CiphertextFromBytes(enc[:len(enc)-1])
	require.NoError(t, err)
	_, err = ct4.Decrypt(key)
	require.ErrorIs(t, err, ErrDecryption)

	got, err := ct.Decrypt(key)
	require.NoError(t, err)
	require.Equal(t, msg, got)
}

func TestEncryptEmptyAndMaxMessage(t *testing.T) {
	keys := newDealerKeys(t, 1, 1)
	id := testIdentity(9).Point()
	key := keys.keyFrom(t, []uint32{0}, 1, id)
	for _, msg := range [][]byte{{}, make([]byte, MaxMessageSize)} {
		ct, err := Encrypt(nil, keys.eon, id, msg)
		require.NoError(t, err)
		dec, err := CiphertextFromBytes(ct.Bytes())
		require.NoError(t, err)
		got, err := dec.Decrypt(key)
		require.NoError(t, err)
		require.Equal(t, len(msg), len(got))
	}
	_, err := Encrypt(nil, keys.eon, id, make([]byte, MaxMessageSize+1))
	require.ErrorIs(t, err, ErrMessageTooLarge)
}

func TestShareVerification(t *testing.T) {
	keys := newDealerKeys(t, 3, 4)
	id := testIdentity(3).Point()
	share := keys.secrets[1].KeyShare(id)
	require.NoError(t, VerifyKeyShare(keys.publics[1], id, share))
	require.ErrorIs(t, VerifyKeyShare(keys.publics[2], id, share), ErrInvalidShare)
	require.ErrorIs(t, VerifyKeyShare(keys.publics[1], testIdentity(4).Point(), share), ErrInvalidShare)
	require.ErrorIs(t, VerifyKeyShare(keys.publics[1], id, KeyShare{}), ErrInvalidShare)
	require.ErrorIs(t, VerifyKeyShare(PublicShare{}, id, KeyShare{}), ErrInvalidShare)
}

func TestComputeIdentityBindsEveryField(t *testing.T) {
	var salt, salt2 [SaltSize]byte
	salt2[31] = 1
	a := common.HexToAddress("0x01")
	base := ComputeIdentity(1, 2, a, 3, salt)
	require.Equal(t, base, ComputeIdentity(1, 2, a, 3, salt))
	for _, other := range []Identity{
		ComputeIdentity(9, 2, a, 3, salt),
		ComputeIdentity(1, 9, a, 3, salt),
		ComputeIdentity(1, 2, common.HexToAddress("0x02"), 3, salt),
		ComputeIdentity(1, 2, a, 9, salt),
		ComputeIdentity(1, 2, a, 3, salt2),
	} {
		require.NotEqual(t, base, other)
	}
}

func TestLagrangeRejectsDuplicates(t *testing.T) {
	_, err := LagrangeCoefficients([]uint32{1, 2, 1})
	require.ErrorIs(t, err, ErrDuplicateMember)
	_, err = LagrangeCoefficients([]uint32{MaxMembers})
	require.ErrorIs(t, err, ErrMemberOutOfRange)
	require.Equal(t, 3, Threshold(4))
	require.Equal(t, 5, Threshold(6))
	require.Equal(t, 67, Threshold(100))
}
