package batch

import (
	"fmt"

	"github.com/ethereum/go-ethereum/rlp"
)

// Payload versions: the first byte of every encoded batch payload.
const (
	// PayloadV1 is RLP(batch) under the codec; decoded, no longer produced.
	PayloadV1 byte = 1
	// PayloadV2 is the column layout of span.go under the codec.
	PayloadV2 byte = 2
	// PayloadVersion is the version Encode produces.
	PayloadVersion = PayloadV2
)

// Batch is the content of one L1 batch: consecutive L2 blocks.
type Batch struct {
	Index  uint64
	Blocks []*Block
}

// First is the first L2 block of the batch.
func (b *Batch) First() uint64 { return b.Blocks[0].Height }

// Last is the last L2 block of the batch.
func (b *Batch) Last() uint64 { return b.Blocks[len(b.Blocks)-1].Height }

// Validate checks the batch is non-empty, bounded, and its blocks consecutive.
func (b *Batch) Validate() error {
	if len(b.Blocks) == 0 || len(b.Blocks) > MaxBlocksPerBatch {
		return fmt.Errorf("%w: %d blocks", ErrTooLarge, len(b.Blocks))
	}
	for i, blk := range b.Blocks {
		if err := blk.Validate(); err != nil {
			return err
		}
		if i > 0 && blk.Height != b.Blocks[i-1].Height+1 {
			return fmt.Errorf("%w: block %d follows %d", ErrBadContent, blk.Height, b.Blocks[i-1].Height)
		}
	}
	return nil
}

// Encode is the payload posted to L1: version ‖ codec ‖ codec(body), the body being the column layout of
// span.go.
func (b *Batch) Encode(codec Codec) ([]byte, error) {
	if err := b.Validate(); err != nil {
		return nil, err
	}
	return compressBody(PayloadV2, codec, encodeSpan(b))
}

// encodeV1 is the version-1 payload (RLP body), kept for tests and comparisons.
func (b *Batch) encodeV1(codec Codec) ([]byte, error) {
	if err := b.Validate(); err != nil {
		return nil, err
	}
	raw, err := rlp.EncodeToBytes(b)
	if err != nil {
		return nil, err
	}
	return compressBody(PayloadV1, codec, raw)
}

func compressBody(version byte, codec Codec, body []byte) ([]byte, error) {
	z, err := codec.Compress(body)
	if err != nil {
		return nil, err
	}
	return append([]byte{version, byte(codec)}, z...), nil
}

// Decode parses a payload of either version; it fails on any trailing or malformed byte. It checks
// structure and bounds, not canonicity: CheckEncoding does that.
func Decode(payload []byte) (*Batch, Codec, error) {
	if len(payload) < 2 || (payload[0] != PayloadV1 && payload[0] != PayloadV2) {
		return nil, 0, fmt.Errorf("%w: bad payload header", ErrBadContent)
	}
	codec := Codec(payload[1])
	raw, err := codec.Decompress(payload[2:])
	if err != nil {
		return nil, 0, err
	}
	if payload[0] == PayloadV2 {
		b, err := decodeSpan(raw)
		return b, codec, err
	}
	b := new(Batch)
	if err := rlp.DecodeBytes(raw, b); err != nil {
		return nil, 0, fmt.Errorf("%w: %v", ErrBadContent, err)
	}
	return b, codec, b.Validate()
}
