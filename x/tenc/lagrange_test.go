package tenc

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/stretchr/testify/require"
)

// msmKey is the reference combination: one MSM with the field coefficients.
func msmKey(t testing.TB, members []uint32, shares []KeyShare) DecryptionKey {
	t.Helper()
	lambdas, err := LagrangeCoefficients(members)
	require.NoError(t, err)
	points := make([]bls.G1Affine, len(shares))
	for j := range shares {
		points[j] = shares[j].p
	}
	var key bls.G1Affine
	_, err = key.MultiExp(points, lambdas, ecc.MultiExpConfig{})
	require.NoError(t, err)
	return DecryptionKey{p: key}
}

func TestCombinerMatchesMSMOnEverySubsetShape(t *testing.T) {
	for _, tc := range []struct {
		n, t  int
		small []bool // whether each subset takes the small-integer path
		subs  [][]uint32
	}{
		{4, 3, []bool{true, true, true, true, true}, [][]uint32{{0, 1, 2}, {0, 1, 3}, {0, 2, 3}, {1, 2, 3}, {3, 0, 2}}},
		{16, Threshold(16), []bool{true, true}, [][]uint32{seq(0, 11), {15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 0}}},
		{64, Threshold(64), []bool{true, false}, [][]uint32{seq(0, 43), seq(21, 64)}},
	} {
		keys := newDealerKeys(t, tc.t, tc.n)
		c, err := NewCombiner(tc.t)
		require.NoError(t, err)
		id := testIdentity(uint64(tc.n)).Point()
		for k, members := range tc.subs {
			shares := make([]KeyShare, len(members))
			for j, m := range members {
				shares[j] = keys.secrets[m].KeyShare(id)
			}
			got, err := c.Combine(members, shares)
			require.NoError(t, err)
			require.True(t, got.Equal(msmKey(t, members, shares)), "n=%d subset %v", tc.n, members)
			require.NoError(t, VerifyDecryptionKey(keys.eon, id, got))
			again, err := c.Combine(members, shares)
			require.NoError(t, err)
			require.True(t, again.Equal(got))
			sc, err := newSubsetCoefficients(members)
			require.NoError(t, err)
			require.Equal(t, tc.small[k], sc.small, "n=%d subset %v", tc.n, members)
		}
		require.Len(t, c.subsets, len(tc.subs), "one cache entry per subset")
	}
}

func TestCombinerSmallCoefficients(t *testing.T) {
	sc, err := newSubsetCoefficients([]uint32{0, 1, 2})
	require.NoError(t, err)
	require.Equal(t, []uint64{3, 3, 1}, sc.num)
	require.Equal(t, []bool{false, true, false}, sc.neg)
	require.Nil(t, sc.denInv, "λ = 3, -3, 1 needs no inversion")
	sc, err = newSubsetCoefficients([]uint32{0, 1, 3}) // λ = 8/3, -2, 1/3
	require.NoError(t, err)
	require.Equal(t, []uint64{8, 6, 1}, sc.num)
	require.Equal(t, []bool{false, true, false}, sc.neg)
	require.NotNil(t, sc.denInv)
}

func TestCombinerRejects(t *testing.T) {
	keys := newDealerKeys(t, 3, 4)
	id := testIdentity(1).Point()
	shares := []KeyShare{keys.secrets[0].KeyShare(id), keys.secrets[1].KeyShare(id), keys.secrets[2].KeyShare(id)}
	c, err := NewCombiner(3)
	require.NoError(t, err)
	_, err = c.Combine([]uint32{0, 1}, shares[:2])
	require.ErrorIs(t, err, ErrNotEnoughShares)
	_, err = c.Combine([]uint32{0, 1}, shares)
	require.ErrorIs(t, err, ErrLengthMismatch)
	_, err = c.Combine([]uint32{0, 1, 1}, shares)
	require.ErrorIs(t, err, ErrDuplicateMember)
	_, err = c.Combine([]uint32{0, 1, MaxMembers}, shares)
	require.ErrorIs(t, err, ErrMemberOutOfRange)
	_, err = c.Combine([]uint32{0, 1, 2}, []KeyShare{shares[0], {}, shares[2]})
	require.ErrorIs(t, err, ErrInvalidShare)
	_, err = NewCombiner(0)
	require.ErrorIs(t, err, ErrInvalidThreshold)
	// A wrong share yields a key that does not verify.
	shares[1] = keys.secrets[1].KeyShare(testIdentity(2).Point())
	key, err := c.Combine([]uint32{0, 1, 2}, shares)
	require.NoError(t, err)
	require.ErrorIs(t, VerifyDecryptionKey(keys.eon, id, key), ErrInvalidKey)
}

func seq(lo, hi uint32) []uint32 {
	var out []uint32
	for m := lo; m < hi; m++ {
		out = append(out, m)
	}
	return out
}
