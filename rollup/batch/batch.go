package batch

import (
	"fmt"
)

// Payload versions: the first byte of every encoded batch payload. Version 1
// (RLP of the batch) was only ever posted to development L1s and is refused.
const (
	// PayloadV2 is the column layout of span.go under the codec.
	PayloadV2 byte = 2
	// PayloadVersion is the version Encode produces and Decode accepts.
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

func compressBody(version byte, codec Codec, body []byte) ([]byte, error) {
	z, err := codec.Compress(body)
	if err != nil {
		return nil, err
	}
	return append([]byte{version, byte(codec)}, z...), nil
}

// Decode parses a payload; it fails on any other version and on any trailing or malformed byte. It checks
// structure and bounds, not canonicity: CheckEncoding does that.
func Decode(payload []byte) (*Batch, Codec, error) {
	if len(payload) < 2 || payload[0] != PayloadVersion {
		return nil, 0, fmt.Errorf("%w: bad payload header", ErrBadContent)
	}
	codec := Codec(payload[1])
	raw, err := codec.Decompress(payload[2:])
	if err != nil {
		return nil, 0, err
	}
	b, err := decodeSpan(raw)
	return b, codec, err
}
