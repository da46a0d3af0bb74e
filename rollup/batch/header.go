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
	// Interval is the most L2 blocks one batch covers. A batch is cut after Interval blocks, or earlier
	// when its next block would push its encoded payload over the medium's limit (see Cut).
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

// PayloadLimit is the largest encoded payload the medium carries in one L1 transaction.
func (p Params) PayloadLimit() int {
	if p.Medium == MediumBlobs {
		return MaxBlobs*BlobCapacity - lengthPrefix
	}
	return MaxCalldataPayload
}

// payloadOverhead is the payload's version and codec bytes.
const payloadOverhead = 2

// CompressBound bounds the compressed size of n bytes under every codec at its fixed level (each falls
// back to stored blocks on incompressible input; the bound leaves ample room for their framing).
func CompressBound(n int) int { return n + n/64 + 1024 }

// MaxBlockBytes is the largest block, measured by its encoded-size bound (a kind byte plus the protobuf
// size of each transaction, plus bounded metadata), that always fits alone in one batch of the medium. The
// chain must cap its blocks below it: CometBFT's block.max_bytes counts each transaction at its protobuf size
// and reserves more for the header, commit and evidence than the bound counts for the metadata, so a block
// within block.max_bytes (minus one byte per transaction) fits; a larger block may make a batch unpostable.
func (p Params) MaxBlockBytes() int {
	room := p.PayloadLimit() - payloadOverhead - 1024
	return room*64/65 - spanOverhead
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
		if len(payload) > MaxCalldataPayload {
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

// MaxCalldataPayload is the largest calldata batch payload: L1 nodes refuse transactions above 128 KiB
// (go-ethereum's legacy pool, txMaxSize), and the submitCalldataBatch call also carries the header, the
// attestation (128 bytes per key of the set: up to about 115 keys fit the reserve) and the transaction's
// own fields, so 16 KiB of the 128 are left to them. Larger sets post in blobs.
const MaxCalldataPayload = MaxCalldataBytes - 16<<10
