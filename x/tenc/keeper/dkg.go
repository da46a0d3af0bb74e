package keeper

import (
	"bytes"

	"github.com/ethereum/go-ethereum/common/hexutil"
)

// PhaseLength is the number of vote-extension heights of each DKG phase.
const PhaseLength = 2

// Phase is where a DKG stands at one vote-extension height.
type Phase int

// DKG phases. Messages signed at height h are applied in block h+1 and are
// visible to ExtendVote from h+2, so a one-height gap separates phases.
const (
	PhaseNone Phase = iota
	PhaseRegister
	PhaseDeal
	PhaseComplain
	PhaseFinalize // the DKG ends at the end of the block of this height
	PhaseDone
)

// Member is one registered DKG participant.
type Member struct {
	Validator hexutil.Bytes `json:"validator"` // CometBFT address
	DKGKey    hexutil.Bytes `json:"dkg_key"`   // 33-byte compressed secp256k1
}

// DKG is the running DKG of an eon.
type DKG struct {
	Eon   uint64 `json:"eon"`
	Start int64  `json:"start"` // first registration height
	// SetSize is the size of the consensus set at Start (the threshold base).
	SetSize int `json:"set_size"`
	// Members are sorted by validator address.
	Members []Member `json:"members"`
	// Dealers lists dealer member indices that have a dealing, in arrival order.
	Dealers []uint32 `json:"dealers"`
	// Complaints is the number of stored complaints.
	Complaints uint32 `json:"complaints"`
	// Target lists the CometBFT addresses of the set the eon is for, when
	// that is the next epoch's set (rotation.go); only they may register.
	// Empty: the DKG is for the set in force, whose validators may register.
	Target []hexutil.Bytes `json:"target,omitempty"`
	// Takeover is the first height whose vote extensions the target set
	// signs; the eon becomes active there (0: as soon as it completes).
	Takeover int64 `json:"takeover,omitempty"`
	// MinDealings is the number of qualified dealings the eon key needs
	// (0: the threshold). A next-set DKG is dealt by the members that are
	// validators now, the only ones whose extensions reach the chain.
	MinDealings int `json:"min_dealings,omitempty"`
}

// GenesisDKG is the DKG the genesis set runs from height 1.
func GenesisDKG(setSize int) *DKG { return &DKG{Eon: 1, Start: 1, SetSize: setSize} }

// PhaseAt returns the phase of vote-extension height h.
func (d *DKG) PhaseAt(h int64) Phase {
	off := h - d.Start
	switch {
	case off < 0:
		return PhaseNone
	case off < PhaseLength:
		return PhaseRegister
	case off == PhaseLength:
		return PhaseNone
	case off < 2*PhaseLength+1:
		return PhaseDeal
	case off == 2*PhaseLength+1:
		return PhaseNone
	case off < 3*PhaseLength+2:
		return PhaseComplain
	case off == 3*PhaseLength+2:
		return PhaseFinalize
	default:
		return PhaseDone
	}
}

// FinalHeight is the block at whose end the DKG completes or fails.
func (d *DKG) FinalHeight() int64 { return d.Start + 3*PhaseLength + 2 }

// MemberIndex returns the member index of a validator, or -1.
func (d *DKG) MemberIndex(val []byte) int {
	for i, m := range d.Members {
		if bytes.Equal(m.Validator, val) {
			return i
		}
	}
	return -1
}

// MayRegister reports whether validator val may register a DKG key: it is
// not a member yet and belongs to the target set (any validator when the
// DKG has no target; the commit-info tx already restricts votes to the set).
func (d *DKG) MayRegister(val []byte) bool {
	if d.MemberIndex(val) >= 0 || len(d.Members) >= d.SetSize {
		return false
	}
	if len(d.Target) == 0 {
		return true
	}
	for _, t := range d.Target {
		if bytes.Equal(t, val) {
			return true
		}
	}
	return false
}

