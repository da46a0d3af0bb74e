package abci

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/tenc"
	"github.com/hyperion-rollup/hyperion/x/tenc/envelope"
	"github.com/hyperion-rollup/hyperion/x/tenc/keeper"
)

// Envelope lane bounds (DESIGN.md §3 lane 5, §8).
const (
	// MaxEnvelopesPerBlock caps new envelopes per block, which bounds every
	// validator's shares per extension (48 B + 32 B hash each).
	MaxEnvelopesPerBlock = 64
	// EnvelopeExpiry is K: an envelope included at H that has no key by the
	// end of H+K expires (its fee is kept).
	EnvelopeExpiry = 5
	// maxPooledEnvelopes bounds the envelope pool.
	maxPooledEnvelopes = 4096
)

// Errors of the envelope lane.
var (
	ErrEnvelopeCap   = errors.New("envelopes: per-block cap reached")
	ErrEnvelopeEon   = errors.New("envelopes: not encrypted to the active eon")
	ErrEnvelopeNonce = errors.New("envelopes: wrong envelope nonce")
	ErrEnvelopeFunds = errors.New("envelopes: insufficient funds for the envelope fee")
	ErrNotReady      = errors.New("envelopes: chain not initialized yet")
	errPoolFull      = errors.New("envelopes: pool full")
	errKnownEnvelope = errors.New("envelopes: already known")
)

// pooledEnvelope is one envelope waiting for a block.
type pooledEnvelope struct {
	hash     common.Hash
	env      *htypes.EncryptedTx
	gossiped bool
}

// envelopePool keeps submitted envelopes in arrival order; it is used
// concurrently by CheckTx/InsertTx/ReapTxs and PrepareProposal.
type envelopePool struct {
	mu   sync.Mutex
	list []*pooledEnvelope
	// chainID is the EIP-155 chain id, stored when the chain state is set:
	// SendEnvelope runs on CheckTx and RPC goroutines, which must not read
	// the consensus connection's chain state.
	chainID atomic.Uint64
	// derived is the node's last threshold derivation (lane_decrypted.go),
	// kept with the pool because the pool is the App's threshold-lane state.
	derived derivationCache
	// points caches envelope identities hashed to G1: filled when an
	// envelope enters the pool, used by ExtendVote's shares and by the
	// derivation of the next block (never state: a point is a pure function
	// of its identity).
	points tenc.IdentityPoints
	// dropped remembers envelopes that left the pool unincluded (status).
	dropped droppedEnvelopes
}

func (ep *envelopePool) add(hash common.Hash, env *htypes.EncryptedTx) error {
	ep.mu.Lock()
	defer ep.mu.Unlock()
	if len(ep.list) >= maxPooledEnvelopes {
		return errPoolFull
	}
	for _, e := range ep.list {
		if e.hash == hash {
			return errKnownEnvelope
		}
	}
	ep.list = append(ep.list, &pooledEnvelope{hash: hash, env: env})
	return nil
}

func (ep *envelopePool) snapshot() []*pooledEnvelope {
	ep.mu.Lock()
	defer ep.mu.Unlock()
	return append([]*pooledEnvelope{}, ep.list...)
}

// remove drops the given envelopes (included or stale).
func (ep *envelopePool) remove(drop map[common.Hash]bool) {
	if len(drop) == 0 {
		return
	}
	ep.mu.Lock()
	defer ep.mu.Unlock()
	kept := ep.list[:0]
	for _, e := range ep.list {
		if !drop[e.hash] {
			kept = append(kept, e)
		}
	}
	ep.list = kept
}

// reap returns envelopes not yet handed to gossip.
func (ep *envelopePool) reap() []*htypes.EncryptedTx {
	ep.mu.Lock()
	defer ep.mu.Unlock()
	var out []*htypes.EncryptedTx
	for _, e := range ep.list {
		if !e.gossiped {
			e.gossiped = true
			out = append(out, e.env)
		}
	}
	return out
}

