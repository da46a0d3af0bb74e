package evm

import (
	"reflect"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

// TestSlotMapsHandedOn: a finished state hands the slot maps of its account
// with the most slots (past minKeptSlots) to the next one, which gives them
// emptied to that account's object only; a block over handed-on maps
// derives the same changes as one over fresh maps.
func TestSlotMapsHandedOn(t *testing.T) {
	hot, cold := hotAddr(1), hotAddr(2)
	st := newMemStore()
	st.apply(t, GenesisChanges([]GenesisAlloc{{Address: hot, Balance: uint256.NewInt(1)}}))
	write := func(s *StateDB, from int) {
		for i := range 400 {
			s.SetState(hot, common.Hash{byte(i), byte(i >> 8), byte(from)}, common.Hash{byte(i%7 + 1)})
		}
		s.SetState(cold, common.Hash{1}, common.Hash{2})
		s.AddBalance(cold, uint256.NewInt(3), tracing.BalanceChangeUnspecified)
		s.Finalise(testRules)
	}
	first := NewStateDB(st)
	write(first, 0)
	_, err := first.changes(1)
	require.NoError(t, err)
	stored, pending := first.objects[hot].stored, first.objects[hot].pending
	first.handOnSlotMaps()
	require.Nil(t, first.objects[hot].pending, "taken from the finished state")
	require.NotNil(t, first.objects[cold].pending, "too few slots to keep")

	kept := takeSlotMaps()
	require.Len(t, kept, 1)
	require.Nil(t, takeSlotMaps(), "one taker")
	second := NewStateDB(st)
	second.keptMaps = kept
	write(second, 1)
	obj := second.objects[hot]
	require.Equal(t, reflect.ValueOf(pending).UnsafePointer(), reflect.ValueOf(obj.pending).UnsafePointer())
	require.Equal(t, reflect.ValueOf(stored).UnsafePointer(), reflect.ValueOf(obj.stored).UnsafePointer())
	require.Len(t, obj.pending, 400, "emptied before reuse")
	require.Empty(t, second.keptMaps)

	fresh := NewStateDB(st)
	write(fresh, 1)
	want, err := fresh.changes(1)
	require.NoError(t, err)
	got, err := second.changes(1)
	require.NoError(t, err)
	require.Equal(t, want, got)
}
