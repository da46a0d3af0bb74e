package tenc

import (
	"fmt"
	"math/big"
	"math/bits"
	"sync"

	"github.com/consensys/gnark-crypto/ecc"
	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

// maxCachedSubsets bounds a Combiner's cache; when full it starts over.
const maxCachedSubsets = 1024

// smallCoefficientBits bounds the integer Lagrange numerators and common
// denominator that take the joint double-and-add path instead of an MSM.
const smallCoefficientBits = 63

// Combiner combines key shares into decryption keys for one threshold,
// caching the Lagrange coefficients of each signer subset (by member
// bitmap). It is safe for concurrent use.
type Combiner struct {
	threshold int
	mu        sync.Mutex
	subsets   map[string]*subsetCoefficients
}

// NewCombiner returns a Combiner for the given threshold.
func NewCombiner(threshold int) (*Combiner, error) {
	if threshold < 1 || threshold > MaxMembers {
		return nil, fmt.Errorf("%w: %d", ErrInvalidThreshold, threshold)
	}
	return &Combiner{threshold: threshold, subsets: map[string]*subsetCoefficients{}}, nil
}

// Combine combines the first threshold shares, shares[j] coming from
// members[j], into the decryption key Σ λ_j·share_j. The result does not
// depend on which valid subset is used; callers verify the shares (or the
// key) before trusting it.
func (c *Combiner) Combine(members []uint32, shares []KeyShare) (DecryptionKey, error) {
	if err := checkCombineInput(members, shares, c.threshold); err != nil {
		return DecryptionKey{}, err
	}
	members, shares = members[:c.threshold], shares[:c.threshold]
	key := subsetKey(members)
	c.mu.Lock()
	sc, ok := c.subsets[key]
	c.mu.Unlock()
	if !ok {
		var err error
		if sc, err = newSubsetCoefficients(members); err != nil {
			return DecryptionKey{}, err
		}
		c.mu.Lock()
		if len(c.subsets) >= maxCachedSubsets {
			c.subsets = map[string]*subsetCoefficients{}
		}
		c.subsets[key] = sc
		c.mu.Unlock()
	}
	return sc.combine(shares)
}

// checkCombineInput validates the shapes of a combination's inputs.
func checkCombineInput(members []uint32, shares []KeyShare, threshold int) error {
	if len(members) != len(shares) {
		return ErrLengthMismatch
	}
	if threshold < 1 {
		return ErrInvalidThreshold
	}
	if len(shares) < threshold {
		return fmt.Errorf("%w: have %d, need %d", ErrNotEnoughShares, len(shares), threshold)
	}
	for j := range shares[:threshold] {
		if shares[j].p.IsInfinity() {
			return fmt.Errorf("%w: share at infinity", ErrInvalidShare)
		}
	}
	return nil
}

// subsetKey is the member bitmap of a subset, in the order given: the
// coefficients are positional, so the same members in another order are
// another entry.
func subsetKey(members []uint32) string {
	b := make([]byte, 0, 2*len(members))
	for _, m := range members {
		b = append(b, byte(m>>8), byte(m))
	}
	return string(b)
}

// subsetCoefficients are the Lagrange coefficients of one signer subset:
// λ_j = num[j]/den as small signed integers when they fit (common with
// small committees: the subset {1, 2, 3} has λ = 3, −3, 1), else as field
// elements for a multi-scalar multiplication.
type subsetCoefficients struct {
	small  bool
	num    []uint64 // |numerator| of λ_j·den
	neg    []bool   // sign of numerator j
	denInv *big.Int // den⁻¹ mod r; nil when den = 1
	field  []fr.Element
}

// newSubsetCoefficients computes a subset's coefficients exactly over the
// rationals and keeps the small form when every integer fits in 63 bits.
func newSubsetCoefficients(members []uint32) (*subsetCoefficients, error) {
	field, err := LagrangeCoefficients(members)
	if err != nil {
		return nil, err
	}
	sc := &subsetCoefficients{field: field}
	nums, den := rationalLagrange(members)
	if den.BitLen() > smallCoefficientBits {
		return sc, nil
	}
	sc.num, sc.neg = make([]uint64, len(nums)), make([]bool, len(nums))
	for j, n := range nums {
		if n.BitLen() > smallCoefficientBits {
			return &subsetCoefficients{field: field}, nil
		}
		sc.num[j], sc.neg[j] = new(big.Int).Abs(n).Uint64(), n.Sign() < 0
	}
	if den.Cmp(big.NewInt(1)) != 0 {
		sc.denInv = new(big.Int).ModInverse(den, fr.Modulus())
	}
	sc.small = true
	return sc, nil
}

// rationalLagrange returns integers num_j and den > 0 with
// λ_j = num_j/den = Π_{m≠j} x_m / Π_{m≠j} (x_m − x_j), x = member+1.
func rationalLagrange(members []uint32) ([]*big.Int, *big.Int) {
	rats := make([]*big.Rat, len(members))
	den := big.NewInt(1)
	for j := range members {
		num, d := big.NewInt(1), big.NewInt(1)
		xj := int64(members[j]) + 1
		for m := range members {
			if m == j {
				continue
			}
			xm := int64(members[m]) + 1
			num.Mul(num, big.NewInt(xm))
			d.Mul(d, big.NewInt(xm-xj))
		}
		rats[j] = new(big.Rat).SetFrac(num, d)
		den = lcm(den, rats[j].Denom())
	}
	nums := make([]*big.Int, len(members))
	for j, r := range rats {
		nums[j] = new(big.Int).Mul(r.Num(), new(big.Int).Quo(den, r.Denom()))
	}
	return nums, den
}

func lcm(a, b *big.Int) *big.Int {
	g := new(big.Int).GCD(nil, nil, a, b)
	return new(big.Int).Mul(a, new(big.Int).Quo(b, g))
}

// combine returns Σ λ_j·shares[j].
func (sc *subsetCoefficients) combine(shares []KeyShare) (DecryptionKey, error) {
	if !sc.small {
		points := make([]bls.G1Affine, len(shares))
		for j := range shares {
			points[j] = shares[j].p
		}
		var key bls.G1Affine
		if _, err := key.MultiExp(points, sc.field, ecc.MultiExpConfig{NbTasks: 1}); err != nil {
			return DecryptionKey{}, err
		}
		return DecryptionKey{p: key}, nil
	}
	acc := jointSmallMul(shares, sc.num, sc.neg)
	if sc.denInv != nil {
		acc.ScalarMultiplication(&acc, sc.denInv)
	}
	var key bls.G1Affine
	key.FromJacobian(&acc)
	return DecryptionKey{p: key}, nil
}

// jointSmallMul returns Σ ±num[j]·shares[j] by one joint double-and-add
// (Straus): the doublings are shared, one addition per set bit.
func jointSmallMul(shares []KeyShare, num []uint64, neg []bool) bls.G1Jac {
	signed := make([]bls.G1Affine, len(shares))
	top := 0
	for j := range shares {
		signed[j] = shares[j].p
		if neg[j] {
			signed[j].Neg(&signed[j])
		}
		top = max(top, bits.Len64(num[j]))
	}
	var acc bls.G1Jac
	acc.X.SetOne()
	acc.Y.SetOne() // (1, 1, 0): the point at infinity
	for i := top - 1; i >= 0; i-- {
		acc.DoubleAssign()
		for j := range signed {
			if num[j]>>uint(i)&1 == 1 {
				acc.AddMixed(&signed[j])
			}
		}
	}
	return acc
}
