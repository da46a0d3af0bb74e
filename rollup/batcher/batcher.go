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
	"strings"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/txpool"
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
	NonceAt(ctx context.Context, account common.Address, blockNumber *big.Int) (uint64, error)
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
	sent     map[uint64]sentTx
}

// sentTx is this batcher's latest transaction for a batch index.
type sentTx struct {
	hash common.Hash
	at   time.Time
	bump int
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
		self: self, postable: make(map[uint64]time.Time), sent: make(map[uint64]sentTx),
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
	h, decided, err := b.builder.Decided(index, committed)
	if err != nil {
		return nil, fmt.Errorf("build batch %d: %w", index, err)
	}
	if !decided || committed < attest.RecordedAt(h.Last) {
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
	bump := 0
	if rec, ok := b.sent[index]; ok && b.pending(ctx, rec.hash) {
		if b.cfg.Timeout <= 0 || now.Sub(rec.at) < b.cfg.Timeout/2 {
			return nil, nil // our post is still in flight
		}
		bump = rec.bump + 1 // stuck for half our turn: replace it at the same nonce with doubled fees
	}
	tx, bump, err := b.postBumping(ctx, index, bump)
	if err == nil {
		b.sent[index] = sentTx{hash: tx.Hash(), at: now, bump: bump}
	}
	return tx, err
}

func (b *Batcher) pending(ctx context.Context, h common.Hash) bool {
	_, isPending, err := b.l1.TransactionByHash(ctx, h)
	return err == nil && isPending
}

// Post aggregates batch index's recorded signatures and sends it in its medium, at the account's next
// confirmed nonce: a transaction of ours still in flight from before a restart is replaced, not doubled.
func (b *Batcher) Post(ctx context.Context, index uint64) (*types.Transaction, error) {
	tx, _, err := b.postBumping(ctx, index, 0)
	return tx, err
}

// postBumping posts with fees doubled bump times, doubling again while L1's pool refuses the replacement
// of a transaction at the same nonce (geth's blob pool wants +100%, the legacy pool +10%).
func (b *Batcher) postBumping(ctx context.Context, index uint64, bump int) (*types.Transaction, int, error) {
	for ; ; bump++ {
		tx, err := b.post(ctx, index, bump)
		if err == nil || bump >= MaxFeeBumps || !replacementRefused(err) {
			return tx, bump, err
		}
	}
}

// MaxFeeBumps bounds the fee doublings of one batch post.
const MaxFeeBumps = 6

func replacementRefused(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, txpool.ErrReplaceUnderpriced.Error()) || strings.Contains(msg, txpool.ErrAlreadyKnown.Error())
}

func (b *Batcher) post(ctx context.Context, index uint64, bump int) (*types.Transaction, error) {
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
	f, err := b.fees(ctx, bump)
	if err != nil {
		return nil, err
	}
	if s.Header.Medium == batch.MediumBlobs {
		return b.sendBlobs(ctx, s, att, f)
	}
	opts := b.transactOpts(ctx)
	opts.Nonce, opts.GasTipCap, opts.GasFeeCap = new(big.Int).SetUint64(f.nonce), f.tip, f.feeCap
	return b.bound.RawTransact(opts, b.inbox.PackSubmitCalldataBatch(s.Header.Inbox(), s.Payload, att.Contract()))
}

// fees are the nonce and fee caps of a post.
type fees struct {
	nonce                   uint64
	tip, feeCap, blobFeeCap *big.Int
}

// fees returns the next confirmed nonce and the suggested fees doubled bump times.
func (b *Batcher) fees(ctx context.Context, bump int) (fees, error) {
	nonce, err := b.l1.NonceAt(ctx, b.From(), nil)
	if err != nil {
		return fees{}, err
	}
	tip, err := b.l1.SuggestGasTipCap(ctx)
	if err != nil {
		return fees{}, err
	}
	head, err := b.l1.HeaderByNumber(ctx, nil)
	if err != nil {
		return fees{}, err
	}
	mul := new(big.Int).Lsh(common.Big1, uint(bump))
	feeCap := new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(2)))
	return fees{nonce: nonce, tip: tip.Mul(tip, mul), feeCap: feeCap.Mul(feeCap, mul), blobFeeCap: new(big.Int).Mul(b.cfg.BlobFeeCap, mul)}, nil
}

func (b *Batcher) transactOpts(ctx context.Context) *bind.TransactOpts {
	opts := bind.NewKeyedTransactor(b.cfg.Key, b.cfg.Domain.ChainID)
	opts.Context = ctx
	return opts
}

// From is the batcher's L1 address.
func (b *Batcher) From() common.Address { return crypto.PubkeyToAddress(b.cfg.Key.PublicKey) }
