package tenc

import (
	"crypto/ecdsa"
	"crypto/rand"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/crypto/ecies"
	"github.com/stretchr/testify/require"
)

func newCommittee(t testing.TB, eon uint64, threshold, n int) (*Committee, []*ecdsa.PrivateKey) {
	t.Helper()
	var privs []*ecdsa.PrivateKey
	var pubs []*ecdsa.PublicKey
	for i := 0; i < n; i++ {
		k, err := crypto.GenerateKey()
		require.NoError(t, err)
		privs = append(privs, k)
		pubs = append(pubs, &k.PublicKey)
	}
	c, err := NewCommittee(eon, threshold, pubs)
	require.NoError(t, err)
	return c, privs
}

// corruptShare replaces member's encrypted share with a well-formed
// encryption of a value that is not on the dealer's polynomial.
func corruptShare(t testing.TB, c *Committee, d *Dealing, member uint32) {
	t.Helper()
	var bogus fr.Element
	_, err := bogus.SetRandom()
	require.NoError(t, err)
	b := bogus.Bytes()
	ct, err := ecies.Encrypt(rand.Reader, ecies.ImportECDSAPublic(c.members[member]), b[:], shareContext(d.Eon, d.Dealer, member), nil)
	require.NoError(t, err)
	d.shares[member] = ct
}

// TestDKGWithComplaint runs n=4, t=3: dealer 1 sends member 2 a bad share,
// member 2's complaint disqualifies it, a false complaint is rejected, and the
// remaining dealers yield a working eon key.
func TestDKGWithComplaint(t *testing.T) {
	const n, threshold = 4, 3
	c, privs := newCommittee(t, 7, threshold, n)
	var dealings []*Dealing
	for j := uint32(0); j < n; j++ {
		d, err := Deal(nil, c, j)
		require.NoError(t, err)
		// Dealings travel encoded, as system txs would carry them.
		d2, err := DealingFromBytes(d.Bytes())
		require.NoError(t, err)
		require.NoError(t, VerifyDealing(c, d2))
		dealings = append(dealings, d2)
	}
	corruptShare(t, c, dealings[1], 2)

	// Every member decrypts its shares; member 2 complains about dealer 1.
	var complaints []*Complaint
	shares := make([][]DealtShare, n)
	for m := uint32(0); m < n; m++ {
		for _, d := range dealings {
			ds, err := DecryptShare(c, d, m, privs[m])
			if err != nil {
				require.ErrorIs(t, err, ErrBadDealtShare)
				require.Equal(t, [2]uint32{1, 2}, [2]uint32{d.Dealer, m})
				cp, err := NewComplaint(nil, c, d, m, privs[m])
				require.NoError(t, err)
				cp2, err := ComplaintFromBytes(cp.Bytes())
				require.NoError(t, err)
				complaints = append(complaints, cp2)
				continue
			}
			shares[m] = append(shares[m], ds)
		}
	}
	require.Len(t, complaints, 1)
	upheld, err := ResolveComplaint(c, dealings[1], complaints[0])
	require.NoError(t, err)
	require.True(t, upheld)

	// A false complaint (member 0 against honest dealer 3) is proved false.
	falseCp, err := NewComplaint(nil, c, dealings[3], 0, privs[0])
	require.NoError(t, err)
	upheld, err = ResolveComplaint(c, dealings[3], falseCp)
	require.NoError(t, err)
	require.False(t, upheld)
	// A complaint with a forged shared point fails its proof.
	forged, err := NewComplaint(nil, c, dealings[3], 1, privs[0])
	require.NoError(t, err)
	_, err = ResolveComplaint(c, dealings[3], forged)
	require.ErrorIs(t, err, ErrInvalidComplaint)

	qualified, rejected := Qualify(c, dealings, append(complaints, falseCp, forged))
	require.Equal(t, []int{1, 2}, rejected)
	require.Len(t, qualified, 3)
	for i, d := range qualified {
		require.NotEqual(t, uint32(1), d.Dealer, "dealer 1 must be disqualified (%d)", i)
	}
	keys, err := AggregateDealings(c, qualified)
	require.NoError(t, err)
	keys2, err := EonKeysFromBytes(keys.Bytes())
	require.NoError(t, err)
	require.True(t, keys.PublicKey.Equal(keys2.PublicKey))

	secrets := aggregateSecrets(t, shares, qualified)
	for m := range secrets {
		require.True(t, secrets[m].PublicShare().Equal(keys.PublicShares[m]), "member %d", m)
	}
	assertEonKeyWorks(t, keys, secrets, []uint32{3, 0, 2})
}

