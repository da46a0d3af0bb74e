package batch

import (
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"

	"github.com/hyperion-rollup/hyperion/rollup/contracts"
)

// Media of a batch; the values are BatchInbox's.
const (
	MediumCalldata = contracts.MediumCalldata
	MediumBlobs    = contracts.MediumBlobs
)

// ErrBadParams is returned for invalid batch parameters.
var ErrBadParams = errors.New("batch: invalid parameters")

// Params are the consensus parameters of batching: every validator must use the same, or the quorum signs
// different headers.
type Params struct {
	// Interval is the number of L2 blocks per batch: batch k covers blocks [G+k·Interval+1, G+(k+1)·Interval]
	// where G is GenesisBlock.
	Interval uint64
	// GenesisBlock is the L2 block the batch chain starts after (BatchInbox's genesisL2Block).
	GenesisBlock uint64
	// Codec compresses batch payloads.
	Codec Codec
	// Medium is MediumCalldata or MediumBlobs.
	Medium uint8
}

// Validate checks the parameters.
func (p Params) Validate() error {
	if p.Interval == 0 || p.Interval > MaxBlocksPerBatch {
		return fmt.Errorf("%w: interval %d", ErrBadParams, p.Interval)
	}
	if p.Codec > CodecZstd || p.Medium > MediumBlobs {
		return fmt.Errorf("%w: codec %d medium %d", ErrBadParams, p.Codec, p.Medium)
	}
	return nil
}

// Range is the L2 block range of batch index.
func (p Params) Range(index uint64) (first, last uint64) {
	first = p.GenesisBlock + index*p.Interval + 1
	return first, first + p.Interval - 1
}

// EndingAt reports whether height is the last block of a batch, and which.
func (p Params) EndingAt(height uint64) (index uint64, ok bool) {
	if height <= p.GenesisBlock || (height-p.GenesisBlock)%p.Interval != 0 {
		return 0, false
	}
	return (height-p.GenesisBlock)/p.Interval - 1, true
}

// Header is a batch header as BatchInbox hashes it.
type Header struct {
	Index, First, Last uint64
	PrevHash           common.Hash
	Medium             uint8
	DataHash           common.Hash
}

// Hash is BatchInbox.batchHash of the header.
func (h Header) Hash() common.Hash {
	return contracts.BatchHash(h.Inbox(), h.Medium, h.DataHash)
}

// Inbox is the header argument of BatchInbox's submit functions.
func (h Header) Inbox() contracts.BatchInboxBatchHeader {
	return contracts.BatchInboxBatchHeader{Index: h.Index, FirstBlock: h.First, LastBlock: h.Last, PrevBatchHash: h.PrevHash}
}

// Sealed is a batch encoded for its medium, with its header.
type Sealed struct {
	Header  Header
	Payload []byte
	// Blobs and Commitments are set for MediumBlobs.
	Blobs       []kzg4844.Blob
	Commitments []kzg4844.Commitment
	// BlobHashes are the versioned hashes, for MediumBlobs.
	BlobHashes []common.Hash
}

// Seal encodes b with the parameters' codec, packs it for the medium and computes its header, linked to
// the previous batch's hash.
func Seal(b *Batch, prev common.Hash, p Params) (*Sealed, error) {
	payload, err := b.Encode(p.Codec)
	if err != nil {
		return nil, err
	}
	s := &Sealed{Header: Header{Index: b.Index, First: b.First(), Last: b.Last(), PrevHash: prev, Medium: p.Medium}, Payload: payload}
	switch p.Medium {
	case MediumCalldata:
		if len(payload) > MaxCalldataBytes {
			return nil, fmt.Errorf("%w: %d-byte calldata batch", ErrTooLarge, len(payload))
		}
		s.Header.DataHash = contracts.CalldataDataHash(payload)
	case MediumBlobs:
		if s.Blobs, err = ToBlobs(payload); err != nil {
			return nil, err
		}
		if s.Commitments, s.BlobHashes, err = Commitments(s.Blobs); err != nil {
			return nil, err
		}
		s.Header.DataHash = contracts.BlobDataHash(s.BlobHashes)
	default:
		return nil, fmt.Errorf("%w: medium %d", ErrBadParams, p.Medium)
	}
	return s, nil
}

// MaxCalldataBytes is BatchInbox.MAX_CALLDATA_BYTES.
const MaxCalldataBytes = 131072
