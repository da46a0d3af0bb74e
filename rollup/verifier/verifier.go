// Package verifier rebuilds the L2 chain from what L1 holds: it reads the BatchInbox's batch chain, takes
// each batch's data from L1 calldata or from a blob source (L1 nodes do not serve included sidecars),
// checks it against the data commitment L1 recorded, re-executes every block from genesis with an
// Executor (the node's own, on a fresh store), and compares every output root the OutputOracle holds.
package verifier

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"

	"github.com/hyperion-rollup/hyperion/rollup/batch"
	"github.com/hyperion-rollup/hyperion/rollup/contracts"
)

// Errors of verification.
var (
	ErrTooMany        = errors.New("verifier: too many items on L1")
	ErrBadBatchData   = errors.New("verifier: batch data does not match L1")
	ErrBrokenChain    = errors.New("verifier: batch chain broken")
	ErrOutputMismatch = errors.New("verifier: output root differs from L1")
	ErrNoBlobSource   = errors.New("verifier: blob batch but no blob source")
)

// BlobSource supplies the blobs of a posted blob batch (the beacon API in production, a batch archive in
// tests). The verifier checks them against the versioned hashes L1 recorded.
type BlobSource interface {
	Blobs(ctx context.Context, index uint64, versionedHashes []common.Hash) ([]kzg4844.Blob, error)
	Name() string
}

// Executor re-executes L2 blocks in order from genesis and returns each block's state root and hash.
type Executor interface {
	Execute(b *batch.Block) (stateRoot, blockHash common.Hash, err error)
}

// WithdrawalsRoot is the withdrawals root of every output (no L2→L1 message store yet).
var WithdrawalsRoot = common.Hash{}

// Config configures a verification.
type Config struct {
	Inbox, Oracle common.Address
	// GenesisBlock is the L2 block the batch chain starts after.
	GenesisBlock uint64
	// Blobs is the blob source; nil verifies calldata batches only.
	Blobs BlobSource
}

// Report is the result of a verification.
type Report struct {
	Batches, Blocks, Outputs int
	// Media counts batches per medium: "calldata" and "blobs from <source>".
	Media     map[string]int
	LastBlock uint64
	// Execution is the time spent executing blocks.
	Execution time.Duration
}

// Verify derives and re-executes the whole posted chain.
func Verify(ctx context.Context, l1 L1, cfg Config, exec Executor) (*Report, error) {
	batches, err := ReadBatches(ctx, l1, cfg.Inbox)
	if err != nil {
		return nil, err
	}
	outputs, err := ReadOutputs(ctx, l1, cfg.Oracle)
	if err != nil {
		return nil, err
	}
	want := make(map[uint64]Output, len(outputs))
	for _, o := range outputs {
		want[o.L2Block] = o
	}
	rep := &Report{Media: map[string]int{}, LastBlock: cfg.GenesisBlock}
	var prev common.Hash
	for i, pb := range batches {
		if err := checkLink(pb, uint64(i), prev, rep.LastBlock); err != nil {
			return rep, err
		}
		if err := verifyBatch(ctx, l1, cfg, exec, pb, want, rep); err != nil {
			return rep, err
		}
		prev = pb.Event.BatchHash
		rep.Batches++
	}
	return rep, nil
}

func checkLink(pb PostedBatch, index uint64, prev common.Hash, last uint64) error {
	ev := pb.Event
	if ev.Index != index || ev.FirstBlock != last+1 || ev.LastBlock < ev.FirstBlock {
		return fmt.Errorf("%w: batch %d (blocks %d-%d) at position %d after block %d", ErrBrokenChain, ev.Index, ev.FirstBlock, ev.LastBlock, index, last)
	}
	h := batch.Header{Index: ev.Index, First: ev.FirstBlock, Last: ev.LastBlock, PrevHash: prev, Medium: ev.Medium, DataHash: ev.DataHash}
	if h.Hash() != ev.BatchHash {
		return fmt.Errorf("%w: batch %d hash", ErrBrokenChain, ev.Index)
	}
	return nil
}

