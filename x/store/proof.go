package store

import (
	"errors"
	"fmt"

	"github.com/cosmos/iavl"
	ics23 "github.com/cosmos/ics23/go"
)

// MaxProofKeys bounds the keys proven by one Proof call.
const MaxProofKeys = 1025

// Sentinel errors of state proofs.
var (
	// ErrTooManyProofKeys is returned by Proof for more than MaxProofKeys keys.
	ErrTooManyProofKeys = errors.New("store: too many keys to prove")
	// ErrProofInvalid is returned by VerifyProof for a proof that does not prove the claim.
	ErrProofInvalid = errors.New("store: proof does not verify")
)

// Proof returns the root hash of a saved version and, for each key, an ICS23
// CommitmentProof (protobuf-encoded) of its value in that version: an
// existence proof when the key is set, a non-existence proof otherwise. The
// root is the version's app hash. Errors as At for versions not available.
func (s *Store) Proof(version int64, keys ...[]byte) (root []byte, proofs [][]byte, err error) {
	if len(keys) > MaxProofKeys {
		return nil, nil, fmt.Errorf("%w: %d (the cap is %d)", ErrTooManyProofKeys, len(keys), MaxProofKeys)
	}
	if _, err := s.At(version); err != nil {
		return nil, nil, err
	}
	tree, err := s.reader.GetImmutable(version)
	if errors.Is(err, iavl.ErrVersionDoesNotExist) {
		return nil, nil, fmt.Errorf("%w: %d", ErrVersionPruned, version)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: open version %d: %w", version, err)
	}
	proofs = make([][]byte, len(keys))
	for i, key := range keys {
		p, err := tree.GetProof(key)
		if err != nil {
			return nil, nil, fmt.Errorf("store: prove key %x at version %d: %w", key, version, err)
		}
		if proofs[i], err = p.Marshal(); err != nil {
			return nil, nil, err
		}
	}
	return tree.Hash(), proofs, nil
}

// VerifyProof checks an encoded proof made by Proof against a root: that key
// holds value (value non-nil) or that key is absent (value nil).
func VerifyProof(root, key, value, proof []byte) error {
	var p ics23.CommitmentProof
	if err := p.Unmarshal(proof); err != nil {
		return fmt.Errorf("%w: %v", ErrProofInvalid, err)
	}
	ok := false
	if value != nil {
		ok = ics23.VerifyMembership(ics23.IavlSpec, root, &p, key, value)
	} else {
		ok = ics23.VerifyNonMembership(ics23.IavlSpec, root, &p, key)
	}
	if !ok {
		return ErrProofInvalid
	}
	return nil
}
