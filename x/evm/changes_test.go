package evm

import (
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
