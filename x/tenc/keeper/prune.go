package keeper

// Pruning of DKG messages. Dealings and complaints are read only while their
// DKG runs, and afterwards only the qualified dealings of an eon whose
// members still derive their secret key shares from them (abci/dkg.go
// secretShare): the active eon's, and those of the next and previous eons,
// kept while they can still become or have just stopped being active. So
//   - when a DKG ends, its complaints and the dealings that did not qualify
//     are deleted (all of them when it failed);
//   - when an eon leaves the next, active and previous slots for good
//     (superseded by a handover, a retirement or a newer next eon), its
//     qualified dealings are deleted.
// Every node prunes the same keys at the same height, so a node replaying
// from genesis reaches the same state.

// PruneDKG deletes the complaints of an ended DKG and the dealings of its
// dealers other than keep (the qualified dealers; nil for a failed DKG).
func (v *View) PruneDKG(d *DKG, keep []uint32) {
	for _, dealer := range d.Dealers {
		if !containsMember(keep, dealer) {
			v.set(dealingKey(d.Eon, dealer), nil)
		}
	}
	for i := uint32(0); i < d.Complaints; i++ {
		v.set(complaintKey(d.Eon, i), nil)
	}
}

// releaseEon deletes the qualified dealings of e, which has just left an
// eon slot, unless e is still the next, active or previous eon or its
// number is the running DKG's.
func (v *View) releaseEon(e *Eon) error {
	if e == nil {
		return nil
	}
	inUse, err := v.eonInUse(e.Eon)
	if err != nil || inUse {
		return err
	}
	for _, dealer := range e.Qualified {
		v.set(dealingKey(e.Eon, dealer), nil)
	}
	return nil
}

// eonInUse reports whether eon is the number of a stored eon or of the
// running DKG.
func (v *View) eonInUse(eon uint64) (bool, error) {
	for _, get := range []func() (*Eon, error){v.ActiveEon, v.NextEon, v.PreviousEon} {
		e, err := get()
		if err != nil {
			return false, err
		}
		if e != nil && e.Eon == eon {
			return true, nil
		}
	}
	d, err := v.RunningDKG()
	if err != nil {
		return false, err
	}
	return d != nil && d.Eon == eon, nil
}

func dealingKey(eon uint64, member uint32) []byte {
	return keyWith(dealPfx, u64(eon), u64(uint64(member)))
}

func complaintKey(eon uint64, i uint32) []byte {
	return keyWith(complPfx, u64(eon), u64(uint64(i)))
}

func containsMember(list []uint32, m uint32) bool {
	for _, x := range list {
		if x == m {
			return true
		}
	}
	return false
}
