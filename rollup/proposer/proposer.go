// Package proposer posts L2 output roots to L1's OutputOracle: the output of every Interval-th L2 block once
// L1's batch chain covers it, each with the oracle's bond, and withdraws the bonds of this proposer's outputs
// once they are final. Turns rotate over the sequencer set like the batcher's: output k is proposed by set
// position k mod n, and by the next position when nothing landed Timeout after it became proposable.
package proposer

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

	"github.com/hyperion-rollup/hyperion/rollup/contracts"
)

// MaxBondReturnsPerStep bounds the returnBond transactions one step sends.
const MaxBondReturnsPerStep = 16

// Errors of proposing.
var (
	ErrNothingToPropose = errors.New("proposer: next output not yet provable")
	ErrNotMyTurn        = errors.New("proposer: another proposer's turn")
	ErrBadConfig        = errors.New("proposer: invalid config")
)

// L1 is what the proposer needs from an L1 client.
type L1 interface {
	bind.ContractBackend
	ethereum.TransactionReader
}

// OutputSource gives the committed L2 state root and block hash of a height.
type OutputSource interface {
	Output(height uint64) (stateRoot, blockHash common.Hash, err error)
}

// Config configures a proposer.
type Config struct {
	Oracle, Inbox common.Address
	ChainID       *big.Int
	Key           *ecdsa.PrivateKey
	// Interval is P: outputs are proposed for blocks GenesisBlock + k·P.
	Interval     uint64
	GenesisBlock uint64
	// Self and SetSize decide turns; Timeout hands a turn to the next position.
	Self, SetSize int
	Timeout       time.Duration
}

// Proposer proposes outputs and withdraws bonds.
type Proposer struct {
	cfg       Config
	l1        L1
	src       OutputSource
	oracle    *contracts.OutputOracle
	inbox     *contracts.BatchInbox
	bOracle   *bind.BoundContract
	bInbox    *bind.BoundContract
	bond      *big.Int
	postable  map[uint64]time.Time // local clock: decides turns only
	sent      map[uint64]common.Hash
	returned  uint64 // outputs below this index need no bond return from us
	returning map[uint64]common.Hash
}

// New returns a proposer.
func New(cfg Config, l1 L1, src OutputSource) (*Proposer, error) {
	if cfg.Interval == 0 || cfg.SetSize <= 0 || cfg.Self < 0 || cfg.Self >= cfg.SetSize || cfg.Key == nil {
		return nil, fmt.Errorf("%w: interval %d, position %d of %d", ErrBadConfig, cfg.Interval, cfg.Self, cfg.SetSize)
	}
	o, in := contracts.NewOutputOracle(), contracts.NewBatchInbox()
	return &Proposer{
		cfg: cfg, l1: l1, src: src, oracle: o, inbox: in, bOracle: o.Instance(l1, cfg.Oracle), bInbox: in.Instance(l1, cfg.Inbox),
		postable: make(map[uint64]time.Time), sent: make(map[uint64]common.Hash),
		returning: make(map[uint64]common.Hash),
	}, nil
}

// From is the proposer's L1 address.
func (p *Proposer) From() common.Address { return crypto.PubkeyToAddress(p.cfg.Key.PublicKey) }

// NextTarget is the L2 block of the output after one for block last (GenesisBlock when none exists).
func (p *Proposer) NextTarget(last uint64) uint64 {
	if last < p.cfg.GenesisBlock {
		last = p.cfg.GenesisBlock
	}
	return last - (last-p.cfg.GenesisBlock)%p.cfg.Interval + p.cfg.Interval
}

// Step proposes the next output if L1's batches and this node's committed chain cover its block and it is
// this node's turn. It returns the sent transaction, nil while our earlier post is pending, or an error
// (ErrNothingToPropose, ErrNotMyTurn).
func (p *Proposer) Step(ctx context.Context, committed uint64, now time.Time) (*types.Transaction, error) {
	count, last, err := p.lastOutput(ctx)
	if err != nil {
		return nil, err
	}
	target := p.NextTarget(last)
	batched, err := bind.Call(p.bInbox, &bind.CallOpts{Context: ctx}, p.inbox.PackLastL2Block(), p.inbox.UnpackLastL2Block)
	if err != nil {
		return nil, fmt.Errorf("read inbox: %w", err)
	}
	if target > batched || target > committed {
		return nil, ErrNothingToPropose
	}
	if !p.myTurn(count, now) {
		return nil, ErrNotMyTurn
	}
	if h, ok := p.sent[target]; ok && p.pending(ctx, h) {
		return nil, nil
	}
	tx, err := p.propose(ctx, target)
	if err == nil {
		p.sent[target] = tx.Hash()
	}
	return tx, err
}

