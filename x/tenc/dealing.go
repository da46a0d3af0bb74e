package tenc

import (
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc"
	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/crypto/ecies"
)

// EncryptedShareSize is the size of one ECIES-encrypted dealt share:
// ephemeral key (65) ‖ IV (16) ‖ scalar (32) ‖ HMAC-SHA256 tag (32).
const EncryptedShareSize = 65 + 16 + ScalarSize + 32

// dealingHeaderSize is eon (8) ‖ dealer (4) ‖ t (2) ‖ n (2).
const dealingHeaderSize = 8 + 4 + 2 + 2

// Dealing is one dealer's Feldman VSS contribution: commitments a_k·G2 to
// the coefficients of a random polynomial of degree t-1 and, for every
// member, the evaluation at the member's point ECIES-encrypted to its DKG key.
type Dealing struct {
	Eon         uint64
	Dealer      uint32
	commitments []bls.G2Affine
	shares      [][]byte
}

// DealtShare is the share of one dealer's polynomial held by one member.
type DealtShare struct {
	Dealer uint32
	Member uint32
	s      fr.Element
}

// Deal creates the dealing of member dealer for the committee. rng supplies
// the polynomial and ECIES randomness; nil means crypto/rand.
func Deal(rng io.Reader, c *Committee, dealer uint32) (*Dealing, error) {
	if int(dealer) >= c.Size() {
		return nil, fmt.Errorf("%w: dealer %d", ErrMemberOutOfRange, dealer)
	}
	if rng == nil {
		rng = rand.Reader
	}
	poly, err := randomPoly(rng, c.Threshold)
	if err != nil {
		return nil, err
	}
	d := &Dealing{Eon: c.Eon, Dealer: dealer, commitments: make([]bls.G2Affine, len(poly))}
	for k := range poly {
		d.commitments[k].ScalarMultiplicationBase(scalarBig(&poly[k]))
	}
	for m := 0; m < c.Size(); m++ {
		s := evalPoly(poly, evalPoint(uint32(m)))
		sb := s.Bytes()
		pub := ecies.ImportECDSAPublic(c.members[m])
		ct, err := ecies.Encrypt(rng, pub, sb[:], shareContext(c.Eon, dealer, uint32(m)), nil)
		if err != nil {
			return nil, fmt.Errorf("tenc: encrypt share for member %d: %w", m, err)
		}
		d.shares = append(d.shares, ct)
	}
	return d, nil
}

// randomPoly returns t uniformly random coefficients.
func randomPoly(rng io.Reader, t int) ([]fr.Element, error) {
	poly := make([]fr.Element, t)
	buf := make([]byte, 48) // 384 bits reduced mod r: bias below 2^-128
	for k := range poly {
		if _, err := io.ReadFull(rng, buf); err != nil {
			return nil, fmt.Errorf("tenc: read randomness: %w", err)
		}
		poly[k].SetBytes(buf)
	}
	return poly, nil
}

// VerifyDealing checks what anyone can check: the eon, the dealer index, t
// commitments (valid points, enforced by the decoder or Deal), n encrypted
// shares of the exact size, each with a valid ephemeral secp256k1 key.
func VerifyDealing(c *Committee, d *Dealing) error {
	if d.Eon != c.Eon {
		return fmt.Errorf("%w: dealing for eon %d, committee eon %d", ErrEonMismatch, d.Eon, c.Eon)
	}
	if int(d.Dealer) >= c.Size() {
		return fmt.Errorf("%w: dealer %d", ErrMemberOutOfRange, d.Dealer)
	}
	if len(d.commitments) != c.Threshold || len(d.shares) != c.Size() {
		return fmt.Errorf("%w: %d commitments, %d shares for t=%d n=%d",
			ErrInvalidDealing, len(d.commitments), len(d.shares), c.Threshold, c.Size())
	}
	for k := range d.commitments {
		if d.commitments[k].IsInfinity() {
			return fmt.Errorf("%w: commitment %d at infinity", ErrInvalidDealing, k)
		}
	}
	for m, ct := range d.shares {
		if len(ct) != EncryptedShareSize {
			return fmt.Errorf("%w: share %d has %d bytes", ErrInvalidDealing, m, len(ct))
		}
		if _, err := crypto.UnmarshalPubkey(ct[:65]); err != nil {
			return fmt.Errorf("%w: share %d ephemeral key: %v", ErrInvalidDealing, m, err)
		}
	}
	return nil
}

