package blockstm

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func storageKey(addr byte, slot byte) Key {
	return NewKey(KindStorage, [20]byte{19: addr}, [32]byte{31: slot})
}

// TestChangeLogReadsUnchanged checks the log's verdict on a read set of
// transaction 5 that began executing at sequence number 10.
func TestChangeLogReadsUnchanged(t *testing.T) {
	read := storageKey(1, 1)
	reads := []Read{{Key: read}, {Key: storageKey(2, 7)}}
	other := []Key{storageKey(1, 2), storageKey(3, 1), NewKey(KindBalance, [20]byte{19: 1}, [32]byte{})}
	hit := []Key{storageKey(9, 9), read}
	cases := []struct {
		name    string
		changes []change
		to      int64
		want    bool
	}{
		{"nothing since", nil, 10, true},
		{"higher transaction at a read key", []change{{seq: 11, txn: 6, keys: &hit}}, 11, true},
		{"lower transactions elsewhere", []change{{seq: 11, txn: 4, keys: &other}, {seq: 12, txn: 3}}, 12, true},
		{"lower transaction at a read key", []change{{seq: 11, txn: 4, keys: &other}, {seq: 12, txn: 2, keys: &hit}}, 12, false},
		{"numbered but not logged yet", []change{{seq: 11, txn: 6, keys: &other}}, 12, false},
		{"overwritten", []change{{seq: 11 + changeLogSize, txn: 6, keys: &other}}, 11, false},
		{"before the execution began", []change{{seq: 10, txn: 2, keys: &hit}}, 10, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var l changeLog
			for i := range tc.changes {
				l.add(&tc.changes[i])
			}
			require.Equal(t, tc.want, l.readsUnchanged(5, 10, tc.to, reads))
		})
	}
}

// TestChangeLogBounds checks that long windows and large read sets are
// left to a full validation.
func TestChangeLogBounds(t *testing.T) {
	var l changeLog
	none := []Key{}
	for seq := int64(1); seq <= maxLogScan+1; seq++ {
		l.add(&change{seq: seq, txn: 9, keys: &none})
	}
	require.True(t, l.readsUnchanged(5, 0, maxLogScan, nil))
	require.False(t, l.readsUnchanged(5, 0, maxLogScan+1, nil))
	require.False(t, l.readsUnchanged(5, 0, 1, make([]Read, maxBloomReads+1)))
}

// TestKeyFilterSpreadsLastByte checks that keys differing only in the last
// byte of the address or of the slot (little-endian top bytes) land on
// different bits: a hash that ignored them made nearly every validation of
// native transfers, whose test accounts are numbered, read its keys again.
func TestKeyFilterSpreadsLastByte(t *testing.T) {
	var f keyFilter
	k := NewKey(KindHeader, [20]byte{17: 0x10, 19: 1}, [32]byte{})
	f.add(&k)
	falseHits := 0
	for b := 2; b < 256; b++ {
		addr := NewKey(KindHeader, [20]byte{17: 0x10, 19: byte(b)}, [32]byte{})
		slot := NewKey(KindStorage, [20]byte{}, [32]byte{31: byte(b)})
		if f.has(&addr) {
			falseHits++
		}
		if f.has(&slot) {
			falseHits++
		}
	}
	require.True(t, f.has(&k))
	require.LessOrEqual(t, falseHits, 2, "one key sets 2 of 1,024 bits")
}
