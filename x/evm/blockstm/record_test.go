package blockstm

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// writesOf returns writes of value w to the toy keys ks, in the given order.
func writesOf(w uint64, ks ...int) []Write {
	out := make([]Write, len(ks))
	for i, k := range ks {
		out[i] = Write{Key: toyKey(k), Word: Uint64Word(w)}
	}
	return out
}

// TestRecordUnsortedWrites: write sets come in any order; a re-execution
// removes exactly the keys it no longer writes and reports new ones, on
// the pairwise path and on the set path for large write sets.
func TestRecordUnsortedWrites(t *testing.T) {
	for _, size := range []int{3, 40} { // 40*40 > maxPairwiseKeys
		mv := NewMVMemory(4)
		first := make([]int, size)
		for i := range first {
			first[i] = (size - i) * 7 % 101 // descending-ish, not sorted
		}
		require.True(t, mv.Record(Version{TxIndex: 1}, nil, writesOf(1, first...)), "first write set is new")
		for _, k := range first {
			require.Equal(t, ReadValue, mv.Read(toyKey(k), 2).Status, "key %d", k)
		}
		// Same keys, another order: nothing new.
		reordered := append([]int(nil), first[size/2:]...)
		reordered = append(reordered, first[:size/2]...)
		require.False(t, mv.Record(Version{TxIndex: 1, Incarnation: 1}, nil, writesOf(2, reordered...)), "size %d", size)
		// Drop the first key, add key 500.
		next := append([]int{500}, first[1:]...)
		require.True(t, mv.Record(Version{TxIndex: 1, Incarnation: 2}, nil, writesOf(3, next...)), "size %d", size)
		require.Equal(t, ReadStorage, mv.Read(toyKey(first[0]), 2).Status, "stale key removed")
		for _, k := range next {
			r := mv.Read(toyKey(k), 2)
			require.Equal(t, ReadValue, r.Status, "key %d", k)
			require.Equal(t, uint64(3), r.Word.Uint64())
		}
		// A subset: nothing new, the rest removed.
		require.False(t, mv.Record(Version{TxIndex: 1, Incarnation: 3}, nil, writesOf(4, next[size-1], next[0])), "size %d", size)
		require.Len(t, mv.LastWrites(1), 2)
		require.Equal(t, ReadStorage, mv.Read(toyKey(next[1]), 2).Status)
		mv.Release()
	}
}

// TestEngineFinalReadsNotKept: at one worker with a rolling commit every
// transaction runs once every lower one is committed, so its reads can
// never be invalidated: none are kept, not even in the chain window (the
// chain test needs only whether a read hit the predecessor), and the result
// is still the sequential one, unless KeepReads asks for them.
func TestEngineFinalReadsNotKept(t *testing.T) {
	const keys = 10
	txs := toyBlock(7, 200, keys)
	for _, keep := range []bool{false, true} {
		e := NewEngine(len(txs), toyFunc(txs, keys, false), Options{Workers: 1, Commit: func(int) error { return nil }, ChainWindow: 16, KeepReads: keep})
		st, err := e.Run()
		require.NoError(t, err)
		require.False(t, st.FellBack)
		require.Equal(t, sequentialToy(txs, keys), finalToy(e.Memory(), len(txs), keys))
		for i, tx := range txs {
			if tx.delta {
				continue // reads nothing
			}
			kept := len(e.Memory().LastReads(i)) > 0
			require.Equal(t, keep, kept, "keep %v tx %d", keep, i)
			require.True(t, e.Memory().ValidateReadSet(i))
		}
		require.Equal(t, int64(len(txs)), st.Executions, "nothing re-executed")
		e.Release()
	}
}
