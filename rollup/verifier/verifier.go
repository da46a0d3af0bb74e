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

	"github.com/ethereum/go-ethereum"
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
	// Params are the chain's batch parameters (consensus parameters): every posted batch is re-checked
	// against them (medium, codec, cut rule, genesis block), not taken on trust from its signers.
	Params batch.Params
	// Blobs is the blob source; nil verifies calldata batches only.
	Blobs BlobSource
}

// Report is the result of a verification.
type Report struct {
	Batches, Blocks, Outputs int
	// Txs counts the transactions of the re-executed blocks (system transactions included).
	Txs int
	// Media counts batches per medium: "calldata from L1" and "blobs from <source>".
	Media     map[string]int
	LastBlock uint64
	// CutPending is set when the last batch holds fewer than Interval blocks: whether it was cut by
	// size can only be checked once the next batch (its first block) is posted.
	CutPending bool
	// Execution is the time spent executing blocks; Total the whole verification after the L1 reads.
	Execution, Total time.Duration
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
	return VerifyPosted(ctx, l1, cfg, exec, batches, outputs)
}

// VerifyPosted verifies batches and outputs already read from L1, in order: for each batch its link to
// the previous one (index, previous hash, contiguous L2 range), its data against the commitment L1
// recorded, its encoding and cut, then it re-executes the blocks and compares every output root.
func VerifyPosted(ctx context.Context, l1 ethereum.TransactionReader, cfg Config, exec Executor, batches []PostedBatch, outputs []Output) (*Report, error) {
	if err := cfg.Params.Validate(); err != nil {
		return nil, err
	}
	start := time.Now()
	want := make(map[uint64]Output, len(outputs))
	for _, o := range outputs {
		want[o.L2Block] = o
	}
	rep := &Report{Media: map[string]int{}, LastBlock: cfg.Params.GenesisBlock}
	defer func() { rep.Total = time.Since(start) }()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var prev *batch.Batch
	for d := range deriveAhead(ctx, l1, cfg, batches, rep.LastBlock) {
		if d.err != nil {
			return rep, d.err
		}
		rep.Media[d.medium]++
		if err := executeBatch(exec, d.batch, want, rep); err != nil {
			return rep, err
		}
		prev = d.batch
		rep.Batches++
	}
	return rep, finishCut(cfg.Params, prev, rep)
}

// derived is one batch fetched, checked and decoded, or the error that stops the derivation.
type derived struct {
	batch  *batch.Batch
	medium string
	err    error
}

// deriveAhead derives the batches in order on its own goroutine, up to deriveDepth ahead of execution, so
// fetching, checking (link, data, encoding, the previous batch's cut) and decoding overlap re-execution; it stops after the first error or when ctx ends.
func deriveAhead(ctx context.Context, l1 ethereum.TransactionReader, cfg Config, batches []PostedBatch, genesis uint64) <-chan derived {
	out := make(chan derived, deriveDepth)
	go func() {
		defer close(out)
		var prevHash common.Hash
		var prev *batch.Batch
		last := genesis
		for i, pb := range batches {
			b, medium, err := deriveBatch(ctx, l1, cfg, pb, uint64(i), prevHash, last)
			if err == nil && prev != nil {
				err = batch.CheckCut(cfg.Params, prev, b.Blocks[0])
			}
			select {
			case out <- derived{batch: b, medium: medium, err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
			prev, prevHash, last = b, pb.Event.BatchHash, b.Last()
		}
	}()
	return out
}

// deriveDepth is how many derived batches may wait for execution.
const deriveDepth = 2

// finishCut checks what can be checked of the last batch's cut.
func finishCut(p batch.Params, last *batch.Batch, rep *Report) error {
	if last == nil {
		return nil
	}
	rep.CutPending = uint64(len(last.Blocks)) < p.Interval
	return batch.CheckCut(p, last, nil)
}

// deriveBatch checks a posted batch's link, fetches and checks its data and decodes it.
func deriveBatch(ctx context.Context, l1 ethereum.TransactionReader, cfg Config, pb PostedBatch, index uint64, prev common.Hash, last uint64) (*batch.Batch, string, error) {
	if err := checkLink(pb.Event, index, prev, last); err != nil {
		return nil, "", err
	}
	if pb.Event.Medium != cfg.Params.Medium {
		return nil, "", fmt.Errorf("%w: batch %d posted with medium %d, the chain's is %d", ErrBadBatchData, pb.Event.Index, pb.Event.Medium, cfg.Params.Medium)
	}
	payload, medium, err := batchPayload(ctx, l1, cfg.Blobs, pb)
	if err != nil {
		return nil, "", err
	}
	b, _, err := batch.Decode(payload)
	if err != nil {
		return nil, "", fmt.Errorf("batch %d: %w", pb.Event.Index, err)
	}
	if b.Index != pb.Event.Index || b.First() != pb.Event.FirstBlock || b.Last() != pb.Event.LastBlock {
		return nil, "", fmt.Errorf("%w: batch %d (blocks %d-%d) holds batch %d, blocks %d-%d",
			ErrBadBatchData, pb.Event.Index, pb.Event.FirstBlock, pb.Event.LastBlock, b.Index, b.First(), b.Last())
	}
	if err := batch.CheckEncoding(cfg.Params, b, payload); err != nil {
		return nil, "", err
	}
	return b, medium, nil
}

// checkLink checks a batch follows the previous one: next index, first block right after the previous
// batch's last, a non-empty range, and a hash that commits to the previous batch's hash.
func checkLink(ev *contracts.BatchInboxBatchAppended, index uint64, prev common.Hash, last uint64) error {
	switch {
	case ev.Index != index:
		return fmt.Errorf("%w: batch %d posted where batch %d belongs", ErrBrokenChain, ev.Index, index)
	case ev.FirstBlock != last+1:
		return fmt.Errorf("%w: batch %d starts at block %d, not %d", ErrBrokenChain, ev.Index, ev.FirstBlock, last+1)
	case ev.LastBlock < ev.FirstBlock:
		return fmt.Errorf("%w: batch %d ends at block %d before its first %d", ErrBrokenChain, ev.Index, ev.LastBlock, ev.FirstBlock)
	case len(ev.BlobHashes) > batch.MaxBlobs:
		return fmt.Errorf("%w: batch %d has %d blobs", ErrBadBatchData, ev.Index, len(ev.BlobHashes))
	}
	h := batch.Header{Index: ev.Index, First: ev.FirstBlock, Last: ev.LastBlock, PrevHash: prev, Medium: ev.Medium, DataHash: ev.DataHash}
	if h.Hash() != ev.BatchHash {
		return fmt.Errorf("%w: batch %d hash %s does not commit to the previous batch hash %s", ErrBrokenChain, ev.Index,
			common.Hash(ev.BatchHash), prev)
	}
	return nil
}

// executeBatch re-executes a batch's blocks and compares the outputs L1 holds for them.
func executeBatch(exec Executor, b *batch.Batch, want map[uint64]Output, rep *Report) error {
	for _, blk := range b.Blocks {
		start := time.Now()
		root, hash, err := exec.Execute(blk)
		rep.Execution += time.Since(start)
		if err != nil {
			return fmt.Errorf("batch %d: execute block %d: %w", b.Index, blk.Height, err)
		}
		rep.Blocks++
		rep.Txs += len(blk.Txs)
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
func batchPayload(ctx context.Context, l1 ethereum.TransactionReader, blobs BlobSource, pb PostedBatch) ([]byte, string, error) {
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
