package blockstm

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestValidationSeesWriterChange: a read stays valid when the writer it saw
// rewrote the same value in a new incarnation, but not when the same value
// now comes from another writer (a storage slot's visibility depends on
// which transaction wrote it relative to its account's storage deletions).
func TestValidationSeesWriterChange(t *testing.T) {
	k := toyKey(1)
	x := Uint64Word(7)
	mv := NewMVMemory(10)
	defer mv.Release()
	mv.Record(Version{TxIndex: 2}, nil, []Write{{Key: k, Word: x}})
	mv.Record(Version{TxIndex: 5}, nil, []Write{{Key: k, Word: x}})
	r := mv.Read(k, 7)
	require.Equal(t, 5, r.Version.TxIndex)
	mv.Record(Version{TxIndex: 7}, []Read{recordRead(&k, &r)}, nil)
	require.True(t, mv.ValidateReadSet(7))

	mv.Record(Version{TxIndex: 5, Incarnation: 1}, nil, []Write{{Key: k, Word: x}})
	require.True(t, mv.ValidateReadSet(7), "same writer, same value, new incarnation")

	mv.Record(Version{TxIndex: 5, Incarnation: 2}, nil, nil)
	require.Equal(t, x, mv.Read(k, 7).Word, "tx 2's value shows through")
	require.False(t, mv.ValidateReadSet(7), "same value from another writer")
}

// TestWrittenFilter: a key has its bit once written; reads of keys never
// written return the base state without touching the shards.
func TestWrittenFilter(t *testing.T) {
	mv := NewMVMemory(4)
	defer mv.Release()
	for i := range 100 {
		k := toyKey(i)
		require.False(t, mv.shards.written.mayHave(&k), "empty filter")
	}
	k := toyKey(3)
	require.Equal(t, ReadStorage, mv.Read(k, 3).Status)
	mv.Record(Version{TxIndex: 1}, nil, []Write{{Key: k, Word: Uint64Word(9)}})
	require.True(t, mv.shards.written.mayHave(&k))
	r := mv.Read(k, 3)
	require.Equal(t, ReadValue, r.Status)
	require.Equal(t, uint64(9), r.Word.Uint64())
	mv.Release()
	mv2 := NewMVMemory(4) // takes the released shards: empty again
	defer mv2.Release()
	require.Equal(t, ReadStorage, mv2.Read(k, 3).Status)
}
