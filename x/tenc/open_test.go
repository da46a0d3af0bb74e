package tenc

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// openedBatch encrypts n distinct messages and opens each with its key.
func openedBatch(t testing.TB, keys dealerKeys, n int) ([]*Ciphertext, []DecryptionKey, [][]byte) {
	t.Helper()
	cts := make([]*Ciphertext, n)
	dks := make([]DecryptionKey, n)
	msgs := make([][]byte, n)
	for i := range cts {
		id := testIdentity(uint64(i)).Point()
		msgs[i] = []byte(fmt.Sprintf("message %d", i))
		var err error
		cts[i], err = Encrypt(nil, keys.eon, id, msgs[i])
		require.NoError(t, err)
		dks[i] = keys.keyFrom(t, []uint32{0, 1, 2}, 3, id)
	}
	return cts, dks, msgs
}

func openAll(t testing.TB, cts []*Ciphertext, dks []DecryptionKey) []*Opened {
	t.Helper()
	out := make([]*Opened, len(cts))
	for i := range cts {
		var err error
		out[i], err = cts[i].Open(dks[i])
		require.NoError(t, err)
	}
	return out
}

func TestCheckOpenedBatch(t *testing.T) {
	keys := newDealerKeys(t, 3, 4)
	cts, dks, msgs := openedBatch(t, keys, 21)
	errs := CheckOpenedBatch(openAll(t, cts, dks))
	require.Equal(t, make([]error, 21), errs)
	for i, o := range openAll(t, cts, dks) {
		require.Equal(t, msgs[i], o.Message())
	}
	require.Empty(t, CheckOpenedBatch(nil))

	// Ciphertext 5 opened with another identity's key, ciphertext 13
	// with its payload changed, ciphertext 20 with its C2 changed.
	dks[5] = dks[6]
	raw := cts[13].Bytes()
	raw[len(raw)-1] ^= 1
	var err error
	cts[13], err = CiphertextFromBytes(raw)
	require.NoError(t, err)
	cts[20].c2[0] ^= 1
	errs = CheckOpenedBatch(openAll(t, cts, dks))
	for i, e := range errs {
		switch i {
		case 5, 13, 20:
			require.ErrorIs(t, e, ErrDecryption, "ciphertext %d", i)
		default:
			require.NoError(t, e, "ciphertext %d", i)
		}
	}
}

// TestCheckOpenedBatchEqualsCheck compares the batch with single checks on
// every batch size up to a few splits, with one bad ciphertext placed at
// each end.
func TestCheckOpenedBatchEqualsCheck(t *testing.T) {
	keys := newDealerKeys(t, 3, 4)
	cts, dks, _ := openedBatch(t, keys, 10)
	dks[0], dks[9] = dks[1], dks[8]
	opened := openAll(t, cts, dks)
	for n := 1; n <= len(opened); n++ {
		errs := CheckOpenedBatch(opened[:n])
		for i := 0; i < n; i++ {
			require.Equal(t, opened[i].Check(), errs[i], "batch of %d, item %d", n, i)
		}
	}
}