// Register adds a member in address order; a second registration is ignored.
func (d *DKG) Register(val, dkgKey []byte) bool {
	if d.MemberIndex(val) >= 0 {
		return false
	}
	i := 0
	for i < len(d.Members) && bytes.Compare(d.Members[i].Validator, val) < 0 {
		i++
	}
	d.Members = append(d.Members, Member{})
	copy(d.Members[i+1:], d.Members[i:])
	d.Members[i] = Member{Validator: append([]byte{}, val...), DKGKey: append([]byte{}, dkgKey...)}
	return true
}

// HasDealing reports whether member has dealt.
func (d *DKG) HasDealing(member uint32) bool { return containsMember(d.Dealers, member) }

// RunningDKG returns the running DKG, or nil when none runs.
func (v *View) RunningDKG() (*DKG, error) {
	var d DKG
	ok, err := v.getJSON(dkgKey, &d)
	if !ok || err != nil {
		return nil, err
	}
	return &d, nil
}

// SetDKG stores the running DKG (nil: none runs).
func (v *View) SetDKG(d *DKG) {
	if d == nil {
		v.set(dkgKey, nil)
		return
	}
	v.setJSON(dkgKey, d)
}

// StartDKG stores a new running DKG and notes its eon number as used.
func (v *View) StartDKG(d *DKG) error {
	if err := v.noteEonNumber(d.Eon); err != nil {
		return err
	}
	v.SetDKG(d)
	return nil
}

// NextEonNumber is the number of the next DKG: one above every eon number
// in use or used before.
func (v *View) NextEonNumber() (uint64, error) {
	last, err := v.LastEonNumber()
	if err != nil {
		return 0, err
	}
	d, err := v.RunningDKG()
	if err != nil {
		return 0, err
	}
	if d != nil {
		last = max(last, d.Eon)
	}
	for _, get := range []func() (*Eon, error){v.ActiveEon, v.NextEon, v.PreviousEon} {
		e, err := get()
		if err != nil {
			return 0, err
		}
		if e != nil {
			last = max(last, e.Eon)
		}
	}
	return last + 1, nil
}

// AddDealing stores a member's first dealing.
func (v *View) AddDealing(d *DKG, member uint32, dealing []byte) {
	d.Dealers = append(d.Dealers, member)
	v.set(dealingKey(d.Eon, member), dealing)
}

// Dealing returns a member's stored dealing, or nil.
func (v *View) Dealing(eon uint64, member uint32) ([]byte, error) {
	return v.get(dealingKey(eon, member))
}

// AddComplaint stores a complaint.
func (v *View) AddComplaint(d *DKG, complaint []byte) {
	v.set(complaintKey(d.Eon, d.Complaints), complaint)
	d.Complaints++
}

// Complaint returns stored complaint i.
func (v *View) Complaint(eon uint64, i uint32) ([]byte, error) {
	return v.get(complaintKey(eon, i))
}

// Eon is the active eon: its keys and the members that hold shares.
type Eon struct {
	Eon       uint64        `json:"eon"`
	Since     int64         `json:"since"` // first height envelopes of this eon may be included
	Keys      hexutil.Bytes `json:"keys"`  // tenc.EonKeys encoding
	Members   []Member      `json:"members"`
	Qualified []uint32      `json:"qualified"` // dealers whose dealings form the key
	// Threshold is t, the shares one key needs (also in Keys).
	Threshold int `json:"threshold,omitempty"`
}

// ActiveEon returns the active eon, or nil before the first DKG completes.
func (v *View) ActiveEon() (*Eon, error) {
	var e Eon
	ok, err := v.getJSON(eonKey, &e)
	if !ok || err != nil {
		return nil, err
	}
	return &e, nil
}

// SetActiveEon stores the active eon (ActivateEon also keeps the one it replaces).
func (v *View) SetActiveEon(e *Eon) { v.setJSON(eonKey, e) }
