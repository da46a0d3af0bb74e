package tenc

import (
	"crypto/rand"
	"crypto/sha3"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc"
	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

// coefficientBytes is the size of a random batching coefficient (128 bits:
// a forged batch passes with probability at most 2^-128).
const coefficientBytes = 16

// Domain tags of the hash-of-inputs coefficient sources.
const (
	sharesTranscriptTag = "HYPERION-TENC-V1/BATCH-SHARES"
	keysTranscriptTag   = "HYPERION-TENC-V1/BATCH-KEYS"
)

// ShareCheck is one key share to verify: Share must equal s_i·H(id) for the
// member whose public share is Public.
type ShareCheck struct {
	Member   uint32
	Public   PublicShare
	Identity IdentityPoint
	Share    KeyShare
}

// KeyCheck is one decryption key to verify against the eon public key.
type KeyCheck struct {
	Identity IdentityPoint
	Key      DecryptionKey
}

// VerifyKeySharesBatch verifies many key shares with one multi-pairing:
// e(Σ ρ_k·D_k, G2) = Π_members e(Σ_{k of member} ρ_k·H(id_k), P_member), with
// 128-bit coefficients ρ_k read from rng (nil means crypto/rand; pass
// SharesTranscript(checks) for coefficients hashed from all inputs). Checks of
// the same member must carry the same public share. It returns
// ErrBatchInvalid if any share is invalid (up to probability 2^-128).
func VerifyKeySharesBatch(checks []ShareCheck, rng io.Reader) error {
	if len(checks) == 0 {
		return nil
	}
	rho, err := coefficients(rng, len(checks))
	if err != nil {
		return err
	}
	shares := make([]bls.G1Affine, len(checks))
	for k := range checks {
		if checks[k].Share.p.IsInfinity() || checks[k].Identity.p.IsInfinity() || checks[k].Public.p.IsInfinity() {
			return fmt.Errorf("%w: point at infinity in check %d", ErrBatchInvalid, k)
		}
		shares[k] = checks[k].Share.p
	}
	groups, err := groupByMember(checks)
	if err != nil {
		return err
	}
	g1 := make([]bls.G1Affine, 1, len(groups)+1)
	g2 := make([]bls.G2Affine, 1, len(groups)+1)
	if _, err := g1[0].MultiExp(shares, rho, ecc.MultiExpConfig{}); err != nil {
		return err
	}
	g2[0] = g2Gen
	for _, grp := range groups {
		a, err := groupSum(checks, grp.indices, rho)
		if err != nil {
			return err
		}
		g1 = append(g1, *a.Neg(&a))
		g2 = append(g2, grp.public)
	}
	return checkProduct(g1, g2)
}

// memberGroup lists the checks of one member, in input order.
type memberGroup struct {
	public  bls.G2Affine
	indices []int
}

// groupByMember groups checks by member in order of first appearance.
func groupByMember(checks []ShareCheck) ([]memberGroup, error) {
	pos := make(map[uint32]int)
	var groups []memberGroup
	for k := range checks {
		g, ok := pos[checks[k].Member]
		if !ok {
			g = len(groups)
			pos[checks[k].Member] = g
			groups = append(groups, memberGroup{public: checks[k].Public.p})
		} else if !groups[g].public.Equal(&checks[k].Public.p) {
			return nil, fmt.Errorf("%w: member %d with two public shares", ErrBatchInvalid, checks[k].Member)
		}
		groups[g].indices = append(groups[g].indices, k)
	}
	return groups, nil
}

// groupSum returns Σ_{k in indices} ρ_k·H(id_k).
func groupSum(checks []ShareCheck, indices []int, rho []fr.Element) (bls.G1Affine, error) {
	pts := make([]bls.G1Affine, len(indices))
	sc := make([]fr.Element, len(indices))
	for i, k := range indices {
		pts[i] = checks[k].Identity.p
		sc[i] = rho[k]
	}
	var sum bls.G1Affine
	_, err := sum.MultiExp(pts, sc, ecc.MultiExpConfig{})
	return sum, err
}

// FindInvalidKeyShares returns the indices, ascending, of the invalid checks.
// It bisects with batched checks, so a single bad share among n costs about
// 2·log2(n) batches instead of n individual checks.
func FindInvalidKeyShares(checks []ShareCheck, rng io.Reader) []int {
	var bad []int
	var search func(lo, hi int)
	search = func(lo, hi int) {
		if hi-lo == 1 {
			c := checks[lo]
			if VerifyKeyShare(c.Public, c.Identity, c.Share) != nil {
				bad = append(bad, lo)
			}
			return
		}
		if VerifyKeySharesBatch(checks[lo:hi], rng) == nil {
			return
		}
		mid := (lo + hi) / 2
		search(lo, mid)
		search(mid, hi)
	}
	if len(checks) > 0 {
		search(0, len(checks))
	}
	return bad
}

// VerifyDecryptionKeysBatch verifies many decryption keys of one eon with two
// pairings: e(Σ ρ_k·K_k, G2) = e(Σ ρ_k·H(id_k), eon). Coefficients come from
// rng as in VerifyKeySharesBatch (KeysTranscript gives hashed ones).
func VerifyDecryptionKeysBatch(eon EonPublicKey, checks []KeyCheck, rng io.Reader) error {
	if len(checks) == 0 {
		return nil
	}
	if eon.p.IsInfinity() {
		return fmt.Errorf("%w: eon key at infinity", ErrBatchInvalid)
	}
	rho, err := coefficients(rng, len(checks))
	if err != nil {
		return err
	}
	keys := make([]bls.G1Affine, len(checks))
	ids := make([]bls.G1Affine, len(checks))
	for k := range checks {
		if checks[k].Key.p.IsInfinity() || checks[k].Identity.p.IsInfinity() {
			return fmt.Errorf("%w: point at infinity in check %d", ErrBatchInvalid, k)
		}
		keys[k], ids[k] = checks[k].Key.p, checks[k].Identity.p
	}
	var lhs, rhs bls.G1Affine
	if _, err := lhs.MultiExp(keys, rho, ecc.MultiExpConfig{}); err != nil {
		return err
	}
	if _, err := rhs.MultiExp(ids, rho, ecc.MultiExpConfig{}); err != nil {
		return err
	}
	rhs.Neg(&rhs)
	return checkProduct([]bls.G1Affine{lhs, rhs}, []bls.G2Affine{g2Gen, eon.p})
}

// checkProduct returns nil iff Π e(g1[i], g2[i]) = 1.
func checkProduct(g1 []bls.G1Affine, g2 []bls.G2Affine) error {
	ok, err := bls.PairingCheck(g1, g2)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBatchInvalid, err)
	}
	if !ok {
		return ErrBatchInvalid
	}
	return nil
}

