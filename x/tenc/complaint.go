package tenc

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/ethereum/go-ethereum/crypto"
)

// ComplaintSize is the encoded size of a complaint: eon (8) ‖ dealer (4) ‖
// member (4) ‖ shared point (33) ‖ proof challenge (32) ‖ proof response (32).
const ComplaintSize = 8 + 4 + 4 + 33 + 32 + 32

// Domain tags of the complaint proof.
const (
	dleqTag      = "HYPERION-TENC-V1/DKG-COMPLAINT-DLEQ"
	dleqNonceTag = "HYPERION-TENC-V1/DKG-COMPLAINT-NONCE"
)

// Complaint accuses a dealer of having sent member a share that does not
// decrypt or does not match its commitments. It reveals the ECDH point
// Z = sk·R of that one ciphertext (R its ephemeral key) with a Chaum–Pedersen
// proof that log_G(pk) = log_R(Z), so anyone can decrypt the accused share
// and rule on it without learning the member's DKG key.
type Complaint struct {
	Eon    uint64
	Dealer uint32
	Member uint32
	shared *secp256k1.PublicKey
	c, s   secp256k1.ModNScalar
}

// NewComplaint builds member's complaint against a dealing. rng hedges the
// proof nonce; nil means crypto/rand.
func NewComplaint(rng io.Reader, c *Committee, d *Dealing, member uint32, key *ecdsa.PrivateKey) (*Complaint, error) {
	if err := VerifyDealing(c, d); err != nil {
		return nil, err
	}
	if int(member) >= c.Size() {
		return nil, fmt.Errorf("%w: member %d", ErrMemberOutOfRange, member)
	}
	if rng == nil {
		rng = rand.Reader
	}
	var sk secp256k1.ModNScalar
	if overflow := sk.SetByteSlice(key.D.FillBytes(make([]byte, 32))); overflow || sk.IsZero() {
		return nil, fmt.Errorf("%w: bad DKG private key", ErrInvalidComplaint)
	}
	pk, _ := secp256k1.ParsePubKey(crypto.FromECDSAPub(c.members[member]))
	eph, _ := secp256k1.ParsePubKey(d.shares[member][:65]) // checked by VerifyDealing
	var rj, zj secp256k1.JacobianPoint
	eph.AsJacobian(&rj)
	secp256k1.ScalarMultNonConst(&sk, &rj, &zj)
	zj.ToAffine()
	cp := &Complaint{Eon: d.Eon, Dealer: d.Dealer, Member: member,
		shared: secp256k1.NewPublicKey(&zj.X, &zj.Y)}
	var err error
	cp.c, cp.s, err = proveDLEQ(rng, &sk, pk, eph, cp.shared)
	return cp, err
}

// proveDLEQ proves log_G(pk) = log_R(z) = sk (Fiat–Shamir Chaum–Pedersen).
func proveDLEQ(rng io.Reader, sk *secp256k1.ModNScalar, pk, r, z *secp256k1.PublicKey) (c, s secp256k1.ModNScalar, err error) {
	var seed [32]byte
	if _, err = io.ReadFull(rng, seed[:]); err != nil {
		return c, s, fmt.Errorf("tenc: read randomness: %w", err)
	}
	skb := sk.Bytes()
	h := sha256.New()
	h.Write([]byte(dleqNonceTag))
	h.Write(skb[:])
	h.Write(r.SerializeCompressed())
	h.Write(seed[:])
	var k secp256k1.ModNScalar
	k.SetByteSlice(h.Sum(nil))
	var a1, a2, rj secp256k1.JacobianPoint
	secp256k1.ScalarBaseMultNonConst(&k, &a1)
	r.AsJacobian(&rj)
	secp256k1.ScalarMultNonConst(&k, &rj, &a2)
	c = dleqChallenge(pk, r, z, &a1, &a2)
	s.Mul2(&c, sk).Add(&k) // s = k + c·sk
	return c, s, nil
}

// verifyDLEQ checks the proof: with A1 = s·G − c·pk and A2 = s·R − c·Z the
// challenge must equal c.
func verifyDLEQ(c, s *secp256k1.ModNScalar, pk, r, z *secp256k1.PublicKey) bool {
	var negC secp256k1.ModNScalar
	negC.NegateVal(c)
	var sg, cpk, a1, rj, sr, zj, cz, a2 secp256k1.JacobianPoint
	secp256k1.ScalarBaseMultNonConst(s, &sg)
	pk.AsJacobian(&cpk)
	secp256k1.ScalarMultNonConst(&negC, &cpk, &cpk)
	secp256k1.AddNonConst(&sg, &cpk, &a1)
	r.AsJacobian(&rj)
	secp256k1.ScalarMultNonConst(s, &rj, &sr)
	z.AsJacobian(&zj)
	secp256k1.ScalarMultNonConst(&negC, &zj, &cz)
	secp256k1.AddNonConst(&sr, &cz, &a2)
	want := dleqChallenge(pk, r, z, &a1, &a2)
	return want.Equals(c)
}

