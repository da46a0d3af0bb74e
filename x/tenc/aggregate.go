package tenc

import (
	"encoding/binary"
	"fmt"
	"slices"

	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

// EonKeys is the public outcome of an eon's DKG: the eon public key and every
// member's public share.
type EonKeys struct {
	Eon          uint64
	Threshold    int
	PublicKey    EonPublicKey
	PublicShares []PublicShare
}

// Qualify returns the qualified dealings sorted by dealer: those that pass
// VerifyDealing, whose dealer dealt only once (a dealer with two different
// dealings is disqualified) and against which no complaint is upheld. It also
// returns the indices of complaints that are invalid or proved false, for the
// caller to punish their authors.
func Qualify(c *Committee, dealings []*Dealing, complaints []*Complaint) ([]*Dealing, []int) {
	byDealer := make(map[uint32]*Dealing)
	disqualified := make(map[uint32]bool)
	for _, d := range dealings {
		if VerifyDealing(c, d) != nil {
			continue
		}
		if prev, ok := byDealer[d.Dealer]; ok && !slices.Equal(prev.Bytes(), d.Bytes()) {
			disqualified[d.Dealer] = true
		}
		byDealer[d.Dealer] = d
	}
	var rejected []int
	for i, cp := range complaints {
		d, ok := byDealer[cp.Dealer]
		if !ok {
			rejected = append(rejected, i)
			continue
		}
		upheld, err := ResolveComplaint(c, d, cp)
		if err != nil || !upheld {
			rejected = append(rejected, i)
			continue
		}
		disqualified[cp.Dealer] = true
	}
	var out []*Dealing
	for dealer := uint32(0); int(dealer) < c.Size(); dealer++ {
		if d, ok := byDealer[dealer]; ok && !disqualified[dealer] {
			out = append(out, d)
		}
	}
	return out, rejected
}

// AggregateDealings combines qualified dealings (distinct dealers, each
// passing VerifyDealing) into the eon public key Σ C_{j,0} and each member's
// public share Σ_j Σ_k C_{j,k}·x_i^k.
func AggregateDealings(c *Committee, qualified []*Dealing) (*EonKeys, error) {
	if len(qualified) == 0 {
		return nil, ErrNoDealings
	}
	sum := make([]bls.G2Jac, c.Threshold)
	seen := make(map[uint32]bool, len(qualified))
	for _, d := range qualified {
		if err := VerifyDealing(c, d); err != nil {
			return nil, err
		}
		if seen[d.Dealer] {
			return nil, fmt.Errorf("%w: dealer %d", ErrDuplicateMember, d.Dealer)
		}
		seen[d.Dealer] = true
		for k := range sum {
			sum[k].AddMixed(&d.commitments[k])
		}
	}
	agg := make([]bls.G2Affine, len(sum))
	for k := range sum {
		agg[k].FromJacobian(&sum[k])
	}
	keys := &EonKeys{Eon: c.Eon, Threshold: c.Threshold, PublicKey: EonPublicKey{p: agg[0]}}
	for m := 0; m < c.Size(); m++ {
		p, err := commitmentAt(agg, uint32(m))
		if err != nil {
			return nil, err
		}
		keys.PublicShares = append(keys.PublicShares, PublicShare{p: p})
	}
	if keys.PublicKey.p.IsInfinity() {
		return nil, fmt.Errorf("%w: eon key at infinity", ErrInvalidDealing)
	}
	return keys, nil
}

// AggregateSecretShare sums a member's dealt shares, one from each qualified
// dealer, into the member's secret key share.
func AggregateSecretShare(member uint32, shares []DealtShare) (SecretKeyShare, error) {
	if len(shares) == 0 {
		return SecretKeyShare{}, ErrNoDealings
	}
	seen := make(map[uint32]bool, len(shares))
	var s fr.Element
	for _, ds := range shares {
		if ds.Member != member {
			return SecretKeyShare{}, fmt.Errorf("%w: share for member %d", ErrMemberOutOfRange, ds.Member)
		}
		if seen[ds.Dealer] {
			return SecretKeyShare{}, fmt.Errorf("%w: dealer %d", ErrDuplicateMember, ds.Dealer)
		}
		seen[ds.Dealer] = true
		s.Add(&s, &ds.s)
	}
	return SecretKeyShare{s: s}, nil
}

// eonKeysHeaderSize is eon (8) ‖ t (2) ‖ n (2).
const eonKeysHeaderSize = 8 + 2 + 2

// Bytes returns eon ‖ t ‖ n ‖ eon key ‖ n public shares (compressed G2).
func (k *EonKeys) Bytes() []byte {
	out := make([]byte, 0, eonKeysHeaderSize+(1+len(k.PublicShares))*G2Size)
	out = binary.BigEndian.AppendUint64(out, k.Eon)
	out = binary.BigEndian.AppendUint16(out, uint16(k.Threshold))
	out = binary.BigEndian.AppendUint16(out, uint16(len(k.PublicShares)))
	out = append(out, k.PublicKey.Bytes()...)
	for _, p := range k.PublicShares {
		out = append(out, p.Bytes()...)
	}
	return out
}

// EonKeysFromBytes decodes EonKeys with exact length and point checks.
func EonKeysFromBytes(b []byte) (*EonKeys, error) {
	r := reader{buf: b}
	k := &EonKeys{Eon: r.uint64(), Threshold: int(r.uint16())}
	n := int(r.uint16())
	if r.err != nil {
		return nil, r.err
	}
	if n < 1 || n > MaxMembers || k.Threshold < 1 || k.Threshold > n {
		return nil, fmt.Errorf("%w: t=%d n=%d", ErrInvalidThreshold, k.Threshold, n)
	}
	if want := eonKeysHeaderSize + (n+1)*G2Size; len(b) != want {
		return nil, fmt.Errorf("%w: eon keys have %d bytes, want %d", ErrInvalidLength, len(b), want)
	}
	var err error
	if k.PublicKey, err = EonPublicKeyFromBytes(r.next(G2Size)); err != nil {
		return nil, err
	}
	k.PublicShares = make([]PublicShare, n)
	for i := range k.PublicShares {
		if k.PublicShares[i], err = PublicShareFromBytes(r.next(G2Size)); err != nil {
			return nil, fmt.Errorf("public share %d: %w", i, err)
		}
	}
	return k, r.done()
}
