package batch

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/ethereum/go-ethereum/params"
)

// Blob packing: the blob is 1024 groups of 4 field elements; each group carries 127 payload bytes, 31 in
// bytes 1-31 of each element and the remaining 3 bytes as four 6-bit values in the elements' first bytes
// (so every element stays below 2^254, under the BLS modulus). The payload stream starts with its length
// (4 bytes, big endian). Unused space is zero, and decoding checks it is.
const (
	fieldElements   = 4096
	elementsInGroup = 4
	groupBytes      = elementsInGroup*31 + 3
	// BlobCapacity is the payload bytes one blob holds.
	BlobCapacity = fieldElements / elementsInGroup * groupBytes
	lengthPrefix = 4
	// MaxBlobs bounds the blobs of one batch: Osaka's per-transaction limit (EIP-7594), below
	// BatchInbox.MAX_BLOBS (16). A batch of more blobs could never be included on L1.
	MaxBlobs = params.BlobTxMaxBlobs
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
		for g := 0; g < fieldElements/elementsInGroup; g++ {
			off := i*BlobCapacity + g*groupBytes
			packGroup(blobs[i][g*128:(g+1)*128], stream[off:off+groupBytes])
		}
	}
	return blobs, nil
}

// packGroup writes 127 bytes into 4 field elements.
func packGroup(dst, src []byte) {
	for e := 0; e < elementsInGroup; e++ {
		copy(dst[e*32+1:(e+1)*32], src[e*31:(e+1)*31])
	}
	x := uint32(src[124])<<16 | uint32(src[125])<<8 | uint32(src[126])
	for e := 0; e < elementsInGroup; e++ {
		dst[e*32] = byte(x>>(18-6*e)) & 0x3f
	}
}

// unpackGroup inverts packGroup, refusing elements with either top bit set.
func unpackGroup(dst, src []byte) bool {
	var x uint32
	for e := 0; e < elementsInGroup; e++ {
		if src[e*32] > 0x3f {
			return false
		}
		x = x<<6 | uint32(src[e*32])
		copy(dst[e*31:(e+1)*31], src[e*32+1:(e+1)*32])
	}
	dst[124], dst[125], dst[126] = byte(x>>16), byte(x>>8), byte(x)
	return true
}

// FromBlobs unpacks a payload packed by ToBlobs, refusing non-canonical packings.
func FromBlobs(blobs []kzg4844.Blob) ([]byte, error) {
	if len(blobs) == 0 || len(blobs) > MaxBlobs {
		return nil, fmt.Errorf("%w: %d blobs", ErrBadContent, len(blobs))
	}
	stream := make([]byte, len(blobs)*BlobCapacity)
	for i := range blobs {
		for g := 0; g < fieldElements/elementsInGroup; g++ {
			off := i*BlobCapacity + g*groupBytes
			if !unpackGroup(stream[off:off+groupBytes], blobs[i][g*128:(g+1)*128]) {
				return nil, fmt.Errorf("%w: blob %d group %d: element above 2^254", ErrBadContent, i, g)
			}
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
