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
}

type slotWrite struct{ key, value common.Hash }

// parallelFee is a transaction's fee credit to the vault, settled in order.
type parallelFee struct{ amount uint256.Int }

func (f *parallelFee) credit(s *StateDB) {
	if !f.amount.IsZero() {
		s.AddBalance(FeeVault, &f.amount, tracing.BalanceIncreaseRewardTransactionFee)
	}
}

// canonicalFields returns an account's versioned fields, zero when missing.
func canonicalFields(exists bool, nonce uint64, balance *uint256.Int, hash common.Hash) [4]blockstm.Word {
	if !exists {
		return [4]blockstm.Word{}
	}
	return [4]blockstm.Word{boolWord(true), blockstm.Uint64Word(nonce), balance.Bytes32(), blockstm.Word(hash)}
}

var fieldKinds = [4]blockstm.Kind{blockstm.KindExists, blockstm.KindNonce, blockstm.KindBalance, blockstm.KindCodeHash}

// collect derives the versioned writes of a finalised incarnation and fills
// out.accounts for the in-order pass. Only real changes are written, except
// for the vault, whose full record is written whenever it was loaded.
func (p *parallelBlock) collect(txn int, s *StateDB, out *txOutcome) []blockstm.Write {
	addrs := sortedAddrs(s.objects)
	writes := make([]blockstm.Write, 0, 4*len(addrs)+1)
	out.accounts = make([]accountWrite, 0, len(addrs))
	for _, addr := range addrs {
		obj := s.objects[addr]
		a := &obj.acct
		w := accountWrite{addr: addr, cleared: obj.cleared, exists: a.exists, nonce: a.nonce, balance: a.balance, hash: a.codeHash}
		before := canonicalFields(obj.originExists, obj.origin.Nonce, &obj.origin.Balance, obj.origin.CodeHash)
		after := canonicalFields(a.exists, a.nonce, &a.balance, a.codeHash)
		changed := obj.cleared
		for f := range fieldKinds {
			if before[f] != after[f] || addr == FeeVault {
				writes = append(writes, blockstm.Write{Key: blockstm.NewKey(fieldKinds[f], addr, common.Hash{}), Word: after[f]})
				changed = changed || before[f] != after[f]
			}
		}
		if obj.cleared {
			writes = append(writes, blockstm.Write{Key: blockstm.NewKey(blockstm.KindStorageEpoch, addr, common.Hash{}), Word: blockstm.Uint64Word(uint64(txn) + 1)})
		}
		if a.exists && a.codeDirty {
			w.codeSet, w.code = true, a.code
			p.base.codes.Store(a.codeHash, a.code)
		}
		w.slots = changedSlots(obj)
		for _, sw := range w.slots {
			writes = append(writes, blockstm.Write{Key: blockstm.NewKey(blockstm.KindStorage, addr, sw.key), Word: blockstm.Word(sw.value)})
		}
		if changed || w.codeSet || len(w.slots) > 0 {
			out.accounts = append(out.accounts, w)
		}
	}
	return writes
}

// changedSlots returns the slots the transaction left at a new value.
func changedSlots(obj *stateObject) []slotWrite {
	var out []slotWrite
	for k, v := range obj.pending {
		if v != obj.stored[k].value {
			out = append(out, slotWrite{key: k, value: v})
		}
	}
	slices.SortFunc(out, func(a, b slotWrite) int { return bytes.Compare(a.key[:], b.key[:]) })
	return out
}

// applyAccountWrites replays one transaction's net account effects on the
// block-level StateDB, as its own Finalise would have left them.
func applyAccountWrites(s *StateDB, base *baseState, writes []accountWrite) {
	for i := range writes {
		w := &writes[i]
		base.preload(s, w)
		obj := s.object(w.addr)
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
			obj.pending[sw.key] = sw.value
		}
	}
}
