package batch

import (
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

// noLimit lets the builder read blocks until the reader has no more.
const noLimit = ^uint64(0)

// Builder builds the deterministic batch chain of a node's committed blocks. Batch k starts right after
// batch k-1's last block (after Params.GenesisBlock for k = 0) and ends where the cut rule says (see
// fits): after Params.Interval blocks, or before the block that would push the encoded payload over the
// medium's limit. The rule reads only committed blocks, so every node cuts the same batches; the cut after
// block E is known once block E+1 is committed. Built batches go to the archive, so the chain is built
// once per node and survives restarts.
type Builder struct {
	params  Params
	reader  BlockReader
	archive *Archive

	mu      sync.Mutex
	headers map[uint64]Header // cache of built and archived headers
	started bool
	next    uint64     // the first batch index not built yet
	open    *openBatch // blocks read so far of batch next
}

// openBatch is the batch being filled.
type openBatch struct {
	first  uint64
	blocks []*Block
	raw    int // sum of the blocks' encodedBound
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

// Header returns the header of batch index, building every missing batch up to it; it fails while the
// blocks that decide the batch's cut are not committed.
func (b *Builder) Header(index uint64) (Header, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.advance(noLimit, index); err != nil {
		return Header{}, err
	}
	return b.headerAt(index)
}

// Decided returns the header of batch index if blocks up to committed decide it (ok false otherwise).
func (b *Builder) Decided(index, committed uint64) (h Header, ok bool, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.advance(committed, index); err != nil {
		return Header{}, false, err
	}
	if index >= b.next {
		return Header{}, false, nil
	}
	h, err = b.headerAt(index)
	return h, err == nil, err
}

// EndingAt reports whether block height ends a batch, and which. It reads blocks up to height+1, which
// must be committed.
func (b *Builder) EndingAt(height uint64) (index uint64, ok bool, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if height <= b.params.GenesisBlock {
		return 0, false, nil
	}
	if err := b.advance(height+1, noLimit); err != nil {
		return 0, false, err
	}
	for i := b.next; i > 0; i-- {
		h, err := b.headerAt(i - 1)
		if err != nil {
			return 0, false, err
		}
		if h.Last <= height {
			return h.Index, h.Last == height, nil
		}
	}
	return 0, false, nil
}

// Sealed returns batch index as posted to L1 (from the archive once built).
func (b *Builder) Sealed(index uint64) (*Sealed, error) {
	if _, err := b.Header(index); err != nil {
		return nil, err
	}
	return b.archive.Get(index)
}

// headerAt returns a built header from the cache or the archive.
func (b *Builder) headerAt(index uint64) (Header, error) {
	if h, ok := b.headers[index]; ok {
		return h, nil
	}
	s, err := b.archive.Get(index)
	if err != nil {
		return Header{}, err
	}
	b.headers[index] = s.Header
	return s.Header, nil
}

// start finds the archived prefix of the batch chain (archived batches are contiguous from 0).
func (b *Builder) start() error {
	if b.started {
		return nil
	}
	if b.archive.Has(0) {
		hi := uint64(1)
		for b.archive.Has(hi) {
			hi *= 2
		}
		lo := hi / 2 // archived; hi is not
		for lo+1 < hi {
			if mid := lo + (hi-lo)/2; b.archive.Has(mid) {
				lo = mid
			} else {
				hi = mid
			}
		}
		if _, err := b.headerAt(lo); err != nil {
			return err
		}
		b.next = lo + 1
	}
	b.started = true
	return nil
}

// nextFirst is the first block of batch b.next.
func (b *Builder) nextFirst() (uint64, error) {
	if b.next == 0 {
		return b.params.GenesisBlock + 1, nil
	}
	h, err := b.headerAt(b.next - 1)
	return h.Last + 1, err
}

// advance reads committed blocks up to limit, cutting and sealing batches, until batch until is built or
// the next block is beyond limit.
func (b *Builder) advance(limit, until uint64) error {
	if err := b.start(); err != nil {
		return err
	}
	for b.next <= until {
		if b.open == nil {
			first, err := b.nextFirst()
			if err != nil {
				return err
			}
			b.open = &openBatch{first: first}
		}
		height := b.open.first + uint64(len(b.open.blocks))
		if height > limit {
			return nil
		}
		if err := b.addBlock(height); err != nil {
			return err
		}
	}
	return nil
}

// addBlock reads block height and adds it to the open batch, sealing the batch before it when the block
// does not fit, and after it when the batch is full.
func (b *Builder) addBlock(height uint64) error {
	blk, size, err := b.readBlock(height)
	if err != nil {
		return err
	}
	if len(b.open.blocks) > 0 {
		fit, err := b.fits(blk, size)
		if err != nil {
			return err
		}
		if !fit {
			if err := b.sealOpen(); err != nil {
				return err
			}
			b.open = &openBatch{first: height}
		}
	}
	b.open.blocks = append(b.open.blocks, blk)
	b.open.raw += size
	if uint64(len(b.open.blocks)) == b.params.Interval {
		return b.sealOpen()
	}
	return nil
}

// readBlock reads the re-execution inputs of a committed block and its encodedBound.
func (b *Builder) readBlock(height uint64) (*Block, int, error) {
	req, err := b.reader.FinalizeInputs(int64(height))
	if err != nil {
		return nil, 0, fmt.Errorf("batch %d: block %d: %w", b.next, height, err)
	}
	blk, err := FromFinalizeRequest(req)
	if err != nil {
		return nil, 0, fmt.Errorf("batch %d: block %d: %w", b.next, height, err)
	}
	return blk, encodedBound(blk), nil
}

// fits is the cut rule applied to the open batch: whether it still encodes within the medium's payload
// limit with blk appended.
func (b *Builder) fits(blk *Block, size int) (bool, error) {
	blocks := append(append(make([]*Block, 0, len(b.open.blocks)+1), b.open.blocks...), blk)
	fit, err := b.params.fits(b.next, blocks, b.open.raw+size)
	if err != nil {
		return false, fmt.Errorf("batch %d: %w", b.next, err)
	}
	return fit, nil
}

// sealOpen seals the open batch, archives it and opens the next.
func (b *Builder) sealOpen() error {
	var prev common.Hash
	if b.next > 0 {
		ph, err := b.headerAt(b.next - 1)
		if err != nil {
			return fmt.Errorf("batch %d: previous header: %w", b.next, err)
		}
		prev = ph.Hash()
	}
	s, err := Seal(&Batch{Index: b.next, Blocks: b.open.blocks}, prev, b.params)
	if err != nil {
		return fmt.Errorf("batch %d: %w", b.next, err)
	}
	if err := b.archive.Put(s); err != nil {
		return fmt.Errorf("archive batch %d: %w", b.next, err)
	}
	b.headers[b.next] = s.Header
	b.next++
	b.open = nil
	return nil
}
