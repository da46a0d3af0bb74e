package tenc

import (
	"crypto/ecdsa"
	"encoding/binary"
	"fmt"

	"github.com/ethereum/go-ethereum/crypto"
)

// dealtShareTag prefixes the ECIES shared information of a dealt share.
const dealtShareTag = "HYPERION-TENC-V1/DKG-SHARE"

// Committee is the member list of one eon's DKG. Member i's secp256k1 DKG
// encryption key is Members[i]; its shares are evaluations at x = i+1.
type Committee struct {
	Eon       uint64
	Threshold int
	members   []*ecdsa.PublicKey
}

// NewCommittee validates the threshold (1 ≤ t ≤ n), the size (n ≤ MaxMembers)
// and every member key (a secp256k1 point), and returns the committee.
func NewCommittee(eon uint64, threshold int, members []*ecdsa.PublicKey) (*Committee, error) {
	if len(members) == 0 || len(members) > MaxMembers {
		return nil, fmt.Errorf("%w: %d members", ErrInvalidCommittee, len(members))
	}
	if threshold < 1 || threshold > len(members) {
		return nil, fmt.Errorf("%w: %d of %d", ErrInvalidThreshold, threshold, len(members))
	}
	c := &Committee{Eon: eon, Threshold: threshold, members: make([]*ecdsa.PublicKey, len(members))}
	for i, pub := range members {
		if pub == nil || pub.X == nil || pub.Y == nil {
			return nil, fmt.Errorf("%w: member %d has no key", ErrInvalidCommittee, i)
		}
		norm, err := crypto.UnmarshalPubkey(crypto.FromECDSAPub(pub))
		if err != nil {
			return nil, fmt.Errorf("%w: member %d: %v", ErrInvalidCommittee, i, err)
		}
		c.members[i] = norm
	}
	return c, nil
}

// Size returns the number of members n.
func (c *Committee) Size() int { return len(c.members) }

// MemberKey returns member i's DKG encryption key.
func (c *Committee) MemberKey(i uint32) (*ecdsa.PublicKey, error) {
	if int(i) >= len(c.members) {
		return nil, fmt.Errorf("%w: %d of %d", ErrMemberOutOfRange, i, len(c.members))
	}
	return c.members[i], nil
}

// shareContext is the ECIES shared information binding a dealt share to its
// eon, dealer and recipient, so a ciphertext cannot be replayed elsewhere.
func shareContext(eon uint64, dealer, member uint32) []byte {
	b := make([]byte, 0, len(dealtShareTag)+16)
	b = append(b, dealtShareTag...)
	b = binary.BigEndian.AppendUint64(b, eon)
	b = binary.BigEndian.AppendUint32(b, dealer)
	return binary.BigEndian.AppendUint32(b, member)
}
