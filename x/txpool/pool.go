package txpool

import (
	"fmt"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
)

// Pool is the application mempool of plaintext Ethereum transactions.
type Pool struct {
	cfg    Config
	chain  *params.ChainConfig
	signer types.Signer

	mu       sync.RWMutex
	state    State
	head     Head
	baseFee  *uint256.Int // head.BaseFee as uint256
	all      map[common.Hash]*entry
	accounts map[common.Address]*account
	tails    tailIndex // eviction candidates by price
	pending  int       // executable transactions in all accounts
	queued   int       // non-executable transactions in all accounts
}

// New returns an empty pool validating against state for the block head.
func New(cfg Config, chain *params.ChainConfig, state State, head Head) *Pool {
	return &Pool{
		cfg:      cfg.sanitize(),
		chain:    chain,
		signer:   types.LatestSigner(chain),
		state:    state,
		head:     head,
		baseFee:  baseFeeOf(head.BaseFee),
		all:      make(map[common.Hash]*entry),
		accounts: make(map[common.Address]*account),
		tails:    newTailIndex(),
	}
}

// Config returns the pool's limits after defaults were applied.
func (p *Pool) Config() Config { return p.cfg }

// Add validates tx and inserts it as executable (pending) or future (queued).
// On error the pool is left unchanged.
func (p *Pool) Add(tx *types.Transaction) error {
	p.mu.RLock()
	_, known := p.all[tx.Hash()]
	head := p.head
	p.mu.RUnlock()
	if known {
		return ErrAlreadyKnown
	}
	// The expensive checks (signature recovery above all) run without the lock.
	sender, err := p.validateStateless(tx, head)
	if err != nil {
		return err
	}
	e, err := newEntry(tx, sender)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.insert(e)
}

// insert runs the stateful checks and adds e, evicting a cheaper transaction
// when a limit is reached. Nothing changes unless it returns nil.
func (p *Pool) insert(e *entry) error {
	if _, known := p.all[e.hash]; known {
		return ErrAlreadyKnown
	}
	if err := checkHead(e, p.head, p.baseFee); err != nil {
		return err
	}
	a, fresh := p.accounts[e.sender], false
	if a == nil {
		a, fresh = p.loadAccount(e.sender), true
	}
	if err := checkNonce(a, e); err != nil {
		return err
	}
	i, found := a.find(e.nonce)
	if found {
		return p.replace(a, i, e)
	}
	if err := checkFunds(a, e, nil); err != nil {
		return err
	}
	if err := p.makeRoom(a, e); err != nil {
		return err
	}
	if fresh {
		p.accounts[e.sender] = a
	}
	p.add(a, i, e)
	return nil
}

// loadAccount reads a sender's nonce and balance from the committed state.
func (p *Pool) loadAccount(addr common.Address) *account {
	a := &account{nonce: p.state.Nonce(addr)}
	if b := p.state.Balance(addr); b != nil {
		a.balance.Set(b)
	}
	return a
}

// landsPending reports whether a new (not replacing) e would be executable.
func (p *Pool) landsPending(a *account, e *entry) bool {
	return a.pending < p.cfg.AccountSlots && e.nonce == a.nonce+uint64(a.pending)
}

// makeRoom enforces the per-account queue limit and the global limits for a
// new transaction, evicting the cheapest evictable transaction of another
// sender when e outbids it.
func (p *Pool) makeRoom(a *account, e *entry) error {
	if p.landsPending(a, e) {
		if p.pending < p.cfg.GlobalSlots {
			return nil
		}
		return p.evictFor(e, true)
	}
	if a.queued() >= p.cfg.AccountQueue {
		return fmt.Errorf("%w: %d queued txs, limit %d", ErrAccountLimitExceeded, a.queued(), p.cfg.AccountQueue)
	}
	if p.queued < p.cfg.GlobalQueue {
		return nil
	}
	return p.evictFor(e, false)
}

