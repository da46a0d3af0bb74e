package blockstm

import (
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

func TestLaneSlotFillsOneCacheLine(t *testing.T) {
	require.Equal(t, uintptr(cacheLine), unsafe.Sizeof(laneSlot{}))
}

// TestDeltaLaneMatchesCell replays random records, aborts and reads of one
// key on a memory that keeps its deltas in the key's cell and on one with
// a delta lane: every read must observe the same, and a read that must
// wait in one must wait in the other.
// (Records report a new location at least whenever the cell's do.)
func TestDeltaLaneMatchesCell(t *testing.T) {
	const n = 40
	k := toyKey(0)
	for seed := range uint64(50) {
		rng := rand.New(rand.NewPCG(seed, 11))
		cell, lane := NewMVMemory(n), NewMVMemory(n)
		lane.SetDeltaLane(k)
		inc := make([]int, n)
		for range 400 {
			txn := rng.IntN(n)
			switch op := rng.IntN(10); {
			case op < 5: // a new incarnation writes a delta, a full value or nothing
				inc[txn]++
				var writes []Write
				switch rng.IntN(4) {
				case 0, 1:
					writes = []Write{{Key: k, Word: Uint64Word(rng.Uint64N(100)), Delta: true}}
				case 2:
					writes = []Write{{Key: k, Word: Uint64Word(rng.Uint64N(100))}}
				}
				v := Version{TxIndex: txn, Incarnation: inc[txn]}
				// The lane may report a new location where the cell does not
				// (a full value turned delta): a revalidation more, never less.
				if cellNew, laneNew := cell.Record(v, nil, writes), lane.Record(v, nil, writes); cellNew {
					require.True(t, laneNew, "seed %d: new location", seed)
				}
			case op < 7:
				cell.ConvertWritesToEstimates(txn)
				lane.ConvertWritesToEstimates(txn)
			default:
				a, b := cell.Read(k, txn), lane.Read(k, txn)
				require.Equal(t, a.Status, b.Status, "seed %d: read at %d", seed, txn)
				if a.Status != ReadDependency {
					require.Equal(t, a, b, "seed %d: read at %d", seed, txn)
				}
			}
		}
		cell.Release()
		lane.Release()
	}
}
