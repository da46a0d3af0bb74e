package evm

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/store"
)

var testRules = testCfg.Rules(common.Big1, true, 1)

func TestDeleteAccountDeletesStorage(t *testing.T) {
	a := common.HexToAddress("0xc0")
	slots := map[common.Hash]common.Hash{{1}: {1}, {2}: {2}, {3}: {3}, {4}: {4}}
	st := newMemStore()
	st.apply(t, GenesisChanges([]GenesisAlloc{{Address: a, Nonce: 1, Code: []byte{0}, Storage: slots}}))
	checkSlotIndex(t, st, a, slots)

	s := NewStateDB(st)
	s.SelfDestruct(a)
	s.Finalise(testRules)
	require.False(t, s.Exist(a))
	require.Equal(t, common.Hash{}, s.GetState(a, common.Hash{1}), "deleted storage is never read again")
	// Re-created in the same block with one slot.
	s.SetNonce(a, 1, tracing.NonceChangeUnspecified)
	s.SetState(a, common.Hash{9}, common.Hash{9})
	s.Finalise(testRules)
	ch, err := s.Changes()
	require.NoError(t, err)
	st.apply(t, ch)
	checkSlotIndex(t, st, a, map[common.Hash]common.Hash{{9}: {9}})
}

// TestSlotIndexRandom applies random storage writes over many blocks and
// checks the slot list against a model after each block.
func TestSlotIndexRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	addrs := []common.Address{{0xa1}, {0xa2}, {0xa3}}
	st := newMemStore()
	model := make(map[common.Address]map[common.Hash]common.Hash)
	for _, a := range addrs {
		model[a] = make(map[common.Hash]common.Hash)
	}
	for block := 0; block < 60; block++ {
		s := NewStateDB(st)
		for tx := 0; tx < 3; tx++ {
			for op := 0; op < 12; op++ {
				a := addrs[rng.IntN(len(addrs))]
				if rng.IntN(40) == 0 && s.Exist(a) {
					s.SelfDestruct(a)
					clear(model[a])
					continue
				}
				if s.HasSelfDestructed(a) {
					continue
				}
				s.SetNonce(a, 1, tracing.NonceChangeUnspecified)
				slot := common.Hash{byte(rng.IntN(10))}
				val := common.Hash{}
				if rng.IntN(3) > 0 {
					val = common.Hash{byte(rng.IntN(4))}
				}
				s.SetState(a, slot, val)
				if val == (common.Hash{}) {
					delete(model[a], slot)
				} else {
					model[a][slot] = val
				}
			}
			s.Finalise(testRules)
		}
		ch, err := s.Changes()
		require.NoError(t, err)
		st.apply(t, ch)
		for _, a := range addrs {
			checkSlotIndex(t, st, a, model[a])
		}
	}
}

// observe captures everything a transaction can see of a few accounts.
func observe(s *StateDB, addrs []common.Address, slots []common.Hash) []any {
	var out []any
	for _, a := range addrs {
		out = append(out, s.Exist(a), s.GetBalance(a).Hex(), s.GetNonce(a), s.GetCodeHash(a), s.HasSelfDestructed(a), s.AddressInAccessList(a))
		for _, k := range slots {
			_, warm := s.SlotInAccessList(a, k)
			out = append(out, s.GetState(a, k), s.GetTransientState(a, k), warm)
		}
	}
	return append(out, s.GetRefund(), len(s.logs))
}

func TestSnapshotRevertRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	addrs := []common.Address{{1}, {2}, {3}}
	slots := []common.Hash{{1}, {2}}
	st := newMemStore()
	st.apply(t, GenesisChanges([]GenesisAlloc{{Address: addrs[0], Balance: uint256.NewInt(100), Storage: map[common.Hash]common.Hash{{1}: {7}}}}))
	s := NewStateDB(st)
	s.Prepare(testRules, addrs[0], FeeVault, nil, nil, nil)
	ops := []func(){
		func() {
			s.AddBalance(addrs[rng.IntN(3)], uint256.NewInt(uint64(rng.IntN(3))), tracing.BalanceChangeUnspecified)
		},
		func() { s.SubBalance(addrs[0], uint256.NewInt(1), tracing.BalanceChangeUnspecified) },
		func() { s.SetNonce(addrs[rng.IntN(3)], rng.Uint64N(5), tracing.NonceChangeUnspecified) },
		func() { s.SetState(addrs[rng.IntN(3)], slots[rng.IntN(2)], common.Hash{byte(rng.IntN(3))}) },
		func() { s.SetTransientState(addrs[rng.IntN(3)], slots[rng.IntN(2)], common.Hash{byte(rng.IntN(3))}) },
		func() { s.SetCode(addrs[rng.IntN(3)], []byte{byte(rng.IntN(3))}, tracing.CodeChangeUnspecified) },
		func() { s.CreateAccount(addrs[1+rng.IntN(2)]) },
		func() { s.SelfDestruct(addrs[rng.IntN(3)]) },
		func() { s.AddRefund(uint64(rng.IntN(10))) },
		func() { s.AddLog(&types.Log{Address: addrs[0]}) },
		func() { s.AddSlotToAccessList(addrs[rng.IntN(3)], slots[rng.IntN(2)]) },
	}
	type mark struct {
		id   int
		seen []any
	}
	var stack []mark
	for step := 0; step < 3000; step++ {
		switch r := rng.IntN(10); {
		case r == 0:
			stack = append(stack, mark{s.Snapshot(), observe(s, addrs, slots)})
		case r == 1 && len(stack) > 0:
			i := rng.IntN(len(stack))
			s.RevertToSnapshot(stack[i].id)
			require.Equal(t, stack[i].seen, observe(s, addrs, slots), "step %d", step)
			stack = stack[:i]
		default:
			ops[rng.IntN(len(ops))]()
		}
	}
}

