package store

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestProofExistenceAndAbsence(t *testing.T) {
	s := openTestStore(t, Options{})
	_, err := s.Apply([]Change{{Key: []byte("a"), Value: []byte("1")}, {Key: []byte("c"), Value: []byte("3")}})
	require.NoError(t, err)
	root1, _, err := s.Commit()
	require.NoError(t, err)
	_, err = s.Apply([]Change{{Key: []byte("a"), Value: []byte("2")}})
	require.NoError(t, err)
	_, _, err = s.Commit()
	require.NoError(t, err)

	root, proofs, err := s.Proof(1, []byte("a"), []byte("b"))
	require.NoError(t, err)
	require.Equal(t, root1, root)
	require.NoError(t, VerifyProof(root, []byte("a"), []byte("1"), proofs[0]))
	require.ErrorIs(t, VerifyProof(root, []byte("a"), []byte("2"), proofs[0]), ErrProofInvalid)
	require.NoError(t, VerifyProof(root, []byte("b"), nil, proofs[1]))
	require.ErrorIs(t, VerifyProof(root, []byte("a"), nil, proofs[1]), ErrProofInvalid)

	root2, proofs, err := s.Proof(2, []byte("a"))
	require.NoError(t, err)
	require.Equal(t, s.LastHash(), root2)
	require.NoError(t, VerifyProof(root2, []byte("a"), []byte("2"), proofs[0]))

	_, _, err = s.Proof(3, []byte("a"))
	require.ErrorIs(t, err, ErrVersionNotFound)
	_, _, err = s.Proof(2, make([][]byte, MaxProofKeys+1)...)
	require.ErrorIs(t, err, ErrTooManyProofKeys)
}
