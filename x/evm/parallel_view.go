package evm

import (
	"bytes"
	"errors"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/evm/blockstm"
	"github.com/hyperion-rollup/hyperion/x/store"
)

// errUnexpectedRead is returned when a per-transaction state asks for a key
// only the block-level StateDB may read (slot counts and slot lists).
var errUnexpectedRead = errors.New("evm: unexpected store read during parallel execution")

const cacheShards = 64

// baseAccount is an account at the start of the block's transactions: the
// store plus the writes of the block's opening system call.
type baseAccount struct {
	exists bool
	acct   Account
}

// preludeAccount is an account written by the block's opening system call.
type preludeAccount struct {
	baseAccount
	cleared bool
	slots   map[common.Hash]common.Hash
}

type accountShard struct {
	mu sync.RWMutex
	m  map[common.Address]baseAccount
}

type slotShard struct {
	mu sync.RWMutex
	m  map[[52]byte]storageRecord
}

// baseState reads the state below every transaction of the block, caching
// each record once. It is safe for concurrent use when the store is.
type baseState struct {
	r        store.Reader
	prelude  map[common.Address]*preludeAccount // read-only
	accounts [cacheShards]accountShard
	slots    [cacheShards]slotShard
	codes    sync.Map // common.Hash -> []byte, from the store and from transactions
}

func newBaseState(r store.Reader, prelude map[common.Address]*preludeAccount) *baseState {
	b := &baseState{r: r, prelude: prelude}
	for i := range cacheShards {
		b.accounts[i].m = make(map[common.Address]baseAccount)
		b.slots[i].m = make(map[[52]byte]storageRecord)
	}
	return b
}

func (b *baseState) account(addr common.Address) (baseAccount, error) {
	if p := b.prelude[addr]; p != nil {
		return p.baseAccount, nil
	}
	sh := &b.accounts[addr[19]%cacheShards]
	sh.mu.RLock()
	a, ok := sh.m[addr]
	sh.mu.RUnlock()
	if ok {
		return a, nil
	}
	rec, err := ReadAccount(b.r, addr)
	if err != nil {
		return baseAccount{}, err
	}
	if rec != nil {
		a = baseAccount{exists: true, acct: *rec}
	}
	sh.mu.Lock()
	sh.m[addr] = a
	sh.mu.Unlock()
	return a, nil
}

func (b *baseState) storage(addr common.Address, slot common.Hash) (common.Hash, error) {
	if p := b.prelude[addr]; p != nil {
		if v, ok := p.slots[slot]; ok {
			return v, nil
		}
		if p.cleared {
			return common.Hash{}, nil
		}
	}
	k := slotCacheKey(addr, slot)
	sh := &b.slots[slot[31]%cacheShards]
	sh.mu.RLock()
	rec, ok := sh.m[k]
	sh.mu.RUnlock()
	if ok {
		return rec.value, nil
	}
	rec, _, err := readStorage(b.r, addr, slot)
	if err != nil {
		return common.Hash{}, err
	}
	sh.mu.Lock()
	sh.m[k] = rec
	sh.mu.Unlock()
	return rec.value, nil
}

func slotCacheKey(addr common.Address, slot common.Hash) [52]byte {
	var k [52]byte
	copy(k[:20], addr[:])
	copy(k[20:], slot[:])
	return k
}

// storedAccount returns addr's record in the store if the parallel phase
// read it (the cache only; prelude writes excluded).
func (b *baseState) storedAccount(addr common.Address) (baseAccount, bool) {
	sh := &b.accounts[addr[19]%cacheShards]
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	a, ok := sh.m[addr]
	return a, ok
}

// storedSlot returns a slot's record in the store if the parallel phase
// read it.
func (b *baseState) storedSlot(addr common.Address, slot common.Hash) (storageRecord, bool) {
	sh := &b.slots[slot[31]%cacheShards]
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	rec, ok := sh.m[slotCacheKey(addr, slot)]
	return rec, ok
}

// preload gives the block-level StateDB the store records the parallel
// phase already read for w, so the in-order pass does not read the store
// again (a sequential read per account when reads are slow).
func (b *baseState) preload(s *StateDB, w *accountWrite) {
	obj := s.objects[w.addr]
	if obj == nil {
		ba, ok := b.storedAccount(w.addr)
		if !ok {
			return
		}
		var origin *Account
		if ba.exists {
			origin = &ba.acct
		}
		obj = newStateObject(w.addr, origin)
		s.objects[w.addr] = obj
	}
	for _, sw := range w.slots {
		if _, ok := obj.stored[sw.key]; !ok {
			if rec, ok := b.storedSlot(w.addr, sw.key); ok {
				obj.stored[sw.key] = rec
			}
		}
	}
}

func (b *baseState) code(hash common.Hash) ([]byte, error) {
	if c, ok := b.codes.Load(hash); ok {
		return c.([]byte), nil
	}
	code, err := readCode(b.r, hash)
	if err != nil {
		return nil, err
	}
	b.codes.Store(hash, code)
	return code, nil
}

// txView is the store.Reader of one incarnation's StateDB: it answers from
// multi-version memory at the transaction's index, then from the base state.
// A read of an ESTIMATE cancels the EVM and is remembered as a dependency.
type txView struct {
	base *baseState
	view *blockstm.View
	evm  *vm.EVM
	dep  *blockstm.DependencyError
	err  error // store error: fails the block
}

