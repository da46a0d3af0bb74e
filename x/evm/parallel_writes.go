package evm

import (
	"bytes"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/evm/blockstm"
)

// accountWrite is the net effect of one transaction on one account: its
// fields at the end of the transaction, whether its storage was deleted, new
// code, and the slots whose value changed.
type accountWrite struct {
	addr    common.Address
	cleared bool
	exists  bool
	nonce   uint64
	balance uint256.Int
	hash    common.Hash
	codeSet bool
	code    []byte
	slots   []slotWrite
	// origin is the account below the block's transactions (the store's
	// record unless the opening system call wrote it, in which case the
	// block state already holds its object).
	origin *baseAccount
}

type slotWrite struct{ key, value common.Hash }

// parallelFee is a transaction's fee credit to the vault, settled in order.
type parallelFee struct{ amount uint256.Int }

func (f *parallelFee) credit(s *StateDB) {
	if !f.amount.IsZero() {
		s.AddBalance(FeeVault, &f.amount, tracing.BalanceIncreaseRewardTransactionFee)
	}
}

// versionedFields is an account's versioned fields, zero when missing.
type versionedFields struct {
	exists  bool
	nonce   uint64
	balance uint256.Int
	hash    common.Hash
}

func fieldsOf(exists bool, nonce uint64, balance *uint256.Int, hash common.Hash) versionedFields {
	if !exists {
		return versionedFields{}
	}
	return versionedFields{exists: true, nonce: nonce, balance: *balance, hash: hash}
}

// header returns the KindHeader word of v, for an account whose code hash
// below the block is base.
func (v *versionedFields) header(base common.Hash) blockstm.Word {
	return headerWord(v.exists, v.nonce, v.exists && v.hash != base)
}

// accountWrites appends the versioned writes of one account going from
// before to after. The header and balance are written when they changed
// (always for the vault, whose loaded balance includes earlier credits);
// the code hash when it moved from the base and changed.
func accountWrites(writes []blockstm.Write, addr common.Address, before, after *versionedFields, base common.Hash) ([]blockstm.Write, bool) {
	vault := addr == FeeVault
	hb, ha := before.header(base), after.header(base)
	changed := hb != ha || before.balance != after.balance || before.hash != after.hash
	if hb != ha || vault {
		writes = append(writes, blockstm.Write{Key: blockstm.NewKey(blockstm.KindHeader, addr, common.Hash{}), Word: ha})
	}
	if before.balance != after.balance || vault {
		writes = append(writes, blockstm.Write{Key: blockstm.NewKey(blockstm.KindBalance, addr, common.Hash{}), Word: after.balance.Bytes32()})
	}
	if after.exists && after.hash != base && (before.hash != after.hash || vault) {
		writes = append(writes, blockstm.Write{Key: blockstm.NewKey(blockstm.KindCodeHash, addr, common.Hash{}), Word: blockstm.Word(after.hash)})
	}
	return writes, changed
}

// collect derives the versioned writes of a finalised incarnation and fills
// out.accounts for the in-order pass. Only real changes are written, except
// for the vault, whose full record is written whenever it was loaded.
func (p *parallelBlock) collect(w *parallelWorker, txn int, s *StateDB, out *txOutcome) ([]blockstm.Write, error) {
	writes := w.writes[:0]
	out.accounts = w.accountSpace(len(s.order))
	for _, obj := range s.order { // in load order: deterministic, no sort needed
		if !obj.mutated {
			continue
		}
		addr, a := obj.addr, &obj.acct
		ba, err := p.objectBase(obj)
		if err != nil {
			return nil, err
		}
		// Built in place (the space has room for every object), dropped
		// below when the account did not change.
		out.accounts = append(out.accounts, accountWrite{addr: addr, cleared: obj.cleared, exists: a.exists, nonce: a.nonce, balance: a.balance, hash: a.codeHash, origin: ba})
		aw := &out.accounts[len(out.accounts)-1]
		before := fieldsOf(obj.originExists, obj.origin.Nonce, &obj.origin.Balance, obj.origin.CodeHash)
		after := fieldsOf(a.exists, a.nonce, &a.balance, a.codeHash)
		var changed bool
		writes, changed = accountWrites(writes, addr, &before, &after, ba.baseCodeHash())
		changed = changed || obj.cleared
		if obj.cleared {
			writes = append(writes, blockstm.Write{Key: blockstm.NewKey(blockstm.KindStorageEpoch, addr, common.Hash{}), Word: blockstm.Uint64Word(uint64(txn) + 1)})
		}
		if a.exists && a.codeDirty {
			aw.codeSet, aw.code = true, a.code
			p.base.codes.Store(a.codeHash, a.code)
		}
		aw.slots = w.changedSlots(obj)
		for _, sw := range aw.slots {
			writes = append(writes, blockstm.Write{Key: blockstm.NewKey(blockstm.KindStorage, addr, sw.key), Word: blockstm.Word(sw.value)})
		}
		if !changed && !aw.codeSet && len(aw.slots) == 0 {
			out.accounts = out.accounts[:len(out.accounts)-1]
		}
	}
	w.accounts.use(len(out.accounts))
	w.writes = writes
	return writes, nil
}

// objectBase returns the account below the block of a worker's object:
// the one its load read, unless the load failed before reading it.
func (p *parallelBlock) objectBase(obj *stateObject) (*baseAccount, error) {
	if obj.base != nil {
		return obj.base, nil
	}
	return p.base.account(obj.addr)
}

// changedSlots returns the slots the transaction left at a new value, in
// key order, cut from the worker's slot space (outcomes keep them).
func (w *parallelWorker) changedSlots(obj *stateObject) []slotWrite {
	if len(obj.pending) == 0 {
		return nil
	}
	out := w.slots.room(len(obj.pending), &spareSlotChunks)
	for k, v := range obj.pending {
		if v != obj.stored[k].value {
			out = append(out, slotWrite{key: k, value: v})
		}
	}
	w.slots.use(len(out))
	if len(out) > 1 {
		slices.SortFunc(out, func(a, b slotWrite) int { return bytes.Compare(a.key[:], b.key[:]) })
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// applyAccountWrites replays one transaction's net account effects on the
// block-level StateDB, as its own Finalise would have left them.
func applyAccountWrites(s *StateDB, base *baseState, writes []accountWrite) {
	for i := range writes {
		w := &writes[i]
		obj := base.preload(s, w)
		obj.mutated = true
		if w.cleared {
			obj.acct = accountFields{}
			obj.cleared = true
			clear(obj.pending)
			clear(obj.dirty)
		}
		if !w.exists {
			obj.acct = accountFields{}
		} else {
			code, loaded, dirty := obj.acct.code, obj.acct.codeLoaded, obj.acct.codeDirty
			if w.codeSet {
				code, loaded, dirty = w.code, true, true
			}
			obj.acct = accountFields{exists: true, nonce: w.nonce, balance: w.balance, codeHash: w.hash, code: code, codeLoaded: loaded, codeDirty: dirty}
		}
		for _, sw := range w.slots {
			obj.setPending(sw.key, sw.value)
		}
	}
}