// failingReader fails every read after the first n.
type failingReader struct {
	inner store.Reader
	n     int
}

var errDisk = errors.New("disk on fire")

func (f *failingReader) Get(key []byte) ([]byte, error) {
	if f.n == 0 {
		return nil, errDisk
	}
	f.n--
	return f.inner.Get(key)
}

func TestReadErrorIsMemoized(t *testing.T) {
	c := newChain(t, fundedAlloc(1))
	_, err := NewBlockBuilder(testCfg, &failingReader{inner: c.st}, c.nextContext(), c.hashes)
	require.ErrorIs(t, err, errDisk)

	s := NewStateDB(&failingReader{inner: c.st, n: 1})
	a := keyAddr(testKey(0))
	require.Equal(t, oneEther, s.GetBalance(a))
	require.True(t, s.GetBalance(common.Address{5}).IsZero())
	require.ErrorIs(t, s.Error(), errDisk)
	s.AddBalance(a, uint256.NewInt(1), tracing.BalanceChangeUnspecified)
	s.Finalise(testRules)
	_, err = s.Changes()
	require.ErrorIs(t, err, errDisk)
}

func TestChainConfigForks(t *testing.T) {
	cfg := ChainConfig(7)
	require.NoError(t, cfg.CheckConfigForkOrder())
	require.Nil(t, cfg.CheckCompatible(cfg, 0, 0))
	rules := cfg.Rules(common.Big0, true, 0)
	require.True(t, rules.IsMerge && rules.IsShanghai && rules.IsCancun && rules.IsPrague && rules.IsOsaka)
	require.False(t, rules.IsAmsterdam)
	require.False(t, cfg.IsAmsterdam(common.Big0, 1<<40))
	require.Equal(t, uint64(7), cfg.ChainID.Uint64())
}

// warmSet is an access list in comparable form: every warm address with its
// warm slots (an address without a slot set and one with an empty set are
// the same to the EVM).
func warmSet(s *StateDB) map[common.Address][]common.Hash {
	out := make(map[common.Address][]common.Hash, len(s.accessList))
	for a, slots := range s.accessList {
		keys := []common.Hash{}
		for k := range slots {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(x, y common.Hash) int { return bytes.Compare(x[:], y[:]) })
		out[a] = keys
	}
	return out
}

// TestPrepareResetsAccessList runs random transactions' worth of warming,
// snapshots and reverts on one StateDB, whose Prepare keeps its access list
// and removes what the last transaction added, and requires after every
// Prepare the list a new StateDB gets from the same Prepare.
func TestPrepareResetsAccessList(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	addr := func() common.Address { return common.Address{byte(rng.IntN(12))} }
	slot := func() common.Hash { return common.Hash{byte(rng.IntN(4))} }
	precompileSets := [][]common.Address{{{1}, {2}, {3}}, {{1}, {2}, {3}, {9}}, nil}
	st := newMemStore()
	s := NewStateDB(st)
	for tx := 0; tx < 500; tx++ {
		sender, coinbase, dst := addr(), addr(), addr()
		pre := precompileSets[rng.IntN(len(precompileSets))]
		var list types.AccessList
		for range rng.IntN(3) {
			list = append(list, types.AccessTuple{Address: addr(), StorageKeys: []common.Hash{slot(), slot()}[:rng.IntN(3)]})
		}
		to := &dst
		if rng.IntN(4) == 0 {
			to = nil
		}
		s.Prepare(testRules, sender, coinbase, to, pre, list)
		fresh := NewStateDB(st)
		fresh.Prepare(testRules, sender, coinbase, to, pre, list)
		require.Equal(t, warmSet(fresh), warmSet(s), "tx %d", tx)
		var snaps []int
		for range rng.IntN(12) {
			switch rng.IntN(5) {
			case 0:
				s.AddAddressToAccessList(addr())
			case 1, 2:
				s.AddSlotToAccessList(addr(), slot())
			case 3:
				snaps = append(snaps, s.Snapshot())
			case 4:
				if len(snaps) > 0 {
					i := rng.IntN(len(snaps))
					s.RevertToSnapshot(snaps[i])
					snaps = snaps[:i]
				}
			}
		}
		s.Finalise(testRules)
	}
}