// aggregateSecrets sums, for each member, the shares from qualified dealers.
func aggregateSecrets(t testing.TB, shares [][]DealtShare, qualified []*Dealing) []SecretKeyShare {
	t.Helper()
	ok := map[uint32]bool{}
	for _, d := range qualified {
		ok[d.Dealer] = true
	}
	out := make([]SecretKeyShare, len(shares))
	for m := range shares {
		var mine []DealtShare
		for _, ds := range shares[m] {
			if ok[ds.Dealer] {
				mine = append(mine, ds)
			}
		}
		s, err := AggregateSecretShare(uint32(m), mine)
		require.NoError(t, err)
		out[m] = s
	}
	return out
}

// assertEonKeyWorks encrypts to the eon key and decrypts with the shares of members.
func assertEonKeyWorks(t testing.TB, keys *EonKeys, secrets []SecretKeyShare, members []uint32) {
	t.Helper()
	id := testIdentity(42).Point()
	ct, err := Encrypt(nil, keys.PublicKey, id, []byte("sealed"))
	require.NoError(t, err)
	var ks []KeyShare
	for _, m := range members {
		s := secrets[m].KeyShare(id)
		require.NoError(t, VerifyKeyShare(keys.PublicShares[m], id, s))
		ks = append(ks, s)
	}
	key, err := CombineKeyShares(members, ks, keys.Threshold)
	require.NoError(t, err)
	require.NoError(t, VerifyDecryptionKey(keys.PublicKey, id, key))
	got, err := ct.Decrypt(key)
	require.NoError(t, err)
	require.Equal(t, []byte("sealed"), got)
}

func TestDKGMissingAndEquivocatingDealers(t *testing.T) {
	const n, threshold = 4, 3
	c, _ := newCommittee(t, 1, threshold, n)
	d0, err := Deal(nil, c, 0)
	require.NoError(t, err)
	d0b, err := Deal(nil, c, 0) // a second, different dealing by dealer 0
	require.NoError(t, err)
	d2, err := Deal(nil, c, 2)
	require.NoError(t, err)
	other, err := NewCommittee(2, threshold, c.members)
	require.NoError(t, err)
	wrongEon, err := Deal(nil, other, 3)
	require.NoError(t, err)
	require.ErrorIs(t, VerifyDealing(c, wrongEon), ErrEonMismatch)

	qualified, _ := Qualify(c, []*Dealing{d0, d2, d0b, wrongEon}, nil)
	require.Len(t, qualified, 1)
	require.Equal(t, uint32(2), qualified[0].Dealer)
	_, err = AggregateDealings(c, nil)
	require.ErrorIs(t, err, ErrNoDealings)
	_, err = AggregateDealings(c, []*Dealing{d2, d2})
	require.ErrorIs(t, err, ErrDuplicateMember)
}

func TestNewCommitteeRejects(t *testing.T) {
	k, err := crypto.GenerateKey()
	require.NoError(t, err)
	_, err = NewCommittee(1, 0, []*ecdsa.PublicKey{&k.PublicKey})
	require.ErrorIs(t, err, ErrInvalidThreshold)
	_, err = NewCommittee(1, 2, []*ecdsa.PublicKey{&k.PublicKey})
	require.ErrorIs(t, err, ErrInvalidThreshold)
	_, err = NewCommittee(1, 1, nil)
	require.ErrorIs(t, err, ErrInvalidCommittee)
	_, err = NewCommittee(1, 1, []*ecdsa.PublicKey{{}})
	require.ErrorIs(t, err, ErrInvalidCommittee)
}