// evictFor removes the cheapest tail transaction of another sender (the last
// pending one when fromPending, else the last queued one), provided e pays a
// strictly higher effective tip. Removing a tail never leaves a nonce gap
// inside pending.
func (p *Pool) evictFor(e *entry, fromPending bool) error {
	tree := p.tails.queued
	if fromPending {
		tree = p.tails.pending
	}
	victim := cheapest(tree, e)
	if victim == nil || !outbids(e, victim, p.baseFee) {
		return fmt.Errorf("%w: pending %d, queued %d", ErrTxPoolOverflow, p.pending, p.queued)
	}
	p.removeEntry(victim)
	return nil
}

// add inserts e at index i of a's list and promotes what became executable.
func (p *Pool) add(a *account, i int, e *entry) {
	pending := p.landsPending(a, e)
	a.insertAt(i, e)
	p.all[e.hash] = e
	if pending {
		a.pending++
		p.pending++
	} else {
		p.queued++
	}
	p.promote(a)
	p.retrack(a)
}

// promote moves queued transactions that continue a's pending run into it, as
// far as the per-account and global pending limits allow.
func (p *Pool) promote(a *account) {
	for a.pending < len(a.txs) && a.pending < p.cfg.AccountSlots && p.pending < p.cfg.GlobalSlots &&
		a.txs[a.pending].nonce == a.nonce+uint64(a.pending) {
		a.pending++
		p.pending++
		p.queued--
	}
}

// replace swaps a.txs[i] for e, which has the same nonce, if e pays enough
// more and the sender can still afford everything.
func (p *Pool) replace(a *account, i int, e *entry) error {
	old := a.txs[i]
	if err := checkReplacement(old, e, p.cfg.PriceBump); err != nil {
		return err
	}
	if err := checkFunds(a, e, old); err != nil {
		return err
	}
	a.txs[i] = e
	a.spent.Sub(&a.spent, &old.cost)
	a.spent.Add(&a.spent, &e.cost)
	delete(p.all, old.hash)
	p.all[e.hash] = e
	p.retrack(a)
	return nil
}

// removeEntry drops e from the pool; later transactions of its sender that
// were executable become queued.
func (p *Pool) removeEntry(e *entry) {
	a := p.accounts[e.sender]
	i, found := a.find(e.nonce)
	if !found || a.txs[i] != e {
		panic("txpool: index out of sync for " + e.hash.Hex())
	}
	dPending, dQueued := a.removeAt(i)
	p.pending += dPending
	p.queued += dQueued
	delete(p.all, e.hash)
	p.retrack(a)
	if len(a.txs) == 0 {
		delete(p.accounts, e.sender)
	}
}

// Remove drops the transaction with the given hash, if pooled; used when a
// block proposer finds it invalid. Later transactions of the same sender stay,
// queued behind the gap.
func (p *Pool) Remove(hash common.Hash) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if e := p.all[hash]; e != nil {
		p.removeEntry(e)
	}
}

// Get returns the pooled transaction with the given hash, or nil.
func (p *Pool) Get(hash common.Hash) *types.Transaction {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if e := p.all[hash]; e != nil {
		return e.tx
	}
	return nil
}

// Has reports whether the transaction with the given hash is pooled.
func (p *Pool) Has(hash common.Hash) bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	_, ok := p.all[hash]
	return ok
}

// Stats returns the number of executable and of queued transactions.
func (p *Pool) Stats() (pending, queued int) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.pending, p.queued
}

// PendingNonce returns the nonce a new transaction of addr should use: the
// state nonce plus the number of pooled transactions continuing it without a
// gap (eth_getTransactionCount with the "pending" tag).
func (p *Pool) PendingNonce(addr common.Address) uint64 {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if a := p.accounts[addr]; a != nil {
		return a.nonce + uint64(a.contiguous())
	}
	return p.state.Nonce(addr)
}