// coefficients reads n non-zero 128-bit scalars from rng (nil: crypto/rand).
func coefficients(rng io.Reader, n int) ([]fr.Element, error) {
	if rng == nil {
		rng = rand.Reader
	}
	buf := make([]byte, n*coefficientBytes)
	if _, err := io.ReadFull(rng, buf); err != nil {
		return nil, fmt.Errorf("tenc: read batch coefficients: %w", err)
	}
	out := make([]fr.Element, n)
	for i := range out {
		out[i].SetBytes(buf[i*coefficientBytes : (i+1)*coefficientBytes])
		if out[i].IsZero() {
			out[i].SetOne()
		}
	}
	return out, nil
}

// SharesTranscript returns a coefficient source for VerifyKeySharesBatch
// derived by SHAKE256 from every input, so a proposer who chooses shares
// cannot predict the coefficients they will be weighted with.
func SharesTranscript(checks []ShareCheck) io.Reader {
	h := sha3.NewSHAKE256()
	h.Write([]byte(sharesTranscriptTag))
	h.Write(binary.BigEndian.AppendUint64(nil, uint64(len(checks))))
	for k := range checks {
		h.Write(binary.BigEndian.AppendUint32(nil, checks[k].Member))
		h.Write(checks[k].Public.Bytes())
		h.Write(checks[k].Identity.Bytes())
		h.Write(checks[k].Share.Bytes())
	}
	return h
}

// KeysTranscript returns a coefficient source for VerifyDecryptionKeysBatch
// derived by SHAKE256 from every input.
func KeysTranscript(eon EonPublicKey, checks []KeyCheck) io.Reader {
	h := sha3.NewSHAKE256()
	h.Write([]byte(keysTranscriptTag))
	h.Write(eon.Bytes())
	h.Write(binary.BigEndian.AppendUint64(nil, uint64(len(checks))))
	for k := range checks {
		h.Write(checks[k].Identity.Bytes())
		h.Write(checks[k].Key.Bytes())
	}
	return h
}
