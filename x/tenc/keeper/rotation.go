package keeper

import (
	"bytes"
	"encoding/binary"
)

// Eon rotation (DESIGN.md §8). An eon's key is shared by one consensus set.
// When staking fixes the next epoch's set, the DKG of a new eon runs among
// that set's members during the current epoch; the completed eon waits as
// the next eon until its takeover height, when it becomes the active eon
// and the one it replaces is kept as the previous eon. Vote extensions
// signed at height h carry shares of the eon EonAt(h): the commit-info tx
// of the first block after a handover carries the outgoing set's shares of
// the previous eon, so envelopes included just before the handover are
// still revealed.

// State keys of the rotation.
var (
	prevEonKey = []byte("tenc/eon/prev")
	nextEonKey = []byte("tenc/eon/next")
	seqKey     = []byte("tenc/seq")
	planKey    = []byte("tenc/plan")
)

// EonAt returns the eon whose shares the vote extensions of height h carry:
// the active eon from its Since height on, before that the previous eon;
// nil when neither applies.
func (v *View) EonAt(h int64) (*Eon, error) {
	active, err := v.ActiveEon()
	if err != nil || (active != nil && h >= active.Since) {
		return active, err
	}
	prev, err := v.PreviousEon()
	if err != nil || prev == nil || h < prev.Since {
		return nil, err
	}
	return prev, nil
}

// PreviousEon returns the eon the active one replaced (nil: none).
func (v *View) PreviousEon() (*Eon, error) { return v.eonAt(prevEonKey) }

// NextEon returns the completed eon waiting for its takeover (nil: none).
func (v *View) NextEon() (*Eon, error) { return v.eonAt(nextEonKey) }

func (v *View) eonAt(key []byte) (*Eon, error) {
	var e Eon
	ok, err := v.getJSON(key, &e)
	if !ok || err != nil {
		return nil, err
	}
	return &e, nil
}

// SetNextEon stores a completed eon that waits for its takeover height; a
// waiting eon it supersedes is released (prune.go).
func (v *View) SetNextEon(e *Eon) error {
	old, err := v.NextEon()
	if err != nil {
		return err
	}
	v.setJSON(nextEonKey, e)
	return v.releaseEon(old)
}

// ActivateEon makes e the active eon; the active one becomes the previous
// eon and any waiting next eon is dropped (e is that eon, or supersedes it).
// The eons that leave every slot are released (prune.go).
func (v *View) ActivateEon(e *Eon) error {
	if err := v.RetireEon(); err != nil {
		return err
	}
	next, err := v.NextEon()
	if err != nil {
		return err
	}
	v.SetActiveEon(e)
	v.set(nextEonKey, nil)
	return v.releaseEon(next)
}

// RetireEon ends the active eon without a successor (plaintext only until
// the next DKG completes); it stays the previous eon for the shares its
// members already signed, and the previous eon it replaces is released.
func (v *View) RetireEon() error {
	active, err := v.ActiveEon()
	if err != nil || active == nil {
		return err
	}
	prev, err := v.PreviousEon()
	if err != nil {
		return err
	}
	v.setJSON(prevEonKey, active)
	v.set(eonKey, nil)
	return v.releaseEon(prev)
}

// LastEonNumber is the highest eon number any DKG of the chain has used
// (0 before the genesis DKG stored anything).
func (v *View) LastEonNumber() (uint64, error) {
	raw, err := v.get(seqKey)
	if err != nil || len(raw) == 0 {
		return 0, err
	}
	if len(raw) != 8 {
		return 0, ErrCorrupt
	}
	return binary.BigEndian.Uint64(raw), nil
}

func (v *View) noteEonNumber(eon uint64) error {
	last, err := v.LastEonNumber()
	if err != nil {
		return err
	}
	if eon > last {
		v.set(seqKey, u64(eon))
	}
	return nil
}

// PlannedBoundary is the last epoch boundary whose next set the rotation
// has considered (a DKG started for it, or none was needed).
func (v *View) PlannedBoundary() (int64, error) {
	raw, err := v.get(planKey)
	if err != nil || len(raw) == 0 {
		return 0, err
	}
	if len(raw) != 8 {
		return 0, ErrCorrupt
	}
	return int64(binary.BigEndian.Uint64(raw)), nil
}

// SetPlannedBoundary records that the set of boundary has been considered.
func (v *View) SetPlannedBoundary(boundary int64) { v.set(planKey, u64(uint64(boundary))) }

// SameMembers reports whether two member lists hold the same validators
// with the same DKG keys, in the same order.
func SameMembers(a, b []Member) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i].Validator, b[i].Validator) || !bytes.Equal(a[i].DKGKey, b[i].DKGKey) {
			return false
		}
	}
	return true
}

// KeyOf returns the DKG key of validator val in members, or nil.
func KeyOf(members []Member, val []byte) []byte {
	for _, m := range members {
		if bytes.Equal(m.Validator, val) {
			return m.DKGKey
		}
	}
	return nil
}
