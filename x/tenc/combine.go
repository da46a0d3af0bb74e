package tenc

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

// MaxMembers bounds the size of a committee.
const MaxMembers = 1024

// Threshold returns the decryption threshold floor(2n/3)+1 for n members: the
// commit quorum, so a key exists only for a block being decided.
func Threshold(n int) int {
	return 2*n/3 + 1
}

// evalPoint returns the x coordinate x = member+1 of a member's share.
func evalPoint(member uint32) fr.Element {
	var x fr.Element
	x.SetUint64(uint64(member) + 1)
	return x
}

// LagrangeCoefficients returns the coefficients λ_j that interpolate a
// polynomial at 0 from its values at the members' evaluation points:
// λ_j = Π_{m≠j} x_m / (x_m − x_j). Members must be distinct and < MaxMembers.
func LagrangeCoefficients(members []uint32) ([]fr.Element, error) {
	xs := make([]fr.Element, len(members))
	seen := make(map[uint32]struct{}, len(members))
	for i, m := range members {
		if m >= MaxMembers {
			return nil, fmt.Errorf("%w: %d", ErrMemberOutOfRange, m)
		}
		if _, dup := seen[m]; dup {
			return nil, fmt.Errorf("%w: %d", ErrDuplicateMember, m)
		}
		seen[m] = struct{}{}
		xs[i] = evalPoint(m)
	}
	nums := make([]fr.Element, len(xs))
	dens := make([]fr.Element, len(xs))
	for j := range xs {
		nums[j].SetOne()
		dens[j].SetOne()
		for m := range xs {
			if m == j {
				continue
			}
			var diff fr.Element
			diff.Sub(&xs[m], &xs[j])
			nums[j].Mul(&nums[j], &xs[m])
			dens[j].Mul(&dens[j], &diff)
		}
	}
	inv := fr.BatchInvert(dens)
	for j := range nums {
		nums[j].Mul(&nums[j], &inv[j])
	}
	return nums, nil
}

// CombineKeyShares combines the first threshold key shares, shares[j] coming
// from members[j], into the decryption key Σ λ_j·share_j. Callers choose the
// subset deterministically (e.g. the first valid shares by member index) and
// verify the shares, or the resulting key, beforehand or afterwards. A
// Combiner does the same with the subset's coefficients cached.
func CombineKeyShares(members []uint32, shares []KeyShare, threshold int) (DecryptionKey, error) {
	if err := checkCombineInput(members, shares, threshold); err != nil {
		return DecryptionKey{}, err
	}
	sc, err := newSubsetCoefficients(members[:threshold])
	if err != nil {
		return DecryptionKey{}, err
	}
	return sc.combine(shares[:threshold])
}
