package contracts

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/hyperion-rollup/hyperion/rollup/bls"
)

// Contract constants mirrored in Go (the tests check them against the deployed code).
const (
	// MaxSetSize is SequencerSet.MAX_SET_SIZE.
	MaxSetSize = 128
	// MediumCalldata is BatchInbox.MEDIUM_CALLDATA.
	MediumCalldata uint8 = 0
	// MediumBlobs is BatchInbox.MEDIUM_BLOBS.
	MediumBlobs uint8 = 1
)

// Domain tags of the signed digests.
var (
	// SetChangeTag is SequencerSet.SET_CHANGE_TAG.
	SetChangeTag = crypto.Keccak256Hash([]byte("hyperion.SequencerSet.change.v1"))
	// BatchTag is BatchInbox.BATCH_TAG.
	BatchTag = crypto.Keccak256Hash([]byte("hyperion.BatchInbox.batch.v1"))
)

// Sentinel errors.
var (
	ErrSetSize        = errors.New("contracts: set size out of range")
	ErrSignerIndex    = errors.New("contracts: signer index out of range")
	ErrDuplicateKey   = errors.New("contracts: duplicate key in set")
	ErrProofsMismatch = errors.New("contracts: proofs do not match keys")
)

// SortKeys returns the keys in the order SequencerSet requires: ascending keccak256 of the EIP-2537 encoding.
// It fails on duplicates and on sizes outside [1, MaxSetSize].
func SortKeys(keys []*bls.PublicKey) ([]*bls.PublicKey, error) {
	if len(keys) == 0 || len(keys) > MaxSetSize {
		return nil, fmt.Errorf("%w: %d", ErrSetSize, len(keys))
	}
	out := slices.Clone(keys)
	slices.SortFunc(out, func(a, b *bls.PublicKey) int { return bytes.Compare(keyHash(a), keyHash(b)) })
	for i := 1; i < len(out); i++ {
		if bytes.Equal(keyHash(out[i-1]), keyHash(out[i])) {
			return nil, ErrDuplicateKey
		}
	}
	return out, nil
}

func keyHash(k *bls.PublicKey) []byte { return crypto.Keccak256(k.EIP2537()) }

// ConcatKeys is the `keys` argument of the contracts: the 128-byte encodings in order.
func ConcatKeys(keys []*bls.PublicKey) []byte {
	out := make([]byte, 0, len(keys)*bls.PublicKeyLen)
	for _, k := range keys {
		out = append(out, k.EIP2537()...)
	}
	return out
}

// ConcatSignatures is the `genesisProofs` argument: the 256-byte encodings in order.
func ConcatSignatures(sigs []*bls.Signature) []byte {
	out := make([]byte, 0, len(sigs)*bls.SignatureLen)
	for _, s := range sigs {
		out = append(out, s.EIP2537()...)
	}
	return out
}

// SetHash is SequencerSet.setHash for a set in contract order.
func SetHash(keys []*bls.PublicKey) common.Hash { return crypto.Keccak256Hash(ConcatKeys(keys)) }

// QuorumSize is the fewest signers of an n-key set the contracts accept (more than two thirds).
func QuorumSize(n int) int { return n*2/3 + 1 }

// SignerBitmap sets bit i for every signer position i of a set of size n.
func SignerBitmap(n int, signers []int) (*big.Int, error) {
	bitmap := new(big.Int)
	for _, i := range signers {
		if i < 0 || i >= n {
			return nil, fmt.Errorf("%w: %d of %d", ErrSignerIndex, i, n)
		}
		bitmap.SetBit(bitmap, i, 1)
	}
	return bitmap, nil
}

// SetChangeDigest is SequencerSet.changeDigest: what the outgoing set signs to install newSetHash.
func SetChangeDigest(chainID *big.Int, set common.Address, currentSetHash, newSetHash common.Hash, height uint64) common.Hash {
	return crypto.Keccak256Hash(
		SetChangeTag[:], word(chainID), common.LeftPadBytes(set[:], 32),
		currentSetHash[:], newSetHash[:], uint64Word(height),
	)
}

// BatchHash is BatchInbox.batchHash.
func BatchHash(h BatchInboxBatchHeader, medium uint8, dataHash common.Hash) common.Hash {
	return crypto.Keccak256Hash(
		uint64Word(h.Index), uint64Word(h.FirstBlock), uint64Word(h.LastBlock), h.PrevBatchHash[:],
		uint64Word(uint64(medium)), dataHash[:],
	)
}

// BatchDigest is BatchInbox.batchDigest: what the current set signs for a batch.
func BatchDigest(chainID *big.Int, inbox common.Address, setHash, batchHash common.Hash) common.Hash {
	return crypto.Keccak256Hash(BatchTag[:], word(chainID), common.LeftPadBytes(inbox[:], 32), setHash[:], batchHash[:])
}

// BlobDataHash is the data hash of a blob batch: keccak256 of the concatenated versioned hashes.
func BlobDataHash(versionedHashes []common.Hash) common.Hash {
	buf := make([]byte, 0, len(versionedHashes)*common.HashLength)
	for _, h := range versionedHashes {
		buf = append(buf, h[:]...)
	}
	return crypto.Keccak256Hash(buf)
}

// CalldataDataHash is the data hash of a calldata batch.
func CalldataDataHash(data []byte) common.Hash { return crypto.Keccak256Hash(data) }

// OutputRoot is OutputOracle.computeOutputRoot: keccak256(version 0 ‖ stateRoot ‖ blockHash ‖ withdrawalsRoot).
func OutputRoot(stateRoot, blockHash, withdrawalsRoot common.Hash) common.Hash {
	return crypto.Keccak256Hash(make([]byte, 32), stateRoot[:], blockHash[:], withdrawalsRoot[:])
}

func word(v *big.Int) []byte { return common.LeftPadBytes(v.Bytes(), 32) }

func uint64Word(v uint64) []byte {
	out := make([]byte, 32)
	binary.BigEndian.PutUint64(out[24:], v)
	return out
}
