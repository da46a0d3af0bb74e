package evm

import (
	"bytes"
	"errors"
	"fmt"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/evm/blockstm"
	"github.com/hyperion-rollup/hyperion/x/evm/internal/spare"
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
	mu    sync.RWMutex
	m     map[common.Address]*baseAccount
	slabs [][]baseAccount // the records' memory, kept for the next blocks
	used  int             // slabs handed out this block
	free  []baseAccount   // room left in the last slab handed out
}

// accountSlab is how many records an account shard allocates at once.
const accountSlab = 32

// newRecord returns room for one record. Call with mu held for writing.
func (sh *accountShard) newRecord() *baseAccount {
	if len(sh.free) == 0 {
		if sh.used == len(sh.slabs) {
			sh.slabs = append(sh.slabs, make([]baseAccount, accountSlab))
		}
		sh.free = sh.slabs[sh.used]
		sh.used++
	}
	r := &sh.free[0]
	sh.free = sh.free[1:]
	return r
}

// reset empties the shard, keeping its memory.
func (sh *accountShard) reset() {
	clear(sh.m)
	sh.used, sh.free = 0, nil
}

type slotShard struct {
	mu sync.RWMutex
	m  map[[52]byte]storageRecord
}

// baseState reads the state below every transaction of the block, caching
// each record once. It is safe for concurrent use when the store is.
type baseState struct {
	r       store.Reader
	prelude map[common.Address]*preludeAccount // read-only
	// preludeBits has bit addr[19] set for every prelude address: most
	// reads skip the prelude's map lookup.
	preludeBits [4]uint64
	accounts    [cacheShards]accountShard
	slots       [cacheShards]slotShard
	codes       sync.Map // common.Hash -> []byte, from the store and from transactions
}

// spareBases keeps the emptied caches of finished blocks (with their maps'
// memory) for the next block.
var spareBases = spare.List[*baseState]{Max: 4}

// newBaseState returns an empty cache for a block of n transactions over r.
// A new cache's account maps are sized for about two accounts per
// transaction, so that they rarely grow while the workers fill them.
func newBaseState(r store.Reader, prelude map[common.Address]*preludeAccount, n int) *baseState {
	if b, ok := spareBases.Take(nil); ok {
		b.setPrelude(r, prelude)
		return b
	}
	b := &baseState{}
	b.setPrelude(r, prelude)
	for i := range cacheShards {
		b.accounts[i].m = make(map[common.Address]*baseAccount, 2*n/cacheShards)
		b.slots[i].m = make(map[[52]byte]storageRecord)
	}
	return b
}

func (b *baseState) setPrelude(r store.Reader, prelude map[common.Address]*preludeAccount) {
	b.r, b.prelude = r, prelude
	b.preludeBits = [4]uint64{}
	for addr := range prelude { // sets bits: the order does not matter
		b.preludeBits[addr[19]/64] |= 1 << (addr[19] % 64)
	}
}

// preludeOf returns the prelude's record of addr, or nil.
func (b *baseState) preludeOf(addr common.Address) *preludeAccount {
	if b.preludeBits[addr[19]/64]&(1<<(addr[19]%64)) == 0 {
		return nil
	}
	return b.prelude[addr]
}

// release empties b and keeps it for the next block; b must not be used
// afterwards.
func (b *baseState) release() {
	b.r, b.prelude = nil, nil
	for i := range cacheShards {
		b.accounts[i].reset()
		clear(b.slots[i].m)
	}
	b.codes.Clear()
	spareBases.Put(b)
}

