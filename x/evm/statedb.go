package evm

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/stateless"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/types/bal"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/store"
)

var _ vm.StateDB = (*StateDB)(nil)

// StateDB implements go-ethereum's vm.StateDB over a store.Reader holding the
// state at the start of a block. It buffers every write; Changes returns the
// block's net writes. It is not safe for concurrent use.
type StateDB struct {
	reader  store.Reader
	records recordReader // typed fast path of reader (parallel workers), or nil
	scratch Account      // the last record read through records
	objects map[common.Address]*stateObject
	order   []*stateObject // the objects object() made, in the order it made them
	spare   []*stateObject // emptied objects kept for reuse (parallel workers)
	journal *journal
	dbErr   error // first read error, memoized

	refund     uint64
	accessList map[common.Address]map[common.Hash]struct{}
	transient  map[common.Address]map[common.Hash]common.Hash
	logs       []*types.Log // logs of the current transaction
	txHash     common.Hash
	txIndex    int
	// The access list is kept from one transaction to the next: Prepare
	// removes what the last one added instead of allocating a new map.
	spareSlotSets []map[common.Hash]struct{} // emptied slot sets of earlier access lists
	accessBase    []common.Address           // the precompiles the kept access list starts from
	accessAdded   []common.Address           // addresses warmed since, to remove at the next Prepare
	accessSlotted []common.Address           // addresses given a slot set since
	// keptMaps are the slot maps a finished block builder handed on, for
	// the objects of their accounts (slotmaps.go); nil outside a builder.
	keptMaps map[common.Address]slotMaps
}

// recordReader reads decoded account and storage records. The parallel
// executor's per-transaction view implements it: it composes records from
// typed fields, so encoding them only to decode them again is waste.
type recordReader interface {
	// readAccount also returns the account below the block's transactions.
	readAccount(addr common.Address, out *Account) (*baseAccount, bool, error)
	readSlot(addr common.Address, slot common.Hash) (common.Hash, error)
	readCode(hash common.Hash) ([]byte, error)
}

// NewStateDB returns a StateDB reading the state in r.
func NewStateDB(r store.Reader) *StateDB {
	return &StateDB{
		reader:     r,
		objects:    make(map[common.Address]*stateObject),
		journal:    newJournal(),
		accessList: make(map[common.Address]map[common.Hash]struct{}),
		transient:  make(map[common.Address]map[common.Hash]common.Hash),
	}
}

// Error returns the first error met reading the store, if any.
func (s *StateDB) Error() error { return s.dbErr }

func (s *StateDB) setError(err error) {
	if s.dbErr == nil {
		s.dbErr = err
	}
}

// object returns the state object of addr, loading it from the store once.
func (s *StateDB) object(addr common.Address) *stateObject {
	if len(s.order) <= scanObjects {
		for _, obj := range s.order { // few objects: cheaper than hashing addr
			if obj.addr == addr {
				return obj
			}
		}
	}
	if obj := s.objects[addr]; obj != nil {
		return obj
	}
	var (
		origin *Account
		base   *baseAccount
	)
	if s.dbErr == nil {
		origin, base = s.loadAccount(addr)
	}
	obj := s.newObject(addr, origin)
	obj.base = base
	s.adoptSlotMaps(obj)
	s.objects[addr] = obj
	s.order = append(s.order, obj)
	return obj
}

// scanObjects is the number of loaded objects up to which object finds one
// by scanning s.order (each is also in s.objects under its address) before
// hashing the address for the map: a transaction's state holds a few.
const scanObjects = 8

// loadAccount reads addr's record; nil when missing or on error. A typed
// read lands in s.scratch, which the caller copies at once, and also
// returns the account below the block (nil without a typed reader).
func (s *StateDB) loadAccount(addr common.Address) (*Account, *baseAccount) {
	if s.records != nil {
		base, found, err := s.records.readAccount(addr, &s.scratch)
		if err != nil {
			s.setError(err)
		}
		if err != nil || !found {
			return nil, base
		}
		return &s.scratch, base
	}
	a, err := ReadAccount(s.reader, addr)
	if err != nil {
		s.setError(err)
	}
	return a, nil
}

// newObject returns a state object for addr, reusing a spare one.
func (s *StateDB) newObject(addr common.Address, origin *Account) *stateObject {
	n := len(s.spare)
	if n == 0 {
		return newStateObject(addr, origin)
	}
	obj := s.spare[n-1]
	s.spare = s.spare[:n-1]
	obj.reinit(addr, origin)
	return obj
}

// live returns the object of addr when the account exists, else nil.
func (s *StateDB) live(addr common.Address) *stateObject {
	if obj := s.object(addr); obj.acct.exists {
		return obj
	}
	return nil
}