func verifyBatch(ctx context.Context, l1 L1, cfg Config, exec Executor, pb PostedBatch, want map[uint64]Output, rep *Report) error {
	payload, medium, err := batchPayload(ctx, l1, cfg.Blobs, pb)
	if err != nil {
		return err
	}
	b, _, err := batch.Decode(payload)
	if err != nil {
		return fmt.Errorf("batch %d: %w", pb.Event.Index, err)
	}
	if b.Index != pb.Event.Index || b.First() != pb.Event.FirstBlock || b.Last() != pb.Event.LastBlock {
		return fmt.Errorf("%w: batch %d content covers %d-%d", ErrBadBatchData, pb.Event.Index, b.First(), b.Last())
	}
	rep.Media[medium]++
	for _, blk := range b.Blocks {
		start := time.Now()
		root, hash, err := exec.Execute(blk)
		rep.Execution += time.Since(start)
		if err != nil {
			return fmt.Errorf("execute block %d: %w", blk.Height, err)
		}
		rep.Blocks++
		rep.LastBlock = blk.Height
		if o, ok := want[blk.Height]; ok {
			if got := contracts.OutputRoot(root, hash, WithdrawalsRoot); got != o.Root {
				return fmt.Errorf("%w: block %d output %d: L1 %s, re-executed %s (state %s, block %s)",
					ErrOutputMismatch, blk.Height, o.Index, o.Root, got, root, hash)
			}
			rep.Outputs++
		}
	}
	return nil
}

// batchPayload returns a batch's payload, checked against L1's data hash, and the medium it came from.
func batchPayload(ctx context.Context, l1 L1, blobs BlobSource, pb PostedBatch) ([]byte, string, error) {
	ev := pb.Event
	if ev.Medium == contracts.MediumCalldata {
		tx, _, err := l1.TransactionByHash(ctx, pb.Tx)
		if err != nil {
			return nil, "", fmt.Errorf("batch %d tx %s: %w", ev.Index, pb.Tx, err)
		}
		data, err := calldataPayload(tx)
		if err != nil {
			return nil, "", err
		}
		if contracts.CalldataDataHash(data) != ev.DataHash {
			return nil, "", fmt.Errorf("%w: batch %d calldata hash", ErrBadBatchData, ev.Index)
		}
		return data, "calldata from L1", nil
	}
	if blobs == nil {
		return nil, "", fmt.Errorf("%w: batch %d", ErrNoBlobSource, ev.Index)
	}
	hashes := make([]common.Hash, len(ev.BlobHashes))
	for i, h := range ev.BlobHashes {
		hashes[i] = h
	}
	if contracts.BlobDataHash(hashes) != ev.DataHash {
		return nil, "", fmt.Errorf("%w: batch %d blob hashes", ErrBadBatchData, ev.Index)
	}
	bl, err := blobs.Blobs(ctx, ev.Index, hashes)
	if err != nil {
		return nil, "", fmt.Errorf("batch %d blobs: %w", ev.Index, err)
	}
	if err := checkBlobs(bl, hashes); err != nil {
		return nil, "", fmt.Errorf("batch %d: %w", ev.Index, err)
	}
	payload, err := batch.FromBlobs(bl)
	return payload, "blobs from " + blobs.Name(), err
}

// checkBlobs verifies that blobs commit to the versioned hashes L1 recorded.
func checkBlobs(blobs []kzg4844.Blob, hashes []common.Hash) error {
	if len(blobs) != len(hashes) {
		return fmt.Errorf("%w: %d blobs for %d hashes", ErrBadBatchData, len(blobs), len(hashes))
	}
	hasher := sha256.New()
	for i := range blobs {
		c, err := kzg4844.BlobToCommitment(&blobs[i])
		if err != nil {
			return err
		}
		if kzg4844.CalcBlobHashV1(hasher, &c) != hashes[i] {
			return fmt.Errorf("%w: blob %d versioned hash", ErrBadBatchData, i)
		}
	}
	return nil
}

// ArchiveBlobs is a BlobSource reading a node's batch archive (the tests' and devnets' blob source).
type ArchiveBlobs struct{ Archive *batch.Archive }

// Blobs returns the archived batch's blobs.
func (a ArchiveBlobs) Blobs(_ context.Context, index uint64, _ []common.Hash) ([]kzg4844.Blob, error) {
	s, err := a.Archive.Get(index)
	if err != nil {
		return nil, err
	}
	return s.Blobs, nil
}

// Name names the source.
func (a ArchiveBlobs) Name() string { return "archive " + a.Archive.Dir() }
