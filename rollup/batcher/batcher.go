// Package batcher posts the attested batch chain to L1's BatchInbox. Batch k is posted by the validator at
// position k mod n of the L1 set; when it has not landed Timeout after the batch became postable, the next
// position takes over, and so on. Before every send the batcher reads the inbox's next index, so a restarted
// or replaced poster never posts a batch twice (the contract would reject the replay anyway).
package batcher

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/hyperion-rollup/hyperion/rollup/attest"
	"github.com/hyperion-rollup/hyperion/rollup/batch"
	"github.com/hyperion-rollup/hyperion/rollup/bls"
	"github.com/hyperion-rollup/hyperion/rollup/contracts"
)

// L1 is what the batcher needs from an L1 client (ethclient and the simulated backend's client both fit).
type L1 interface {
	bind.ContractBackend
	ethereum.TransactionReader
	ethereum.ChainIDReader
}

// Errors of posting.
var (
	ErrNotMyTurn   = errors.New("batcher: another poster's turn")
	ErrNotReady    = errors.New("batcher: batch not yet attested on L2")
	ErrNotInTheSet = errors.New("batcher: poster key not in the L1 set")
)

// Config configures a batcher.
type Config struct {
	// Inbox is the BatchInbox address.
	Inbox common.Address
	// Key signs the L1 transactions.
	Key *ecdsa.PrivateKey
	// Self is this node's BLS key (its position in SetKeys decides its turns).
	Self *bls.PublicKey
	// SetKeys are the L1 set's keys in contract order.
	SetKeys []*bls.PublicKey
	// Domain is the digest domain (L1 chain id, inbox, set hash).
	Domain attest.Domain
	// Timeout is how long a poster has before the next one takes over.
	Timeout time.Duration
	// BlobFeeCap caps the blob fee per blob gas of blob posts (wei).
	BlobFeeCap *big.Int
}

// Batcher posts batches.
type Batcher struct {
	cfg     Config
	l1      L1
	builder *batch.Builder
	reader  batch.BlockReader
	inbox   *contracts.BatchInbox
	bound   *bind.BoundContract
	self    int
	// postable records when each batch index was first seen postable (local clock: decides turns only).
	postable map[uint64]time.Time
	sent     map[uint64]common.Hash
}

// New returns a batcher over the node's batch builder and block reader.
func New(cfg Config, l1 L1, builder *batch.Builder, reader batch.BlockReader) (*Batcher, error) {
	self := -1
	for i, k := range cfg.SetKeys {
		if k.Equal(cfg.Self) {
			self = i
		}
	}
	if self < 0 {
		return nil, ErrNotInTheSet
	}
	inbox := contracts.NewBatchInbox()
	return &Batcher{
		cfg: cfg, l1: l1, builder: builder, reader: reader, inbox: inbox, bound: inbox.Instance(l1, cfg.Inbox),
		self: self, postable: make(map[uint64]time.Time), sent: make(map[uint64]common.Hash),
	}, nil
}

// NextIndex is the index the inbox expects next.
func (b *Batcher) NextIndex(ctx context.Context) (uint64, error) {
	return bind.Call(b.bound, &bind.CallOpts{Context: ctx}, b.inbox.PackNextIndex(), b.inbox.UnpackNextIndex)
}

// Turn is the set position whose turn it is to post a batch that became postable `waited` ago.
func (b *Batcher) Turn(index uint64, waited time.Duration) int {
	n := uint64(len(b.cfg.SetKeys))
	slot := uint64(0)
	if b.cfg.Timeout > 0 && waited > 0 {
		slot = uint64(waited / b.cfg.Timeout)
	}
	return int((index + slot) % n)
}

// Step posts the next batch if it is attested on L2 (committed height >= its recording block), not yet on
// L1, and this node's turn. It returns the sent transaction, or nil with ErrNotReady / ErrNotMyTurn.
func (b *Batcher) Step(ctx context.Context, committed uint64, now time.Time) (*types.Transaction, error) {
	index, err := b.NextIndex(ctx)
	if err != nil {
		return nil, fmt.Errorf("read inbox: %w", err)
	}
	_, last := b.builder.Params().Range(index)
	if committed < attest.RecordedAt(last) {
		return nil, ErrNotReady
	}
	seen, ok := b.postable[index]
	if !ok {
		seen = now
		b.postable[index] = now
	}
	if b.Turn(index, now.Sub(seen)) != b.self {
		return nil, ErrNotMyTurn
	}
	if h, ok := b.sent[index]; ok && b.pending(ctx, h) {
		return nil, nil // our post is still in flight
	}
	tx, err := b.Post(ctx, index)
	if err == nil {
		b.sent[index] = tx.Hash()
	}
	return tx, err
}

func (b *Batcher) pending(ctx context.Context, h common.Hash) bool {
	_, isPending, err := b.l1.TransactionByHash(ctx, h)
	return err == nil && isPending
}

// Post aggregates batch index's recorded signatures and sends it in its medium.
func (b *Batcher) Post(ctx context.Context, index uint64) (*types.Transaction, error) {
	s, err := b.builder.Sealed(index)
	if err != nil {
		return nil, err
	}
	sigs, err := attest.Collect(b.reader, attest.RecordedAt(s.Header.Last), index)
	if err != nil {
		return nil, err
	}
	att, err := attest.Aggregate(b.cfg.SetKeys, b.cfg.Domain, s.Header.Hash(), sigs)
	if err != nil {
		return nil, fmt.Errorf("batch %d: %w", index, err)
	}
	if s.Header.Medium == batch.MediumBlobs {
		return b.sendBlobs(ctx, s, att)
	}
	opts := b.transactOpts(ctx)
	return b.bound.RawTransact(opts, b.inbox.PackSubmitCalldataBatch(s.Header.Inbox(), s.Payload, att.Contract()))
}

func (b *Batcher) transactOpts(ctx context.Context) *bind.TransactOpts {
	opts := bind.NewKeyedTransactor(b.cfg.Key, b.cfg.Domain.ChainID)
	opts.Context = ctx
	return opts
}

// From is the batcher's L1 address.
func (b *Batcher) From() common.Address { return crypto.PubkeyToAddress(b.cfg.Key.PublicKey) }
