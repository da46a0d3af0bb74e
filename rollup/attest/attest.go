// Package attest produces and collects the sequencer set's BLS attestations of rollup batch headers. A
// batch's end depends on the size of the block after it (batch.Builder cuts a batch before a block that
// would not fit), so the cut after block E is decided once E+1 is committed: a validator signs the header
// of the batch ending at E in its vote extension of height E+2, and the commit-info tx of block E+3 records
// the quorum's extensions on chain, so any later leader can aggregate them into the attestation BatchInbox
// checks.
package attest

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/rollup/batch"
	"github.com/hyperion-rollup/hyperion/rollup/bls"
	"github.com/hyperion-rollup/hyperion/rollup/contracts"
)

// Errors of attestation.
var (
	ErrBadSignature = errors.New("attest: invalid batch signature")
	ErrBelowQuorum  = errors.New("attest: signatures below the quorum")
	ErrNoDomain     = errors.New("attest: L1 domain unknown")
)

// Domain is what a batch digest binds besides the batch hash: the L1 chain, the inbox and the current set.
type Domain struct {
	ChainID *big.Int
	Inbox   common.Address
	SetHash common.Hash
}

// Digest is BatchInbox.batchDigest of a batch hash in this domain.
func (d Domain) Digest(batchHash common.Hash) common.Hash {
	return contracts.BatchDigest(d.ChainID, d.Inbox, d.SetHash, batchHash)
}

// DomainSource supplies the current domain (the node reads the set hash from L1 and caches it).
type DomainSource interface {
	Domain() (Domain, bool)
}

// Signer signs batch headers with the node's BLS key.
type Signer struct {
	key     *bls.SecretKey
	pub     []byte
	builder *batch.Builder
	domain  DomainSource
}

// NewSigner returns a signer over the node's batch builder.
func NewSigner(key *bls.SecretKey, builder *batch.Builder, domain DomainSource) *Signer {
	return &Signer{key: key, pub: key.PublicKey().EIP2537(), builder: builder, domain: domain}
}

// SignDelay is how many blocks after a batch's last block its header is signed in a vote extension.
const SignDelay = 2

// AttestBatch returns the signature to put in the vote extension of height: the header of the batch ending
// at height-SignDelay, or nil when that block ends no batch. Blocks up to height-1 must be committed.
func (s *Signer) AttestBatch(height int64) (*htypes.BatchSignature, error) {
	if height <= SignDelay {
		return nil, nil
	}
	index, ok, err := s.builder.EndingAt(uint64(height - SignDelay))
	if err != nil || !ok {
		return nil, err
	}
	d, ok := s.domain.Domain()
	if !ok {
		return nil, ErrNoDomain
	}
	h, err := s.builder.Header(index)
	if err != nil {
		return nil, err
	}
	hash := h.Hash()
	digest := d.Digest(hash)
	sig, err := s.key.Sign(digest[:])
	if err != nil {
		return nil, err
	}
	return &htypes.BatchSignature{BatchIndex: index, BatchHash: hash[:], PublicKey: s.pub, Signature: sig.EIP2537()}, nil
}

// CheckEncoding is VerifyVoteExtension's cheap check of a batch signature: field sizes only.
func CheckEncoding(bs *htypes.BatchSignature) error {
	if bs == nil {
		return nil
	}
	if len(bs.BatchHash) != common.HashLength || len(bs.PublicKey) != bls.PublicKeyLen || len(bs.Signature) != bls.SignatureLen {
		return fmt.Errorf("%w: field sizes %d/%d/%d", ErrBadSignature, len(bs.BatchHash), len(bs.PublicKey), len(bs.Signature))
	}
	return nil
}

// Attestation is BatchInbox's Attestation argument, with the signer count.
type Attestation struct {
	Keys      []byte
	Signers   *big.Int
	Signature []byte
	Count     int
}

// Contract converts to the binding's struct.
func (a *Attestation) Contract() contracts.BatchInboxAttestation {
	return contracts.BatchInboxAttestation{Keys: a.Keys, Signers: a.Signers, Signature: a.Signature}
}

// Aggregate verifies each signature of batchHash against the digest, keeps those by members of set (keys in
// contract order), and aggregates them. Invalid, foreign or duplicate signatures are dropped, so a
// malicious proposer's garbage cannot spoil the quorum; it fails below the contract's quorum.
func Aggregate(set []*bls.PublicKey, d Domain, batchHash common.Hash, sigs []*htypes.BatchSignature) (*Attestation, error) {
	digest := d.Digest(batchHash)
	signed := make([]bool, len(set))
	var parts []*bls.Signature
	for _, bs := range sigs {
		if CheckEncoding(bs) != nil || !bytes.Equal(bs.BatchHash, batchHash[:]) {
			continue
		}
		i := indexOf(set, bs.PublicKey)
		if i < 0 || signed[i] {
			continue
		}
		sig, err := bls.SignatureFromEIP2537(bs.Signature)
		if err != nil || !bls.Verify(set[i], digest[:], sig) {
			continue
		}
		signed[i] = true
		parts = append(parts, sig)
	}
	if len(parts) < contracts.QuorumSize(len(set)) {
		return nil, fmt.Errorf("%w: %d of %d", ErrBelowQuorum, len(parts), len(set))
	}
	agg, err := bls.AggregateSignatures(parts)
	if err != nil {
		return nil, err
	}
	bitmap := new(big.Int)
	for i, ok := range signed {
		if ok {
			bitmap.SetBit(bitmap, i, 1)
		}
	}
	return &Attestation{Keys: contracts.ConcatKeys(set), Signers: bitmap, Signature: agg.EIP2537(), Count: len(parts)}, nil
}

func indexOf(set []*bls.PublicKey, key []byte) int {
	for i, k := range set {
		if bytes.Equal(k.EIP2537(), key) {
			return i
		}
	}
	return -1
}

// Builder is the signer's batch builder.
func (s *Signer) Builder() *batch.Builder { return s.builder }