// dleqChallenge hashes the statement and commitments to a scalar.
func dleqChallenge(pk, r, z *secp256k1.PublicKey, a1, a2 *secp256k1.JacobianPoint) secp256k1.ModNScalar {
	h := sha256.New()
	h.Write([]byte(dleqTag))
	for _, p := range []*secp256k1.PublicKey{pk, r, z} {
		h.Write(p.SerializeCompressed())
	}
	for _, j := range []*secp256k1.JacobianPoint{a1, a2} {
		h.Write(jacobianBytes(j))
	}
	var c secp256k1.ModNScalar
	c.SetByteSlice(h.Sum(nil))
	return c
}

// jacobianBytes returns the compressed encoding, or 33 zero bytes for infinity.
func jacobianBytes(j *secp256k1.JacobianPoint) []byte {
	if (j.X.IsZero() && j.Y.IsZero()) || j.Z.IsZero() {
		return make([]byte, 33)
	}
	p := *j
	p.ToAffine()
	return secp256k1.NewPublicKey(&p.X, &p.Y).SerializeCompressed()
}

// ResolveComplaint rules on a complaint against a dealing that passed
// VerifyDealing. It returns true when the dealer is at fault (the revealed
// share does not decrypt or does not match the commitments), false when the
// share is valid (the complaint is false; the share is then public), and
// ErrInvalidComplaint when the complaint itself is malformed or unproven.
func ResolveComplaint(c *Committee, d *Dealing, cp *Complaint) (bool, error) {
	if cp.Eon != d.Eon || cp.Dealer != d.Dealer || int(cp.Member) >= c.Size() || cp.shared == nil {
		return false, fmt.Errorf("%w: does not match the dealing", ErrInvalidComplaint)
	}
	if err := VerifyDealing(c, d); err != nil {
		return false, err
	}
	pk, _ := secp256k1.ParsePubKey(crypto.FromECDSAPub(c.members[cp.Member]))
	ct := d.shares[cp.Member]
	eph, _ := secp256k1.ParsePubKey(ct[:65])
	if !verifyDLEQ(&cp.c, &cp.s, pk, eph, cp.shared) {
		return false, fmt.Errorf("%w: proof does not verify", ErrInvalidComplaint)
	}
	plain, ok := openRevealed(cp.shared, ct, shareContext(d.Eon, d.Dealer, cp.Member))
	if !ok {
		return true, nil
	}
	_, err := checkDealtShare(d, cp.Member, plain)
	return err != nil, nil
}

// openRevealed decrypts an ECIES ciphertext (SEC 1 with go-ethereum's
// secp256k1 parameters: concatenation KDF over SHA-256, AES-128-CTR,
// HMAC-SHA256 over the ciphertext) given the revealed ECDH point.
func openRevealed(shared *secp256k1.PublicKey, ct, s1 []byte) ([]byte, bool) {
	var z [32]byte
	x := shared.X()
	x.FillBytes(z[:])
	kdf := sha256.New()
	kdf.Write(binary.BigEndian.AppendUint32(nil, 1))
	kdf.Write(z[:])
	kdf.Write(s1)
	k := kdf.Sum(nil)
	encKey, macKey := k[:16], sha256.Sum256(k[16:32])
	body, tag := ct[65:len(ct)-sha256.Size], ct[len(ct)-sha256.Size:]
	mac := hmac.New(sha256.New, macKey[:])
	mac.Write(body)
	if !hmac.Equal(mac.Sum(nil), tag) {
		return nil, false
	}
	block, err := aes.NewCipher(encKey)
	if err != nil {
		return nil, false
	}
	plain := make([]byte, len(body)-aes.BlockSize)
	cipher.NewCTR(block, body[:aes.BlockSize]).XORKeyStream(plain, body[aes.BlockSize:])
	return plain, true
}

// Bytes returns the fixed-size encoding of the complaint.
func (cp *Complaint) Bytes() []byte {
	out := make([]byte, 0, ComplaintSize)
	out = binary.BigEndian.AppendUint64(out, cp.Eon)
	out = binary.BigEndian.AppendUint32(out, cp.Dealer)
	out = binary.BigEndian.AppendUint32(out, cp.Member)
	out = append(out, cp.shared.SerializeCompressed()...)
	cb, sb := cp.c.Bytes(), cp.s.Bytes()
	out = append(out, cb[:]...)
	return append(out, sb[:]...)
}

// ComplaintFromBytes decodes a complaint, rejecting a wrong length, an
// invalid point and non-canonical scalars.
func ComplaintFromBytes(b []byte) (*Complaint, error) {
	if len(b) != ComplaintSize {
		return nil, fmt.Errorf("%w: complaint has %d bytes, want %d", ErrInvalidLength, len(b), ComplaintSize)
	}
	r := reader{buf: b}
	cp := &Complaint{Eon: r.uint64(), Dealer: r.uint32(), Member: r.uint32()}
	zb := r.next(33)
	if zb[0] != secp256k1.PubKeyFormatCompressedEven && zb[0] != secp256k1.PubKeyFormatCompressedOdd {
		return nil, fmt.Errorf("%w: shared point not compressed", ErrInvalidPoint)
	}
	z, err := secp256k1.ParsePubKey(zb)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidPoint, err)
	}
	cp.shared = z
	if cp.c.SetByteSlice(r.next(32)) || cp.s.SetByteSlice(r.next(32)) {
		return nil, fmt.Errorf("%w: proof scalar not canonical", ErrInvalidScalar)
	}
	return cp, r.done()
}
