package tenc

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// shareChecks returns perMember key shares from each of n members for
// distinct identities.
func shareChecks(t testing.TB, keys dealerKeys, ids int) []ShareCheck {
	t.Helper()
	var checks []ShareCheck
	for i := 0; i < ids; i++ {
		id := testIdentity(uint64(i)).Point()
		for m := range keys.secrets {
			checks = append(checks, ShareCheck{
				Member: uint32(m), Public: keys.publics[m], Identity: id, Share: keys.secrets[m].KeyShare(id),
			})
		}
	}
	return checks
}

func TestBatchShareVerification(t *testing.T) {
	keys := newDealerKeys(t, 3, 4)
	checks := shareChecks(t, keys, 25) // 100 shares
	require.NoError(t, VerifyKeySharesBatch(checks, nil))
	require.NoError(t, VerifyKeySharesBatch(checks, SharesTranscript(checks)))
	require.Empty(t, FindInvalidKeyShares(checks, nil))

	// Member 2's share for identity 17 is replaced by its share for another identity.
	bad := 17*4 + 2
	forged := append([]ShareCheck(nil), checks...)
	forged[bad].Share = keys.secrets[2].KeyShare(testIdentity(999).Point())
	require.ErrorIs(t, VerifyKeyShare(forged[bad].Public, forged[bad].Identity, forged[bad].Share), ErrInvalidShare)
	require.ErrorIs(t, VerifyKeySharesBatch(forged, nil), ErrBatchInvalid)
	require.ErrorIs(t, VerifyKeySharesBatch(forged, SharesTranscript(forged)), ErrBatchInvalid)
	require.Equal(t, []int{bad}, FindInvalidKeyShares(forged, nil))

	// Two shares that are wrong individually but cancel in an unweighted sum.
	swapped := append([]ShareCheck(nil), checks...)
	swapped[0].Share, swapped[4].Share = checks[4].Share, checks[0].Share
	swapped[1].Share, swapped[5].Share = checks[5].Share, checks[1].Share
	require.ErrorIs(t, VerifyKeySharesBatch(swapped, nil), ErrBatchInvalid)
	require.Equal(t, []int{0, 1, 4, 5}, FindInvalidKeyShares(swapped, SharesTranscript(swapped)))

	// One member index with two public shares is rejected.
	mixed := append([]ShareCheck(nil), checks...)
	mixed[4].Public = keys.publics[3]
	require.ErrorIs(t, VerifyKeySharesBatch(mixed, nil), ErrBatchInvalid)
	require.NoError(t, VerifyKeySharesBatch(nil, nil))
}

func TestBatchKeyVerification(t *testing.T) {
	keys := newDealerKeys(t, 2, 3)
	var checks []KeyCheck
	for i := 0; i < 20; i++ {
		id := testIdentity(uint64(i)).Point()
		checks = append(checks, KeyCheck{Identity: id, Key: keys.keyFrom(t, []uint32{0, 2}, 2, id)})
	}
	require.NoError(t, VerifyDecryptionKeysBatch(keys.eon, checks, nil))
	require.NoError(t, VerifyDecryptionKeysBatch(keys.eon, checks, KeysTranscript(keys.eon, checks)))
	checks[7].Key = checks[8].Key
	require.ErrorIs(t, VerifyDecryptionKeysBatch(keys.eon, checks, nil), ErrBatchInvalid)
	require.ErrorIs(t, VerifyDecryptionKeysBatch(keys.eon, checks, KeysTranscript(keys.eon, checks)), ErrBatchInvalid)
	other := newDealerKeys(t, 2, 3)
	require.ErrorIs(t, VerifyDecryptionKeysBatch(other.eon, checks[:3], nil), ErrBatchInvalid)
}