// mutate journals the account fields of obj before a change.
func (s *StateDB) mutate(obj *stateObject) {
	s.journal.append(journalEntry{kind: journalAccount, addr: obj.addr, prevAcct: obj.acct})
}

// liveOrNew returns the object of addr, creating the account when missing.
func (s *StateDB) liveOrNew(addr common.Address) *stateObject {
	obj := s.object(addr)
	if !obj.acct.exists {
		s.mutate(obj)
		obj.acct = freshAccount()
	}
	return obj
}

// CreateAccount creates a new empty account at addr (overwriting one there).
func (s *StateDB) CreateAccount(addr common.Address) {
	obj := s.object(addr)
	s.mutate(obj)
	obj.acct = freshAccount()
}

// CreateContract marks addr as a contract created by the current transaction.
func (s *StateDB) CreateContract(addr common.Address) {
	obj := s.liveOrNew(addr)
	if !obj.acct.newContract {
		s.mutate(obj)
		obj.acct.newContract = true
	}
}

// SubBalance subtracts amount from addr's balance and returns the previous balance.
func (s *StateDB) SubBalance(addr common.Address, amount *uint256.Int, _ tracing.BalanceChangeReason) uint256.Int {
	obj := s.liveOrNew(addr)
	prev := obj.acct.balance
	if amount.IsZero() {
		return prev
	}
	s.mutate(obj)
	obj.acct.balance.Sub(&prev, amount)
	return prev
}

// AddBalance adds amount to addr's balance and returns the previous balance.
// Adding zero to an empty account touches it (EIP-161).
func (s *StateDB) AddBalance(addr common.Address, amount *uint256.Int, _ tracing.BalanceChangeReason) uint256.Int {
	obj := s.liveOrNew(addr)
	prev := obj.acct.balance
	if amount.IsZero() {
		if obj.acct.empty() {
			s.mutate(obj) // touch
		}
		return prev
	}
	s.mutate(obj)
	obj.acct.balance.Add(&prev, amount)
	return prev
}

// SetBalance sets addr's balance.
func (s *StateDB) SetBalance(addr common.Address, amount *uint256.Int) {
	obj := s.liveOrNew(addr)
	s.mutate(obj)
	obj.acct.balance.Set(amount)
}

// GetBalance returns addr's balance (zero when missing).
func (s *StateDB) GetBalance(addr common.Address) *uint256.Int {
	if obj := s.live(addr); obj != nil {
		return new(uint256.Int).Set(&obj.acct.balance)
	}
	return new(uint256.Int)
}

// GetNonce returns addr's nonce (zero when missing).
func (s *StateDB) GetNonce(addr common.Address) uint64 {
	if obj := s.live(addr); obj != nil {
		return obj.acct.nonce
	}
	return 0
}

// SetNonce sets addr's nonce.
func (s *StateDB) SetNonce(addr common.Address, nonce uint64, _ tracing.NonceChangeReason) {
	obj := s.liveOrNew(addr)
	s.mutate(obj)
	obj.acct.nonce = nonce
}

// GetCodeHash returns addr's code hash: zero for a missing account,
// types.EmptyCodeHash for an account without code.
func (s *StateDB) GetCodeHash(addr common.Address) common.Hash {
	if obj := s.live(addr); obj != nil {
		return obj.acct.codeHash
	}
	return common.Hash{}
}

// GetCode returns addr's code.
func (s *StateDB) GetCode(addr common.Address) []byte {
	if obj := s.live(addr); obj != nil {
		return s.loadCode(obj)
	}
	return nil
}

// GetCodeSize returns the length of addr's code.
func (s *StateDB) GetCodeSize(addr common.Address) int {
	return len(s.GetCode(addr))
}

// loadCode reads obj's code from the store on first use. Code is immutable
// per hash, so the loaded bytes are kept without journaling.
func (s *StateDB) loadCode(obj *stateObject) []byte {
	if obj.acct.codeLoaded {
		return obj.acct.code
	}
	if s.dbErr == nil {
		var (
			code []byte
			err  error
		)
		if s.records != nil {
			code, err = s.records.readCode(obj.acct.codeHash)
		} else {
			code, err = readCode(s.reader, obj.acct.codeHash)
		}
		if err != nil {
			s.setError(err)
		}
		obj.acct.code = code
	}
	obj.acct.codeLoaded = true
	return obj.acct.code
}