var errDependency = errors.New("evm: read depends on an unfinished transaction")

func (t *txView) Get(key []byte) ([]byte, error) {
	if t.dep != nil {
		return nil, errDependency
	}
	if len(key) < len(keyPrefix)+1 || !bytes.HasPrefix(key, keyPrefix) {
		return nil, errUnexpectedRead
	}
	body := key[len(keyPrefix)+1:]
	var (
		out []byte
		err error
	)
	switch {
	case key[len(keyPrefix)] == kindAccount && len(body) == common.AddressLength:
		out, err = t.account(common.BytesToAddress(body))
	case key[len(keyPrefix)] == kindCode && len(body) == common.HashLength:
		out, err = t.base.code(common.BytesToHash(body))
	case key[len(keyPrefix)] == kindStorage && len(body) == common.AddressLength+common.HashLength:
		out, err = t.storage(common.BytesToAddress(body[:20]), common.BytesToHash(body[20:]))
	default:
		err = errUnexpectedRead
	}
	if err != nil && !errors.Is(err, errDependency) && t.err == nil {
		t.err = err
	}
	return out, err
}

// read returns the value of a versioned key, or errDependency.
func (t *txView) read(kind blockstm.Kind, addr common.Address, slot common.Hash, base blockstm.Word) (blockstm.Word, error) {
	r := t.view.Read(blockstm.NewKey(kind, addr, slot))
	if r.Status == blockstm.ReadDependency {
		return blockstm.Word{}, t.depend(r.Blocker)
	}
	return r.Resolve(base), nil
}

// depend records a dependency on blocker and stops the EVM.
func (t *txView) depend(blocker int) error {
	t.dep = &blockstm.DependencyError{Blocker: blocker}
	if t.evm != nil {
		t.evm.Cancel()
	}
	return errDependency
}

// account composes an account record from its versioned fields. The fee
// vault may exist only through fee deltas: it is then a fresh account.
func (t *txView) account(addr common.Address) ([]byte, error) {
	ba, err := t.base.account(addr)
	if err != nil {
		return nil, err
	}
	ex, err := t.read(blockstm.KindExists, addr, common.Hash{}, boolWord(ba.exists))
	if err != nil {
		return nil, err
	}
	exists := !ex.IsZero()
	if !exists && addr != FeeVault {
		return nil, nil
	}
	balance, err := t.read(blockstm.KindBalance, addr, common.Hash{}, ba.acct.Balance.Bytes32())
	if err != nil {
		return nil, err
	}
	if !exists && balance.IsZero() {
		return nil, nil // the vault, neither stored nor credited yet
	}
	nonce, err := t.read(blockstm.KindNonce, addr, common.Hash{}, blockstm.Uint64Word(ba.acct.Nonce))
	if err != nil {
		return nil, err
	}
	codeHash, err := t.read(blockstm.KindCodeHash, addr, common.Hash{}, blockstm.Word(ba.acct.CodeHash))
	if err != nil {
		return nil, err
	}
	rec := Account{Nonce: nonce.Uint64(), CodeHash: common.Hash(codeHash)}
	rec.Balance.SetBytes32(balance[:])
	if rec.CodeHash == (common.Hash{}) {
		rec.CodeHash = types.EmptyCodeHash // a vault created by fee credits
	}
	return encodeAccount(&rec), nil
}

// storage returns a slot's record: the latest write below the transaction
// unless the account's storage was deleted after it.
func (t *txView) storage(addr common.Address, slot common.Hash) ([]byte, error) {
	sr := t.view.Read(blockstm.NewKey(blockstm.KindStorage, addr, slot))
	er := t.view.Read(blockstm.NewKey(blockstm.KindStorageEpoch, addr, common.Hash{}))
	for _, r := range []*blockstm.ReadResult{&sr, &er} {
		if r.Status == blockstm.ReadDependency {
			return nil, t.depend(r.Blocker)
		}
	}
	var value common.Hash
	switch {
	case sr.Status == blockstm.ReadValue && (er.Status != blockstm.ReadValue || sr.Version.TxIndex > er.Version.TxIndex):
		value = common.Hash(sr.Word)
	case er.Status == blockstm.ReadValue:
	default:
		v, err := t.base.storage(addr, slot)
		if err != nil {
			return nil, err
		}
		value = v
	}
	if value == (common.Hash{}) {
		return nil, nil
	}
	return encodeStorage(storageRecord{value: value}), nil
}

func boolWord(b bool) blockstm.Word {
	if b {
		return blockstm.Uint64Word(1)
	}
	return blockstm.Word{}
}

// parallelState is the vm.StateDB of one incarnation: a StateDB that turns
// the fee credit to the vault into a delta unless the transaction has
// already loaded the vault (then the vault is a real dependency).
type parallelState struct {
	*StateDB
	vaultDelta uint256.Int
}

// AddBalance credits addr, deferring fee credits to an unloaded vault.
func (p *parallelState) AddBalance(addr common.Address, amount *uint256.Int, reason tracing.BalanceChangeReason) uint256.Int {
	if addr == FeeVault && reason == tracing.BalanceIncreaseRewardTransactionFee && !amount.IsZero() && p.objects[FeeVault] == nil {
		p.vaultDelta.Add(&p.vaultDelta, amount)
		return uint256.Int{}
	}
	return p.StateDB.AddBalance(addr, amount, reason)
}
