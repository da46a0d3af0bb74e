package evm

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

// TestChangesOnWorkers derives a block's net changes on one and on several
// goroutines: account records, deletions, storage with slot lists, and the
// same new code deployed at accounts that fall into different ranges (one
// code record must remain).
func TestChangesOnWorkers(t *testing.T) {
	st := newMemStore()
	var alloc []GenesisAlloc
	for i := range 40 { // stored accounts with storage, some deleted below
		alloc = append(alloc, GenesisAlloc{Address: hotAddr(10_000 + i), Balance: uint256.NewInt(5),
			Storage: map[common.Hash]common.Hash{{1}: {2}, {3}: {4}}})
	}
	st.apply(t, GenesisChanges(alloc))
	build := func() *StateDB {
		s := NewStateDB(st)
		code := []byte{0x60, 0x2a, 0x60, 0x00, 0x52} // new to the store
		for i := range 1200 {
			addr := hotAddr(i)
			s.AddBalance(addr, uint256.NewInt(uint64(i+1)), tracing.BalanceChangeUnspecified)
			if i%97 == 0 {
				s.SetCode(addr, code, tracing.CodeChangeUnspecified)
				s.SetState(addr, common.Hash{byte(i)}, common.Hash{1})
			}
		}
		for i := range 40 {
			addr := hotAddr(10_000 + i)
			switch i % 3 {
			case 0:
				s.SelfDestruct(addr)
			case 1:
				s.SetState(addr, common.Hash{1}, common.Hash{})
				s.SetState(addr, common.Hash{9}, common.Hash{7})
			}
		}
		s.Finalise(testRules)
		return s
	}
	want, err := build().changes(1)
	require.NoError(t, err)
	codeKeys := 0
	for _, c := range want {
		if c.Key[len(keyPrefix)] == kindCode {
			codeKeys++
		}
	}
	require.Equal(t, 1, codeKeys)
	for _, workers := range []int{2, 3, 4} {
		got, err := build().changes(workers)
		require.NoError(t, err)
		require.Equal(t, want, got, "workers %d", workers)
	}
}

// randomBlockState returns a StateDB after a random block over st: balance
// changes, new and repeated code, storage written and zeroed, stored
// accounts deleted, and deleted accounts written again (their old storage
// deleted and new slots written in one block: the same keys change twice).
func randomBlockState(st *memStore, seed uint64) *StateDB {
	rng := rand.New(rand.NewPCG(seed, 7))
	s := NewStateDB(st)
	codes := [][]byte{{0x60, 0x01}, {0x60, 0x02}, {0x60, 0x03}}
	for range 40 { // transactions
		for range 60 {
			addr := hotAddr(rng.IntN(1500))
			switch rng.IntN(10) {
			case 0:
				s.SetCode(addr, codes[rng.IntN(len(codes))], tracing.CodeChangeUnspecified)
			case 1, 2, 3:
				s.SetState(addr, common.Hash{byte(rng.IntN(6))}, common.Hash{byte(rng.IntN(3))})
			case 4:
				if rng.IntN(4) == 0 {
					s.SelfDestruct(addr)
				}
			default:
				s.AddBalance(addr, uint256.NewInt(uint64(rng.IntN(5))), tracing.BalanceChangeUnspecified)
			}
		}
		s.Finalise(testRules)
	}
	return s
}

// TestChangesMatchMapReference requires the changes derived kind by kind
// (on 1-3 goroutines) to equal those of a map keyed by state key, the last
// change of a key winning, sorted as a whole, on random blocks; and their
// keys to be strictly ascending.
func TestChangesMatchMapReference(t *testing.T) {
	st := newMemStore()
	var alloc []GenesisAlloc
	for i := range 1500 {
		a := GenesisAlloc{Address: hotAddr(i), Balance: uint256.NewInt(9)}
		if i%3 == 0 {
			a.Storage = map[common.Hash]common.Hash{{1}: {1}, {2}: {5}, {byte(i % 7)}: {9}}
		}
		if i%5 == 0 {
			a.Code = []byte{0x60, 0x03}
		}
		alloc = append(alloc, a)
	}
	st.apply(t, GenesisChanges(alloc))
	for seed := range uint64(6) {
		ref := randomBlockState(st, seed)
		cs := make(changeSet)
		seen := make(map[common.Hash]bool)
		for _, obj := range ref.objects {
			if !obj.mutated {
				continue
			}
			var l kindLists
			ref.accountChanges(&l, new(byteArena), seen, obj)
			for _, c := range append(l[kindAccount], l[kindCode]...) {
				cs[string(c.Key)] = c
			}
			ref.storageChanges(cs, obj)
		}
		want := cs.sorted()
		require.NoError(t, ref.Error())
		for _, workers := range []int{1, 2, 3} {
			got, err := randomBlockState(st, seed).changes(workers)
			require.NoError(t, err)
			require.Equal(t, want, got, "seed %d, workers %d", seed, workers)
			for i := 1; i < len(got); i++ {
				require.Negative(t, bytes.Compare(got[i-1].Key, got[i].Key), "seed %d: keys out of order at %d", seed, i)
			}
		}
	}
}

// TestSplitByWork: the ranges cover the accounts in order, none is empty,
// and an account with many written slots weighs as much as that many
// accounts (it gets a range of its own beside the rest).
func TestSplitByWork(t *testing.T) {
	s := NewStateDB(newMemStore())
	var addrs []common.Address
	for i := range 600 {
		addr := hotAddr(i)
		s.AddBalance(addr, uint256.NewInt(1), tracing.BalanceChangeUnspecified)
		addrs = append(addrs, addr)
	}
	big := addrs[10]
	for i := range 600 {
		s.SetState(big, common.Hash{byte(i), byte(i >> 8)}, common.Hash{1})
	}
	s.Finalise(testRules)
	addrs = sortedAddrs(nil, s.objects)
	for _, workers := range []int{1, 2, 3, 8} {
		ranges := s.splitByWork(addrs, workers)
		require.LessOrEqual(t, len(ranges), workers)
		var joined []common.Address
		for _, r := range ranges {
			require.NotEmpty(t, r)
			joined = append(joined, r...)
		}
		require.Equal(t, addrs, joined, "workers %d", workers)
		if workers == 2 { // 1,200 units of work: the big account and those before it make half
			require.Len(t, ranges, 2)
			require.Equal(t, big, ranges[0][len(ranges[0])-1], "the big account ends the first range")
			require.Len(t, ranges[0], slices.Index(addrs, big)+1)
		}
	}
	require.Len(t, s.splitByWork(addrs[300:400], 4), 1, "too little work for a second goroutine")
}
