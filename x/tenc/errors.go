package tenc

import "errors"

// Sentinel errors returned by this package. Callers match them with errors.Is.
var (
	// ErrInvalidLength is returned when an encoding has the wrong length.
	ErrInvalidLength = errors.New("tenc: invalid encoding length")
	// ErrInvalidPoint is returned for a point that is not a canonical,
	// compressed, non-identity element of the prime-order subgroup.
	ErrInvalidPoint = errors.New("tenc: invalid curve point")
	// ErrInvalidScalar is returned for a scalar that is not canonical.
	ErrInvalidScalar = errors.New("tenc: invalid scalar")
	// ErrUnknownVersion is returned for a ciphertext with an unknown version byte.
	ErrUnknownVersion = errors.New("tenc: unknown ciphertext version")
	// ErrMessageTooLarge is returned when a plaintext or ciphertext payload
	// exceeds MaxMessageSize.
	ErrMessageTooLarge = errors.New("tenc: message too large")
	// ErrDecryption is returned when a ciphertext fails the Fujisaki–Okamoto
	// check: it was tampered with or the key is for another identity.
	ErrDecryption = errors.New("tenc: decryption failed")
	// ErrInvalidShare is returned when a key share does not verify against the
	// member's public share.
	ErrInvalidShare = errors.New("tenc: invalid key share")
	// ErrInvalidKey is returned when a decryption key does not verify against
	// the eon public key.
	ErrInvalidKey = errors.New("tenc: invalid decryption key")
	// ErrBatchInvalid is returned when a batched verification fails.
	ErrBatchInvalid = errors.New("tenc: batch verification failed")
	// ErrNotEnoughShares is returned when fewer than threshold shares are given.
	ErrNotEnoughShares = errors.New("tenc: not enough shares")
	// ErrDuplicateMember is returned when a member index appears twice where
	// distinct members are required.
	ErrDuplicateMember = errors.New("tenc: duplicate member index")
	// ErrMemberOutOfRange is returned for a member index outside the committee.
	ErrMemberOutOfRange = errors.New("tenc: member index out of range")
	// ErrInvalidThreshold is returned for a threshold outside [1, n].
	ErrInvalidThreshold = errors.New("tenc: invalid threshold")
	// ErrInvalidCommittee is returned for a committee of invalid size or keys.
	ErrInvalidCommittee = errors.New("tenc: invalid committee")
	// ErrLengthMismatch is returned when parallel slices differ in length.
	ErrLengthMismatch = errors.New("tenc: length mismatch")
	// ErrEonMismatch is returned when a DKG message belongs to another eon.
	ErrEonMismatch = errors.New("tenc: eon mismatch")
	// ErrInvalidDealing is returned when a dealing is malformed.
	ErrInvalidDealing = errors.New("tenc: invalid dealing")
	// ErrBadDealtShare is returned when a decrypted dealt share does not match
	// the dealer's commitments; the recipient should file a complaint.
	ErrBadDealtShare = errors.New("tenc: dealt share does not match commitments")
	// ErrInvalidComplaint is returned when a complaint's proof does not verify
	// or it does not match the dealing it accuses.
	ErrInvalidComplaint = errors.New("tenc: invalid complaint")
	// ErrNoDealings is returned when aggregation has no qualified dealing.
	ErrNoDealings = errors.New("tenc: no qualified dealings")
)