// PublicKey returns the dealer's contribution a_0·G2 to the eon key.
func (d *Dealing) PublicKey() EonPublicKey { return EonPublicKey{p: d.commitments[0]} }

// DecryptShare decrypts member's share of a verified dealing with the
// member's DKG private key and checks it against the commitments. It returns
// ErrBadDealtShare when the recipient should file a complaint.
func DecryptShare(c *Committee, d *Dealing, member uint32, key *ecdsa.PrivateKey) (DealtShare, error) {
	if int(member) >= len(d.shares) {
		return DealtShare{}, fmt.Errorf("%w: member %d", ErrMemberOutOfRange, member)
	}
	plain, err := ecies.ImportECDSA(key).Decrypt(d.shares[member], shareContext(d.Eon, d.Dealer, member), nil)
	if err != nil {
		return DealtShare{}, fmt.Errorf("%w: %v", ErrBadDealtShare, err)
	}
	return checkDealtShare(d, member, plain)
}

// checkDealtShare decodes a decrypted share and checks s·G2 = Σ C_k·x^k.
func checkDealtShare(d *Dealing, member uint32, plain []byte) (DealtShare, error) {
	s, err := decodeScalar(plain)
	if err != nil {
		return DealtShare{}, fmt.Errorf("%w: %v", ErrBadDealtShare, err)
	}
	expect, err := commitmentAt(d.commitments, member)
	if err != nil {
		return DealtShare{}, err
	}
	var got bls.G2Affine
	got.ScalarMultiplicationBase(scalarBig(&s))
	if !got.Equal(&expect) {
		return DealtShare{}, ErrBadDealtShare
	}
	return DealtShare{Dealer: d.Dealer, Member: member, s: s}, nil
}

// commitmentAt evaluates a committed polynomial in the exponent at a
// member's point: Σ C_k·x^k.
func commitmentAt(commitments []bls.G2Affine, member uint32) (bls.G2Affine, error) {
	x := evalPoint(member)
	pows := make([]fr.Element, len(commitments))
	pows[0].SetOne()
	for k := 1; k < len(pows); k++ {
		pows[k].Mul(&pows[k-1], &x)
	}
	var out bls.G2Affine
	_, err := out.MultiExp(commitments, pows, ecc.MultiExpConfig{})
	return out, err
}

// Size returns the encoded size of the dealing.
func (d *Dealing) Size() int {
	return dealingHeaderSize + len(d.commitments)*G2Size + len(d.shares)*EncryptedShareSize
}

// Bytes returns eon ‖ dealer ‖ t ‖ n ‖ t compressed commitments ‖ n encrypted shares.
func (d *Dealing) Bytes() []byte {
	out := make([]byte, 0, d.Size())
	out = binary.BigEndian.AppendUint64(out, d.Eon)
	out = binary.BigEndian.AppendUint32(out, d.Dealer)
	out = binary.BigEndian.AppendUint16(out, uint16(len(d.commitments)))
	out = binary.BigEndian.AppendUint16(out, uint16(len(d.shares)))
	for k := range d.commitments {
		b := d.commitments[k].Bytes()
		out = append(out, b[:]...)
	}
	for _, ct := range d.shares {
		out = append(out, ct...)
	}
	return out
}

// DealingFromBytes decodes a dealing; t and n are bounded by MaxMembers, the
// total length must match exactly and every commitment must be a valid point.
// Pass the result to VerifyDealing before use.
func DealingFromBytes(b []byte) (*Dealing, error) {
	r := reader{buf: b}
	d := &Dealing{Eon: r.uint64(), Dealer: r.uint32()}
	t, n := int(r.uint16()), int(r.uint16())
	if r.err != nil {
		return nil, r.err
	}
	if t < 1 || n < t || n > MaxMembers {
		return nil, fmt.Errorf("%w: t=%d n=%d", ErrInvalidDealing, t, n)
	}
	if want := dealingHeaderSize + t*G2Size + n*EncryptedShareSize; len(b) != want {
		return nil, fmt.Errorf("%w: dealing has %d bytes, want %d", ErrInvalidLength, len(b), want)
	}
	d.commitments = make([]bls.G2Affine, t)
	for k := range d.commitments {
		p, err := decodeG2(r.next(G2Size))
		if err != nil {
			return nil, fmt.Errorf("commitment %d: %w", k, err)
		}
		d.commitments[k] = p
	}
	d.shares = make([][]byte, n)
	for m := range d.shares {
		d.shares[m] = append([]byte(nil), r.next(EncryptedShareSize)...)
	}
	return d, r.done()
}