// SetCode sets addr's code and returns the previous code.
func (s *StateDB) SetCode(addr common.Address, code []byte, _ tracing.CodeChangeReason) []byte {
	obj := s.liveOrNew(addr)
	prev := s.loadCode(obj)
	s.mutate(obj)
	obj.acct.code = code
	obj.acct.codeHash = crypto.Keccak256Hash(code)
	obj.acct.codeLoaded = true
	obj.acct.codeDirty = true
	return prev
}

// Exist reports whether addr exists; true for accounts self-destructed in the
// current transaction until it is finalised.
func (s *StateDB) Exist(addr common.Address) bool {
	return s.live(addr) != nil
}

// Empty reports whether addr is missing or empty by EIP-161.
func (s *StateDB) Empty(addr common.Address) bool {
	obj := s.live(addr)
	return obj == nil || obj.acct.empty()
}

// Touch loads addr without changing it.
func (s *StateDB) Touch(addr common.Address) { s.object(addr) }

// SelfDestruct marks addr as self-destructed; it is deleted at Finalise.
func (s *StateDB) SelfDestruct(addr common.Address) {
	obj := s.live(addr)
	if obj == nil || obj.acct.selfDestructed {
		return
	}
	s.mutate(obj)
	obj.acct.selfDestructed = true
}

// HasSelfDestructed reports whether addr self-destructed in this transaction.
func (s *StateDB) HasSelfDestructed(addr common.Address) bool {
	obj := s.live(addr)
	return obj != nil && obj.acct.selfDestructed
}

// IsNewContract reports whether addr was created in the current transaction.
func (s *StateDB) IsNewContract(addr common.Address) bool {
	obj := s.live(addr)
	return obj != nil && obj.acct.newContract
}

// AddRefund adds gas to the refund counter.
func (s *StateDB) AddRefund(gas uint64) {
	s.journal.append(journalEntry{kind: journalRefund, prevCount: s.refund})
	s.refund += gas
}

// SubRefund removes gas from the refund counter; going below zero is a bug
// in the caller and panics, as in go-ethereum.
func (s *StateDB) SubRefund(gas uint64) {
	s.journal.append(journalEntry{kind: journalRefund, prevCount: s.refund})
	if gas > s.refund {
		panic("evm: refund counter below zero")
	}
	s.refund -= gas
}

// GetRefund returns the refund counter.
func (s *StateDB) GetRefund() uint64 { return s.refund }

// AddPreimage is a no-op: preimages are not recorded.
func (s *StateDB) AddPreimage(common.Hash, []byte) {}

// Witness returns nil: no stateless witness is built.
func (s *StateDB) Witness() *stateless.Witness { return nil }

// AccessEvents returns nil: verkle access events are not tracked.
func (s *StateDB) AccessEvents() *state.AccessEvents { return nil }

// Snapshot returns an id to revert the current transaction's changes to.
func (s *StateDB) Snapshot() int { return len(s.journal.entries) }

// RevertToSnapshot reverts every change made after the snapshot was taken.
func (s *StateDB) RevertToSnapshot(id int) {
	if id < 0 || id > len(s.journal.entries) {
		panic("evm: revert to invalid snapshot")
	}
	s.journal.revert(s, id)
}

// SetTxContext sets the hash and index of the transaction being executed.
func (s *StateDB) SetTxContext(txHash common.Hash, txIndex int, _ uint32) {
	s.txHash, s.txIndex = txHash, txIndex
	s.logs = s.logs[:0]
}

// AddLog records a log of the current transaction.
func (s *StateDB) AddLog(l *types.Log) {
	s.journal.append(journalEntry{kind: journalLog})
	l.TxHash = s.txHash
	l.TxIndex = uint(s.txIndex)
	s.logs = append(s.logs, l)
}

// TxLogs returns the logs of the current transaction, in order.
func (s *StateDB) TxLogs() []*types.Log {
	return append([]*types.Log(nil), s.logs...)
}

// Finalise ends a transaction: self-destructed and touched empty accounts are
// deleted (with their storage), dirty storage becomes pending, the journal
// and refund counter are reset. It returns no block access list.
func (s *StateDB) Finalise(rules params.Rules) *bal.ConstructionBlockAccessList {
	for addr := range s.journal.dirties {
		obj := s.objects[addr]
		obj.mutated = true
		if !obj.acct.exists {
			continue
		}
		if obj.acct.selfDestructed || (rules.IsEIP158 && obj.acct.empty()) {
			obj.acct = accountFields{}
			obj.cleared = true
			clear(obj.pending)
			clear(obj.dirty)
			continue
		}
		for k, v := range obj.dirty {
			obj.setPending(k, v)
		}
		clear(obj.dirty)
		obj.acct.newContract = false
	}
	s.journal.reset()
	s.refund = 0
	return nil
}
