package staking

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestVerifyPossession(t *testing.T) {
	pk, pop := blsKey(t, 1)
	require.True(t, VerifyPossession(pk, pop))
	otherPK, otherPop := blsKey(t, 2)
	require.False(t, VerifyPossession(pk, otherPop), "proof of another key")
	require.False(t, VerifyPossession(otherPK, pop))
	bad := append([]byte{}, pop...)
	bad[10] ^= 1
	require.False(t, VerifyPossession(pk, bad), "corrupted proof")
	require.False(t, VerifyPossession(pk[:47], pop), "short key")
	_, _, err := ProvePossession(make([]byte, 32))
	require.Error(t, err, "zero key refused")
}
