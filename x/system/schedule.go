package system

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// ScheduledSet is a validator set in force from height From on.
type ScheduledSet struct {
	From int64        `json:"from"`
	Set  ValidatorSet `json:"set"`
}

// SetSchedule is the consensus set over heights, as far as the application
// needs it: validator updates returned by FinalizeBlock at H take effect at
// H+2 (CometBFT's offset), while the commit-info tx of block h carries
// extensions signed at h-1 by the set in force then.
type SetSchedule struct {
	Entries []ScheduledSet `json:"entries"`
}

// NewSetSchedule starts a schedule with the genesis set, in force from height 1.
func NewSetSchedule(genesis ValidatorSet) SetSchedule {
	return SetSchedule{Entries: []ScheduledSet{{From: 1, Set: genesis}}}
}

// At returns the set in force at height h.
func (s SetSchedule) At(h int64) ValidatorSet {
	set := s.Entries[0].Set
	for _, e := range s.Entries {
		if e.From <= h {
			set = e.Set
		}
	}
	return set
}

// Latest returns the newest scheduled set.
func (s SetSchedule) Latest() ValidatorSet { return s.Entries[len(s.Entries)-1].Set }

// Apply schedules the latest set changed by updates (power 0 removes a member)
// from height effective on, and forgets sets no height ≥ keepFrom needs.
func (s SetSchedule) Apply(updates []Validator, effective, keepFrom int64) (SetSchedule, error) {
	next, err := applyUpdates(s.Latest(), updates)
	if err != nil {
		return s, err
	}
	if len(next.Validators) == 0 {
		return s, fmt.Errorf("validator updates would empty the set")
	}
	entries := append([]ScheduledSet{}, s.Entries...)
	entries = append(entries, ScheduledSet{From: effective, Set: next})
	for len(entries) > 1 && entries[1].From <= keepFrom {
		entries = entries[1:]
	}
	return SetSchedule{Entries: entries}, nil
}

func applyUpdates(cur ValidatorSet, updates []Validator) (ValidatorSet, error) {
	members := append([]Validator{}, cur.Validators...)
	for _, u := range updates {
		i := indexOf(members, u.Address)
		switch {
		case u.Power == 0 && i >= 0:
			members = append(members[:i], members[i+1:]...)
		case u.Power == 0:
			return cur, fmt.Errorf("%w: removing %X", ErrUnknownValidator, u.Address)
		case i >= 0:
			members[i] = u
		default:
			members = append(members, u)
		}
	}
	return NewValidatorSet(members)
}

func indexOf(vals []Validator, addr []byte) int {
	for i, v := range vals {
		if bytes.Equal(v.Address, addr) {
			return i
		}
	}
	return -1
}

// Encode is the state encoding of the schedule.
func (s SetSchedule) Encode() []byte {
	bz, err := json.Marshal(s)
	if err != nil {
		panic(fmt.Sprintf("system: encode set schedule: %v", err))
	}
	return bz
}

// DecodeSetSchedule decodes the state encoding and validates every set.
func DecodeSetSchedule(bz []byte) (SetSchedule, error) {
	var s SetSchedule
	if err := json.Unmarshal(bz, &s); err != nil {
		return s, fmt.Errorf("system: decode set schedule: %w", err)
	}
	if len(s.Entries) == 0 {
		return s, fmt.Errorf("system: empty set schedule")
	}
	for i, e := range s.Entries {
		set, err := NewValidatorSet(e.Set.Validators)
		if err != nil {
			return s, err
		}
		s.Entries[i].Set = set
	}
	return s, nil
}
