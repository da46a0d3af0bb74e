package batch

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
)

// Blob packing: every 32-byte field element carries 31 payload bytes after a zero byte (so it is always
// below the BLS modulus); the first element of the first blob starts with the payload length (4 bytes, big
// endian). Unused space is zero, and decoding checks it is.
const (
	fieldElements   = 4096
	bytesPerElement = 31
	// BlobCapacity is the payload bytes one blob holds.
	BlobCapacity = fieldElements * bytesPerElement
	lengthPrefix = 4
	// MaxBlobs bounds the blobs of one batch (BatchInbox.MAX_BLOBS).
	MaxBlobs = 16
)

// BlobsNeeded is how many blobs a payload of n bytes needs.
func BlobsNeeded(n int) int { return (n + lengthPrefix + BlobCapacity - 1) / BlobCapacity }

// ToBlobs packs a payload into blobs.
func ToBlobs(payload []byte) ([]kzg4844.Blob, error) {
	n := BlobsNeeded(len(payload))
	if n > MaxBlobs {
		return nil, fmt.Errorf("%w: %d bytes need %d blobs", ErrTooLarge, len(payload), n)
	}
	stream := make([]byte, n*BlobCapacity)
	binary.BigEndian.PutUint32(stream, uint32(len(payload)))
	copy(stream[lengthPrefix:], payload)
	blobs := make([]kzg4844.Blob, n)
	for i := range blobs {
		chunk := stream[i*BlobCapacity : (i+1)*BlobCapacity]
		for e := 0; e < fieldElements; e++ {
			copy(blobs[i][e*32+1:(e+1)*32], chunk[e*bytesPerElement:(e+1)*bytesPerElement])
		}
	}
	return blobs, nil
}

// FromBlobs unpacks a payload packed by ToBlobs, refusing non-canonical packings.
func FromBlobs(blobs []kzg4844.Blob) ([]byte, error) {
	if len(blobs) == 0 || len(blobs) > MaxBlobs {
		return nil, fmt.Errorf("%w: %d blobs", ErrBadContent, len(blobs))
	}
	stream := make([]byte, len(blobs)*BlobCapacity)
	for i := range blobs {
		for e := 0; e < fieldElements; e++ {
			if blobs[i][e*32] != 0 {
				return nil, fmt.Errorf("%w: blob %d element %d high byte set", ErrBadContent, i, e)
			}
			copy(stream[i*BlobCapacity+e*bytesPerElement:], blobs[i][e*32+1:(e+1)*32])
		}
	}
	size := int(binary.BigEndian.Uint32(stream))
	if size > len(stream)-lengthPrefix || BlobsNeeded(size) != len(blobs) {
		return nil, fmt.Errorf("%w: length %d in %d blobs", ErrBadContent, size, len(blobs))
	}
	for _, b := range stream[lengthPrefix+size:] {
		if b != 0 {
			return nil, fmt.Errorf("%w: nonzero padding", ErrBadContent)
		}
	}
	return stream[lengthPrefix : lengthPrefix+size], nil
}

// Commitments returns the KZG commitments of blobs and their versioned hashes.
func Commitments(blobs []kzg4844.Blob) ([]kzg4844.Commitment, []common.Hash, error) {
	commits := make([]kzg4844.Commitment, len(blobs))
	hashes := make([]common.Hash, len(blobs))
	hasher := sha256.New()
	for i := range blobs {
		c, err := kzg4844.BlobToCommitment(&blobs[i])
		if err != nil {
			return nil, nil, fmt.Errorf("blob %d commitment: %w", i, err)
		}
		commits[i] = c
		hashes[i] = kzg4844.CalcBlobHashV1(hasher, &c)
	}
	return commits, hashes, nil
}

// Sidecar builds the version-1 sidecar (cell proofs) that Osaka's blob pool requires.
func Sidecar(blobs []kzg4844.Blob, commits []kzg4844.Commitment) (*types.BlobTxSidecar, error) {
	proofs := make([]kzg4844.Proof, 0, len(blobs)*kzg4844.CellProofsPerBlob)
	for i := range blobs {
		p, err := kzg4844.ComputeCellProofs(&blobs[i])
		if err != nil {
			return nil, fmt.Errorf("blob %d cell proofs: %w", i, err)
		}
		proofs = append(proofs, p...)
	}
	return types.NewBlobTxSidecar(types.BlobSidecarVersion1, blobs, commits, proofs), nil
}
