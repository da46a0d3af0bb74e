package batch

import (
	"errors"
	"fmt"
	"sync"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/common"
)

// BlockReader reads the FinalizeBlock inputs of committed L2 blocks (the node reads them from CometBFT's
// block and state stores).
type BlockReader interface {
	FinalizeInputs(height int64) (*abcitypes.RequestFinalizeBlock, error)
}

// Builder builds the deterministic batch chain of a node's committed blocks: batch k covers the blocks
// Params.Range(k) and links to batch k-1's hash. Built batches go to the archive, so the chain is built
// once per node.
type Builder struct {
	params  Params
	reader  BlockReader
	archive *Archive

	mu      sync.Mutex
	headers map[uint64]Header // cache of archived headers
}

// NewBuilder returns a builder over reader, archiving into archive.
func NewBuilder(p Params, reader BlockReader, archive *Archive) (*Builder, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &Builder{params: p, reader: reader, archive: archive, headers: make(map[uint64]Header)}, nil
}

// Params are the builder's batch parameters.
func (b *Builder) Params() Params { return b.params }

// Archive is the builder's archive.
func (b *Builder) Archive() *Archive { return b.archive }

// Header returns the header of batch index, building every missing batch up to it.
func (b *Builder) Header(index uint64) (Header, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.header(index)
}

// Sealed returns batch index as posted to L1 (from the archive once built).
func (b *Builder) Sealed(index uint64) (*Sealed, error) {
	if _, err := b.Header(index); err != nil {
		return nil, err
	}
	return b.archive.Get(index)
}

func (b *Builder) header(index uint64) (Header, error) {
	if h, ok := b.headers[index]; ok {
		return h, nil
	}
	// Find the highest archived ancestor, then build forward from it.
	start := index
	for {
		if s, err := b.archive.Get(start); err == nil {
			b.headers[start] = s.Header
			break
		} else if !errors.Is(err, ErrNotArchived) {
			return Header{}, err
		}
		if start == 0 {
			break
		}
		start--
	}
	for i := start; i <= index; i++ {
		if _, ok := b.headers[i]; ok {
			continue
		}
		if err := b.build(i); err != nil {
			return Header{}, err
		}
	}
	return b.headers[index], nil
}

func (b *Builder) build(index uint64) error {
	var prev common.Hash
	if index > 0 {
		ph, ok := b.headers[index-1]
		if !ok {
			return fmt.Errorf("batch %d: previous header missing", index)
		}
		prev = ph.Hash()
	}
	first, last := b.params.Range(index)
	bt := &Batch{Index: index}
	for h := first; h <= last; h++ {
		req, err := b.reader.FinalizeInputs(int64(h))
		if err != nil {
			return fmt.Errorf("batch %d: block %d: %w", index, h, err)
		}
		blk, err := FromFinalizeRequest(req)
		if err != nil {
			return fmt.Errorf("batch %d: block %d: %w", index, h, err)
		}
		bt.Blocks = append(bt.Blocks, blk)
	}
	s, err := Seal(bt, prev, b.params)
	if err != nil {
		return fmt.Errorf("batch %d: %w", index, err)
	}
	if err := b.archive.Put(s); err != nil {
		return fmt.Errorf("archive batch %d: %w", index, err)
	}
	b.headers[index] = s.Header
	return nil
}
