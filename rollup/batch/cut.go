package batch

import (
	"errors"
	"fmt"
)

// Errors of batch re-checks.
var (
	// ErrBadCut is returned for a batch that does not follow the deterministic cut rule.
	ErrBadCut = errors.New("batch: cut rule broken")
	// ErrNotCanonical is returned for a payload that is not its batch's encoding under the chain's codec.
	ErrNotCanonical = errors.New("batch: payload is not the canonical encoding")
)

// fits is the cut rule shared by the builder and the verifier: whether blocks, as batch index, encode
// within the medium's payload limit; raw is the sum of the blocks' encodedBound. A size bound answers
// without compressing while the batch is far from the limit.
func (p Params) fits(index uint64, blocks []*Block, raw int) (bool, error) {
	limit := p.PayloadLimit()
	if payloadOverhead+CompressBound(raw+spanOverhead) <= limit {
		return true, nil
	}
	payload, err := (&Batch{Index: index, Blocks: blocks}).Encode(p.Codec)
	if err != nil {
		return false, err
	}
	return len(payload) <= limit, nil
}

// CheckCut re-checks that b is the batch the builder cuts from the same blocks: at most Interval blocks,
// and, when it holds fewer, cut only because next (the first block of the following batch) would not
// have fit. With next nil (the following batch is not known yet) only the interval bound is checked.
func CheckCut(p Params, b *Batch, next *Block) error {
	n := uint64(len(b.Blocks))
	if n == 0 || n > p.Interval {
		return fmt.Errorf("%w: batch %d holds %d blocks, interval %d", ErrBadCut, b.Index, n, p.Interval)
	}
	if next == nil || n == p.Interval {
		return nil
	}
	if next.Height != b.Last()+1 {
		return fmt.Errorf("%w: batch %d ends at block %d, the next batch starts at %d", ErrBadCut, b.Index, b.Last(), next.Height)
	}
	raw := 0
	blocks := append(append(make([]*Block, 0, n+1), b.Blocks...), next)
	for _, blk := range blocks {
		raw += encodedBound(blk)
	}
	fit, err := p.fits(b.Index, blocks, raw)
	if err != nil {
		return fmt.Errorf("batch %d: %w", b.Index, err)
	}
	if fit {
		return fmt.Errorf("%w: batch %d cut after %d of %d blocks though block %d fits", ErrBadCut, b.Index, n, p.Interval, next.Height)
	}
	return nil
}

// CheckEncoding re-checks that payload is exactly b encoded with the parameters' codec, so a batch in
// another codec or with a non-canonical encoding is refused even when it decodes.
func CheckEncoding(p Params, b *Batch, payload []byte) error {
	want, err := b.Encode(p.Codec)
	if err != nil {
		return fmt.Errorf("batch %d: %w", b.Index, err)
	}
	if string(want) != string(payload) {
		return fmt.Errorf("%w: batch %d payload (%d bytes) is not its %s encoding (%d bytes)", ErrNotCanonical, b.Index, len(payload), p.Codec, len(want))
	}
	return nil
}