// SendEnvelope validates an envelope's stateless rules and its eon and
// nonce against committed state, and adds it to the pool. It returns the
// envelope hash.
func (a *App) SendEnvelope(env *htypes.EncryptedTx) (common.Hash, error) {
	chainID := a.envelopes.chainID.Load()
	if chainID == 0 {
		return common.Hash{}, ErrNotReady
	}
	sender, err := envelope.Verify(chainID, env)
	if err != nil {
		return common.Hash{}, err
	}
	v := keeper.NewView(a.store)
	eon, err := v.ActiveEon()
	if err != nil {
		return common.Hash{}, err
	}
	if eon == nil || eon.Eon != env.Eon {
		return common.Hash{}, ErrEnvelopeEon
	}
	if next, err := v.EnvelopeNonce(sender); err != nil || env.EnvelopeNonce < next {
		return common.Hash{}, fmt.Errorf("%w: have %d, next %d", ErrEnvelopeNonce, env.EnvelopeNonce, next)
	}
	hash, err := envelope.Hash(chainID, env)
	if err != nil {
		return common.Hash{}, err
	}
	if err := a.envelopes.add(hash, env); err != nil {
		return hash, err
	}
	a.envelopes.points.Warm(envelope.Identity(chainID, env)) // off the block's critical path
	return hash, nil
}

// envelopeTx wraps an envelope for CometBFT.
func envelopeTx(env *htypes.EncryptedTx) ([]byte, error) {
	return (&htypes.Tx{Body: &htypes.Tx_Encrypted{Encrypted: env}}).Marshal()
}

// applyEnvelope is the envelope lane's rule: the envelope's fee is charged
// now, its nonce consumed, and it joins the pending list in block order.
func (p *proposal) applyEnvelope(e *htypes.EncryptedTx) error {
	if p.th.envelopes >= MaxEnvelopesPerBlock {
		return ErrEnvelopeCap
	}
	eon, err := p.tenc.ActiveEon()
	if err != nil {
		return err
	}
	if eon == nil || eon.Eon != e.Eon {
		return ErrEnvelopeEon
	}
	chainID := p.app.chain.params.EVMChainID
	sender, err := envelope.Verify(chainID, e)
	if err != nil {
		return err
	}
	if next, err := p.tenc.EnvelopeNonce(sender); err != nil || next != e.EnvelopeNonce {
		return fmt.Errorf("%w: have %d, want %d", ErrEnvelopeNonce, e.EnvelopeNonce, next)
	}
	fee, err := envelope.Fee(e, p.bctx.BaseFee)
	if err != nil {
		return err
	}
	if err := p.sequentialFromHere(); err != nil {
		return err
	}
	st := p.builder.State()
	if st.GetBalance(sender).Cmp(fee) < 0 {
		return ErrEnvelopeFunds
	}
	hash, err := envelope.Hash(chainID, e)
	if err != nil {
		return err
	}
	id := envelope.Identity(chainID, e)
	pend := keeper.Pending{Hash: hash, Height: p.height, Eon: e.Eon, Identity: common.Hash(id), Sender: sender, Ciphertext: e.Ciphertext}
	if err := p.tenc.Include(pend, e.EnvelopeNonce); err != nil {
		return err
	}
	st.SubBalance(sender, fee, tracing.BalanceDecreaseGasBuy)
	st.AddBalance(evm.FeeVault, fee, tracing.BalanceIncreaseRewardTransactionFee)
	p.tenc.SetEnvelopeNonce(sender, e.EnvelopeNonce+1)
	p.th.envelopes++
	return nil
}

// sequentialFromHere runs any plaintext txs deferred to Block-STM now and
// executes the rest of the block sequentially, so state changes outside the
// plaintext lane land on the builder in block order.
func (p *proposal) sequentialFromHere() error {
	if !p.parallel {
		return nil
	}
	if err := p.executeDeferred(); err != nil {
		return err
	}
	p.parallel = false
	return nil
}

// fillEnvelopes adds pool envelopes in arrival order until the cap; it
// drops from the pool those included and those that can never be.
func (a *App) fillEnvelopes(p *proposal) {
	drop := map[common.Hash]bool{}
	for _, pe := range a.envelopes.snapshot() {
		raw, err := envelopeTx(pe.env)
		if err == nil {
			err = p.add(raw)
		}
		switch {
		case err == nil:
		case errors.Is(err, ErrEnvelopeCap), errors.Is(err, errBlockFull):
			a.envelopes.remove(drop)
			return
		case errors.Is(err, ErrEnvelopeNonce) && a.staleNonce(p, pe.env),
			errors.Is(err, ErrEnvelopeEon), errors.Is(err, envelope.ErrSignature), errors.Is(err, envelope.ErrMalformed):
			drop[pe.hash] = true
			a.envelopes.dropped.record(pe.hash, err.Error())
		default:
			a.logger.Debug("envelope left in the pool", "hash", pe.hash, "err", err)
		}
	}
	a.envelopes.remove(drop)
}

func (a *App) staleNonce(p *proposal, e *htypes.EncryptedTx) bool {
	next, err := p.tenc.EnvelopeNonce(common.BytesToAddress(e.Sender))
	return err == nil && e.EnvelopeNonce < next
}