func (p *Proposer) myTurn(index uint64, now time.Time) bool {
	seen, ok := p.postable[index]
	if !ok {
		seen = now
		p.postable[index] = now
	}
	slot := uint64(0)
	if waited := now.Sub(seen); p.cfg.Timeout > 0 && waited > 0 {
		slot = uint64(waited / p.cfg.Timeout)
	}
	return int((index+slot)%uint64(p.cfg.SetSize)) == p.cfg.Self
}

// lastOutput returns the oracle's output count and the L2 block of its last output (GenesisBlock if none).
func (p *Proposer) lastOutput(ctx context.Context) (uint64, uint64, error) {
	opts := &bind.CallOpts{Context: ctx}
	count, err := bind.Call(p.bOracle, opts, p.oracle.PackOutputCount(), p.oracle.UnpackOutputCount)
	if err != nil {
		return 0, 0, fmt.Errorf("read oracle: %w", err)
	}
	if count.Sign() == 0 {
		return 0, p.cfg.GenesisBlock, nil
	}
	out, err := bind.Call(p.bOracle, opts, p.oracle.PackGetOutput(new(big.Int).Sub(count, common.Big1)), p.oracle.UnpackGetOutput)
	if err != nil {
		return 0, 0, fmt.Errorf("read oracle: %w", err)
	}
	return count.Uint64(), out.L2Block.Uint64(), nil
}

func (p *Proposer) propose(ctx context.Context, target uint64) (*types.Transaction, error) {
	if p.bond == nil {
		bond, err := bind.Call(p.bOracle, &bind.CallOpts{Context: ctx}, p.oracle.PackBond(), p.oracle.UnpackBond)
		if err != nil {
			return nil, fmt.Errorf("read bond: %w", err)
		}
		p.bond = bond
	}
	root, hash, err := p.src.Output(target)
	if err != nil {
		return nil, fmt.Errorf("output of block %d: %w", target, err)
	}
	opts := p.transactOpts(ctx)
	opts.Value = p.bond
	return p.bOracle.RawTransact(opts, p.oracle.PackPropose(target, root, hash, WithdrawalsRoot))
}

// WithdrawalsRoot is the root of the L2→L1 message store: empty (zero) until a bridge exists.
var WithdrawalsRoot = common.Hash{}

// ReturnBonds sends returnBond for this proposer's finalized outputs whose bond is still held (at most
// MaxBondReturnsPerStep per call).
func (p *Proposer) ReturnBonds(ctx context.Context) ([]*types.Transaction, error) {
	opts := &bind.CallOpts{Context: ctx}
	fin, err := bind.Call(p.bOracle, opts, p.oracle.PackFinalizedCount(), p.oracle.UnpackFinalizedCount)
	if err != nil {
		return nil, fmt.Errorf("read oracle: %w", err)
	}
	var txs []*types.Transaction
	me := p.From()
	settled := true // every output below i is ours-and-returned or not ours
	for i := p.returned; i < fin.Uint64() && len(txs) < MaxBondReturnsPerStep; i++ {
		idx := new(big.Int).SetUint64(i)
		out, err := bind.Call(p.bOracle, opts, p.oracle.PackGetOutput(idx), p.oracle.UnpackGetOutput)
		if err != nil {
			return txs, err
		}
		if out.Proposer == me && !out.BondReturned {
			settled = false
			if h, ok := p.returning[i]; ok && p.pending(ctx, h) {
				continue
			}
			tx, err := p.bOracle.RawTransact(p.transactOpts(ctx), p.oracle.PackReturnBond(idx))
			if err != nil {
				return txs, fmt.Errorf("return bond %d: %w", i, err)
			}
			p.returning[i] = tx.Hash()
			txs = append(txs, tx)
			continue
		}
		delete(p.returning, i)
		if settled {
			p.returned = i + 1
		}
	}
	return txs, nil
}

func (p *Proposer) transactOpts(ctx context.Context) *bind.TransactOpts {
	opts := bind.NewKeyedTransactor(p.cfg.Key, p.cfg.ChainID)
	opts.Context = ctx
	return opts
}

// pending reports whether transaction h is known to L1 and not yet included.
func (p *Proposer) pending(ctx context.Context, h common.Hash) bool {
	_, isPending, err := p.l1.TransactionByHash(ctx, h)
	return err == nil && isPending
}
