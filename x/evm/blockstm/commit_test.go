package blockstm

import (
	"errors"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// afterEach returns, per transaction, the sequential value of the key it
// writes right after it ran.
func afterEach(txs []toyTx, keys int) []uint64 {
	state := make([]uint64, keys+1)
	out := make([]uint64, len(txs))
	for i, tx := range txs {
		if tx.delta {
			state[keys]++
			out[i] = state[keys]
			continue
		}
		state[tx.c] = state[tx.a] + state[tx.b] + 1
		out[i] = state[tx.c]
	}
	return out
}

// TestEngineRollingCommit checks that Commit sees every transaction once,
// in order, and only once its output is final: the value it wrote then
// equals the sequential one, while later transactions may still run.
func TestEngineRollingCommit(t *testing.T) {
	for _, procs := range []int{1, 2} {
		prev := runtime.GOMAXPROCS(procs)
		for seed := range uint64(6) {
			keys := []int{2, 10, 1000}[seed%3]
			txs := toyBlock(seed, 300, keys)
			want := afterEach(txs, keys)
			for _, workers := range []int{1, 2, 4, 16} {
				var e *Engine
				next := 0
				commit := func(txn int) error {
					require.Equal(t, next, txn, "commit order")
					next++
					k := txs[txn].c
					if txs[txn].delta {
						k = keys
					}
					r := e.Memory().Read(toyKey(k), txn+1)
					require.Equal(t, want[txn], r.Resolve(Word{}).Uint64(), "seed %d workers %d tx %d", seed, workers, txn)
					return nil
				}
				budget := 0
				if seed%2 == 1 {
					budget = len(txs) + 20 // some runs fall back
				}
				e = NewEngine(len(txs), toyFunc(txs, keys, false), Options{Workers: workers, ExecutionBudget: budget, Commit: commit, Yield: randomYield})
				_, err := e.Run()
				require.NoError(t, err)
				require.Equal(t, len(txs), next, "every transaction committed")
			}
		}
		runtime.GOMAXPROCS(prev)
	}
}

// TestEngineCommitError stops the run at a failing commit.
func TestEngineCommitError(t *testing.T) {
	txs := toyBlock(3, 100, 10)
	e := NewEngine(len(txs), toyFunc(txs, 10, false), Options{Workers: 4, Commit: func(txn int) error {
		if txn == 40 {
			return errTestCommit
		}
		return nil
	}})
	_, err := e.Run()
	require.ErrorIs(t, err, errTestCommit)
}

var errTestCommit = errors.New("commit failed")
