package evm

import (
	"slices"

	"github.com/hyperion-rollup/hyperion/x/evm/blockstm"
)

// dependencyGraph returns, for every transaction, the sorted lower
// transactions whose writes its final incarnation read: the writer of each
// full value it saw and every delta writer above that value (for the fee
// vault, every earlier fee payer). It is for benchmarks (critical paths);
// it is exact only when no sequential tail ran.
func dependencyGraph(mv *blockstm.MVMemory, n int) [][]int {
	writers := make(map[blockstm.Key][]int) // key -> writing txs, ascending
	for i := range n {
		for _, k := range mv.LastWrites(i) {
			writers[k] = append(writers[k], i)
		}
	}
	deps := make([][]int, n)
	for j := range n {
		var d []int
		for _, r := range mv.LastReads(j) {
			w := writers[r.Key]
			lo := -1
			if r.Status == blockstm.ReadValue {
				lo = int(r.Writer)
				d = append(d, lo)
			}
			if r.HasDelta {
				for _, i := range w {
					if i > lo && i < j {
						d = append(d, i)
					}
				}
			}
		}
		slices.Sort(d)
		deps[j] = slices.Compact(d)
	}
	return deps
}
