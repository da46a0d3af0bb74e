package keeper

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// storedDealings lists the members of eon 0..n-1 whose dealing is stored.
func storedDealings(t *testing.T, v *View, eon uint64, n int) []uint32 {
	var out []uint32
	for m := range uint32(n) {
		bz, err := v.Dealing(eon, m)
		require.NoError(t, err)
		if len(bz) > 0 {
			out = append(out, m)
		}
	}
	return out
}

// dealtDKG stores a DKG of eon with dealings of members 0..3 and two complaints.
func dealtDKG(v *View, eon uint64) *DKG {
	d := &DKG{Eon: eon}
	for m := range uint32(4) {
		v.AddDealing(d, m, []byte{byte(eon), byte(m)})
	}
	v.AddComplaint(d, []byte{1})
	v.AddComplaint(d, []byte{2})
	return d
}

func TestPruneDKGKeepsQualifiedDealings(t *testing.T) {
	v := NewView(memReader{})
	d := dealtDKG(v, 1)
	v.PruneDKG(d, []uint32{0, 2, 3})
	require.Equal(t, []uint32{0, 2, 3}, storedDealings(t, v, 1, 4))
	for i := range uint32(2) {
		bz, err := v.Complaint(1, i)
		require.NoError(t, err)
		require.Empty(t, bz, "complaint %d", i)
	}

	failed := dealtDKG(v, 2)
	v.PruneDKG(failed, nil)
	require.Empty(t, storedDealings(t, v, 2, 4), "a failed DKG leaves nothing")
	require.Equal(t, []uint32{0, 2, 3}, storedDealings(t, v, 1, 4), "other eons untouched")

	deleted := 0
	for _, c := range v.Changes() {
		if c.Delete {
			deleted++
		}
	}
	require.Equal(t, 1+2+4+2, deleted, "pruned keys are store deletions")
}

// TestEonDealingsReleasedWhenSuperseded: an eon's qualified dealings stay
// while it is next, active or previous, and go when it leaves every slot.
func TestEonDealingsReleasedWhenSuperseded(t *testing.T) {
	v := NewView(memReader{})
	all := []uint32{0, 1, 2, 3}
	eons := map[uint64]*Eon{}
	for n := uint64(1); n <= 5; n++ {
		v.PruneDKG(dealtDKG(v, n), all)
		eons[n] = &Eon{Eon: n, Qualified: all}
	}
	kept := func(n uint64) bool { return len(storedDealings(t, v, n, 4)) == 4 }

	require.NoError(t, v.ActivateEon(eons[1]))
	require.NoError(t, v.SetNextEon(eons[2]))
	require.NoError(t, v.ActivateEon(eons[2])) // 1 previous, 2 active
	require.True(t, kept(1) && kept(2))

	require.NoError(t, v.SetNextEon(eons[3]))
	require.NoError(t, v.SetNextEon(eons[4])) // 4 supersedes 3 before its takeover
	require.False(t, kept(3), "superseded next eon")
	require.True(t, kept(4))

	require.NoError(t, v.ActivateEon(eons[4])) // 2 previous, 4 active
	require.False(t, kept(1), "eon 1 left the previous slot")
	require.True(t, kept(2) && kept(4))

	require.NoError(t, v.RetireEon()) // 4 previous, none active
	require.False(t, kept(2))
	require.True(t, kept(4), "a retired eon's last shares may still count")

	require.NoError(t, v.StartDKG(&DKG{Eon: 5}))
	require.NoError(t, v.ActivateEon(eons[5]))
	require.True(t, kept(4) && kept(5), "4 stays previous while nothing replaced it")
	require.NoError(t, v.RetireEon())
	require.False(t, kept(4))
	require.True(t, kept(5))
}

// TestReleaseSkipsEonStillInUse: releasing a number that is still stored in
// another slot (or is the running DKG's) deletes nothing.
func TestReleaseSkipsEonStillInUse(t *testing.T) {
	v := NewView(memReader{})
	v.PruneDKG(dealtDKG(v, 1), []uint32{1, 2})
	e := &Eon{Eon: 1, Qualified: []uint32{1, 2}}
	require.NoError(t, v.SetNextEon(e))
	require.NoError(t, v.ActivateEon(e)) // the next eon dropped is the one activated
	require.Equal(t, []uint32{1, 2}, storedDealings(t, v, 1, 4))
	require.NoError(t, v.releaseEon(e))
	require.Equal(t, []uint32{1, 2}, storedDealings(t, v, 1, 4), "still active")
}