// account returns addr's record below the block's transactions, read from
// the store once. The record must not be changed; it stays valid until the
// cache is released.
func (b *baseState) account(addr common.Address) (*baseAccount, error) {
	if p := b.preludeOf(addr); p != nil {
		return &p.baseAccount, nil
	}
	sh := &b.accounts[addr[19]%cacheShards]
	sh.mu.RLock()
	a := sh.m[addr]
	sh.mu.RUnlock()
	if a != nil {
		return a, nil
	}
	rec, err := ReadAccount(b.r, addr)
	if err != nil {
		return nil, err
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if a = sh.m[addr]; a != nil {
		return a, nil // another worker read it meanwhile
	}
	a = sh.newRecord()
	*a = baseAccount{}
	if rec != nil {
		*a = baseAccount{exists: true, acct: *rec}
	}
	sh.m[addr] = a
	return a, nil
}

func (b *baseState) storage(addr common.Address, slot common.Hash) (common.Hash, error) {
	if p := b.preludeOf(addr); p != nil {
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

// storedSlot returns a slot's record in the store if the parallel phase
// read it.
func (b *baseState) storedSlot(addr common.Address, slot common.Hash) (storageRecord, bool) {
	sh := &b.slots[slot[31]%cacheShards]
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	rec, ok := sh.m[slotCacheKey(addr, slot)]
	return rec, ok
}

// preload returns the block-level StateDB's object of w's account, made
// from the record the parallel phase read (w.origin) when the block state
// has none yet, and gives it the store records of w's slots the phase read,
// so the in-order pass does not read the store again (a sequential read per
// account when reads are slow).
func (b *baseState) preload(s *StateDB, w *accountWrite) *stateObject {
	obj := s.objects[w.addr]
	if obj == nil {
		var origin *Account
		if w.origin != nil && w.origin.exists {
			origin = &w.origin.acct
		}
		obj = newStateObject(w.addr, origin)
		s.adoptSlotMaps(obj)
		s.objects[w.addr] = obj
	}
	for _, sw := range w.slots {
		if _, ok := obj.stored[sw.key]; !ok {
			if rec, ok := b.storedSlot(w.addr, sw.key); ok {
				obj.setStored(sw.key, rec)
			}
		}
	}
	return obj
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
	err  error       // store error: fails the block
	lazy *lazySender // the incarnation's lazy sender (its state's)
	// epochs are the storage epochs the incarnation read, one per account
	// (every slot read needs its account's): read once, recorded once.
	epochs []epochRead
	// bases keeps the base records this worker looked up, direct-mapped by
	// address: they are immutable until the block's cache is released, and
	// the worker (hence this view) lives for one block only. A hit skips
	// the shared shard's lock, whose reader count every worker writes.
	bases [workerBaseSlots]baseSlot
}

// workerBaseSlots is the size of a worker's own cache of base records.
const workerBaseSlots = 128

// baseSlot is one entry of a worker's cache of base records.
type baseSlot struct {
	addr common.Address
	rec  *baseAccount
}

// baseAccount returns addr's base record through the worker's cache.
func (t *txView) baseAccount(addr common.Address) (*baseAccount, error) {
	slot := &t.bases[(uint(addr[19])^uint(addr[0])<<1)%workerBaseSlots]
	if slot.rec != nil && slot.addr == addr {
		return slot.rec, nil
	}
	rec, err := t.base.account(addr)
	if err != nil {
		return nil, err
	}
	slot.addr, slot.rec = addr, rec
	return rec, nil
}

// maxEpochReads bounds the epochs an incarnation keeps (and scans): the
// accounts past it read theirs on every slot read, as valid if slower.
const maxEpochReads = 16

// epochRead is what an incarnation read of an account's storage epoch.
type epochRead struct {
	addr    common.Address
	written bool // an earlier transaction deleted the account's storage
	txn     int  // the last one that did (written)
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

// account composes an encoded account record from its versioned fields.
func (t *txView) account(addr common.Address) ([]byte, error) {
	var rec Account
	_, found, err := t.readAccount(addr, &rec)
	if err != nil || !found {
		return nil, err
	}
	return encodeAccount(&rec), nil
}

// readAccount composes addr's record from its versioned fields: the header
// (existence, nonce, and whether the code hash differs from the base's),
// the balance, and the code hash only when it left the base. The fee vault
// may exist only through fee deltas: it is then a fresh account. It also
// returns the account below the block's transactions.
func (t *txView) readAccount(addr common.Address, rec *Account) (*baseAccount, bool, error) {
	if t.dep != nil {
		return nil, false, errDependency
	}
	ba, err := t.baseAccount(addr)
	if err != nil {
		return nil, false, t.fail(err)
	}
	found, err := t.composeAccount(addr, ba, rec)
	return ba, found, err
}

// composeAccount reads addr's versioned fields over its base record ba.
func (t *txView) composeAccount(addr common.Address, ba *baseAccount, rec *Account) (bool, error) {
	k := blockstm.NewKey(blockstm.KindHeader, addr, common.Hash{})
	var r blockstm.ReadResult
	if err := t.readKey(&k, &r); err != nil {
		return false, err
	}
	h := accountHeader{exists: ba.exists} // the base word, decoded
	if ba.exists {
		h.nonce = ba.acct.Nonce
	}
	if r.Status != blockstm.ReadStorage || r.HasDelta {
		h = decodeHeader(r.Resolve(headerWord(ba.exists, ba.acct.Nonce, false)))
	}
	if l := t.lazy; l != nil && l.on && addr == l.from && h.exists {
		h.nonce = l.nonce // the head may move it: checked at commit
	}
	if !h.exists && addr != FeeVault {
		return false, nil
	}
	k[0], r = byte(blockstm.KindBalance), blockstm.ReadResult{}
	if err := t.readKey(&k, &r); err != nil {
		return false, err
	}
	rec.Balance = ba.acct.Balance
	if r.Status != blockstm.ReadStorage || r.HasDelta {
		balance := r.Resolve(ba.acct.Balance.Bytes32())
		rec.Balance.SetBytes32(balance[:])
	}
	if !h.exists && rec.Balance.IsZero() {
		return false, nil // the vault, neither stored nor credited yet
	}
	rec.Nonce, rec.CodeHash = h.nonce, ba.baseCodeHash()
	if h.codeMoved {
		code, err := t.read(blockstm.KindCodeHash, addr, common.Hash{}, blockstm.Word(rec.CodeHash))
		if err != nil {
			return false, err
		}
		rec.CodeHash = common.Hash(code)
	}
	return true, nil
}

// readKey reads k into r (zero), or returns errDependency.
func (t *txView) readKey(k *blockstm.Key, r *blockstm.ReadResult) error {
	t.view.ReadInto(k, r)
	if r.Status == blockstm.ReadDependency {
		return t.depend(r.Blocker)
	}
	return nil
}

// baseCodeHash is the code hash an account has below the block's
// transactions: types.EmptyCodeHash when it does not exist (a created EOA
// or the vault keeps it, so its header says the code did not move).
func (a *baseAccount) baseCodeHash() common.Hash {
	if !a.exists {
		return types.EmptyCodeHash
	}
	return a.acct.CodeHash
}

// accountHeader is the decoded KindHeader word of an account.
type accountHeader struct {
	exists    bool
	codeMoved bool // the code hash differs from the base's: read KindCodeHash
	nonce     uint64
}

// headerWord encodes an account header: byte 0 existence, byte 1 whether
// the code hash moved, bytes 24-31 the nonce; zero for a missing account.
func headerWord(exists bool, nonce uint64, codeMoved bool) blockstm.Word {
	if !exists {
		return blockstm.Word{}
	}
	w := blockstm.Uint64Word(nonce)
	w[0] = 1
	if codeMoved {
		w[1] = 1
	}
	return w
}

func decodeHeader(w blockstm.Word) accountHeader {
	return accountHeader{exists: w[0] == 1, codeMoved: w[1] == 1, nonce: w.Uint64()}
}

// readCode returns the code of hash (nil for no code), as readCode does.
func (t *txView) readCode(hash common.Hash) ([]byte, error) {
	if t.dep != nil {
		return nil, errDependency
	}
	if hash == types.EmptyCodeHash || hash == (common.Hash{}) {
		return nil, nil
	}
	code, err := t.base.code(hash)
	if err != nil {
		return nil, t.fail(err)
	}
	if code == nil {
		return nil, t.fail(fmt.Errorf("%w: missing code %x", ErrCorruptRecord, hash))
	}
	return code, nil
}

// fail remembers a store error, which fails the block.
func (t *txView) fail(err error) error {
	if t.err == nil && !errors.Is(err, errDependency) {
		t.err = err
	}
	return err
}

// storage returns a slot's encoded record.
func (t *txView) storage(addr common.Address, slot common.Hash) ([]byte, error) {
	value, err := t.readSlot(addr, slot)
	if err != nil || value == (common.Hash{}) {
		return nil, err
	}
	return encodeStorage(storageRecord{value: value}), nil
}

// readSlot returns a slot's value: the latest write below the transaction
// unless the account's storage was deleted after it.
func (t *txView) readSlot(addr common.Address, slot common.Hash) (common.Hash, error) {
	if t.dep != nil {
		return common.Hash{}, errDependency
	}
	k := blockstm.NewKey(blockstm.KindStorage, addr, slot)
	var sr blockstm.ReadResult
	if err := t.readKey(&k, &sr); err != nil {
		return common.Hash{}, err
	}
	er, err := t.storageEpoch(addr)
	if err != nil {
		return common.Hash{}, err
	}
	switch {
	case sr.Status == blockstm.ReadValue && (!er.written || sr.Version.TxIndex > er.txn):
		return common.Hash(sr.Word), nil
	case er.written:
		return common.Hash{}, nil
	}
	v, err := t.base.storage(addr, slot)
	if err != nil {
		return common.Hash{}, t.fail(err)
	}
	return v, nil
}

// storageEpoch returns the last deletion of addr's storage below the
// transaction, read through multi-version memory on the incarnation's
// first slot read of addr.
func (t *txView) storageEpoch(addr common.Address) (epochRead, error) {
	for i := range t.epochs {
		if t.epochs[i].addr == addr {
			return t.epochs[i], nil
		}
	}
	r := t.view.Read(blockstm.NewKey(blockstm.KindStorageEpoch, addr, common.Hash{}))
	if r.Status == blockstm.ReadDependency {
		return epochRead{}, t.depend(r.Blocker)
	}
	e := epochRead{addr: addr, written: r.Status == blockstm.ReadValue, txn: r.Version.TxIndex}
	if len(t.epochs) < maxEpochReads {
		t.epochs = append(t.epochs, e)
	}
	return e, nil
}

// parallelState is the vm.StateDB of one incarnation: a StateDB that turns
// the fee credit to the vault into a delta unless the transaction has
// already loaded the vault (then the vault is a real dependency).
type parallelState struct {
	*StateDB
	vaultDelta uint256.Int
	lazy       lazySender         // the head lane's sender (parallel_lazy.go)
	_          [cacheLinePad]byte // per worker: see parallelWorker
}

// AddBalance credits addr, deferring fee credits to an unloaded vault.
func (p *parallelState) AddBalance(addr common.Address, amount *uint256.Int, reason tracing.BalanceChangeReason) uint256.Int {
	if addr == FeeVault && reason == tracing.BalanceIncreaseRewardTransactionFee && !amount.IsZero() && p.objects[FeeVault] == nil {
		p.vaultDelta.Add(&p.vaultDelta, amount)
		return uint256.Int{}
	}
	return p.StateDB.AddBalance(addr, amount, reason)
}
