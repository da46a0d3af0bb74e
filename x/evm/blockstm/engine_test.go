package blockstm

import (
	"errors"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// toyTx reads two counters and adds their sum plus one to a third; a delta
// transaction adds to a shared accumulator without reading it.
type toyTx struct {
	a, b, c int
	delta   bool
}

func toyKey(i int) Key { return NewKey(KindStorage, [20]byte{1}, Word(Uint64Word(uint64(i)))) }

func toyBlock(seed uint64, n, keys int) []toyTx {
	rng := rand.New(rand.NewPCG(seed, 3))
	txs := make([]toyTx, n)
	for i := range txs {
		txs[i] = toyTx{a: rng.IntN(keys), b: rng.IntN(keys), c: rng.IntN(keys), delta: rng.IntN(3) == 0}
	}
	return txs
}

// sequentialToy is the reference: the transactions one after the other.
func sequentialToy(txs []toyTx, keys int) []uint64 {
	state := make([]uint64, keys+1)
	for _, tx := range txs {
		if tx.delta {
			state[keys]++
			continue
		}
		state[tx.c] = state[tx.a] + state[tx.b] + 1
	}
	return state
}

func toyFunc(txs []toyTx, keys int, panicOnOdd bool) TxFunc {
	return func(v Version, view *View) ([]Write, error) {
		tx := txs[v.TxIndex]
		if tx.delta {
			return []Write{{Key: toyKey(keys), Word: Uint64Word(1), Delta: true}}, nil
		}
		var sum uint64
		for _, k := range []int{tx.a, tx.b} {
			r := view.Read(toyKey(k))
			if r.Status == ReadDependency {
				return nil, &DependencyError{Blocker: r.Blocker}
			}
			if panicOnOdd && r.Status == ReadStorage && writtenBefore(txs, v.TxIndex, k) {
				panic("speculative garbage") // only a stale read gets here
			}
			val := r.Resolve(Word{}).Uint64()
			sum += val
		}
		return []Write{{Key: toyKey(tx.c), Word: Uint64Word(sum + 1)}}, nil
	}
}

// writtenBefore reports whether a transaction below txn writes key k.
func writtenBefore(txs []toyTx, txn, k int) bool {
	for _, tx := range txs[:txn] {
		if !tx.delta && tx.c == k {
			return true
		}
	}
	return false
}

// finalToy reads the final state out of multi-version memory.
func finalToy(mv *MVMemory, n, keys int) []uint64 {
	out := make([]uint64, keys+1)
	for k := range out {
		r := mv.Read(toyKey(k), n)
		out[k] = r.Resolve(Word{}).Uint64()
	}
	return out
}

// TestEngineMatchesSequential runs toy blocks on 1-16 workers against the
// sequential result; in the lane variant some transactions also read and
// overwrite the delta accumulator, whose deltas go to a delta lane.
func TestEngineMatchesSequential(t *testing.T) {
	for _, procs := range []int{1, 2} {
		prev := runtime.GOMAXPROCS(procs)
		for seed := range uint64(6) {
			for _, lane := range []bool{false, true} {
				keys := []int{2, 10, 1000}[seed%3]
				txs := toyBlock(seed, 300, keys)
				if lane {
					useAccumulator(txs, seed, keys)
				}
				want := sequentialToy(txs, keys)
				for _, workers := range []int{1, 2, 4, 8, 16} {
					e := NewEngine(len(txs), toyFunc(txs, keys, seed%2 == 1), Options{Workers: workers, Yield: randomYield})
					if lane {
						e.Memory().SetDeltaLane(toyKey(keys))
					}
					stats, err := e.Run()
					require.NoError(t, err)
					require.Equal(t, want, finalToy(e.Memory(), len(txs), keys), "seed %d workers %d lane %v", seed, workers, lane)
					require.GreaterOrEqual(t, stats.Executions, int64(len(txs)))
					e.Release()
				}
			}
		}
		runtime.GOMAXPROCS(prev)
	}
}

// useAccumulator makes some of txs read the delta accumulator (key index
// keys) and a few overwrite it.
func useAccumulator(txs []toyTx, seed uint64, keys int) {
	rng := rand.New(rand.NewPCG(seed, 5))
	for i := range txs {
		if rng.IntN(10) == 0 {
			txs[i].a = keys
		}
		if rng.IntN(30) == 0 {
			txs[i].c = keys
		}
	}
}

// randomYield yields the processor at one read in eight, to shuffle the
// workers' interleavings.
func randomYield() {
	if rand.IntN(8) == 0 {
		runtime.Gosched()
	}
}

func TestEngineBudgetFallback(t *testing.T) {
	txs := toyBlock(9, 200, 2) // almost a pure chain
	want := sequentialToy(txs, 2)
	e := NewEngine(len(txs), toyFunc(txs, 2, false), Options{Workers: 8, ExecutionBudget: len(txs) / 2})
	stats, err := e.Run()
	require.NoError(t, err)
	require.True(t, stats.FellBack)
	require.Equal(t, want, finalToy(e.Memory(), len(txs), 2))
}

func TestEngineSeededEstimates(t *testing.T) {
	txs := toyBlock(4, 100, 5)
	mv := NewEngine(len(txs), nil, Options{}).Memory()
	mv.SeedEstimates(3, []Key{toyKey(1)})
	r := mv.Read(toyKey(1), 10)
	require.Equal(t, ReadDependency, r.Status)
	require.Equal(t, 3, r.Blocker)
	require.True(t, mv.Record(Version{TxIndex: 3}, nil, nil) == false, "replacing a seed by nothing writes nothing new")
	require.Equal(t, ReadStorage, mv.Read(toyKey(1), 10).Status)
}

func TestEngineDeterministicPanic(t *testing.T) {
	fn := func(v Version, view *View) ([]Write, error) {
		if v.TxIndex == 5 {
			panic("bug")
		}
		return nil, nil
	}
	_, err := NewEngine(20, fn, Options{Workers: 4}).Run()
	require.ErrorIs(t, err, ErrPanic)
}

func TestEngineError(t *testing.T) {
	boom := errors.New("store failed")
	fn := func(v Version, view *View) ([]Write, error) {
		if v.TxIndex == 7 {
			return nil, boom
		}
		return nil, nil
	}
	_, err := NewEngine(20, fn, Options{Workers: 3}).Run()
	require.ErrorIs(t, err, boom)
}

func TestEngineCallerTail(t *testing.T) {
	txs := toyBlock(9, 200, 2) // almost a pure chain
	var maxRan atomic.Int64
	fn := toyFunc(txs, 2, false)
	counting := func(v Version, view *View) ([]Write, error) {
		for cur := maxRan.Load(); int64(v.TxIndex) > cur && !maxRan.CompareAndSwap(cur, int64(v.TxIndex)); cur = maxRan.Load() {
		}
		return fn(v, view)
	}
	e := NewEngine(len(txs), counting, Options{Workers: 4, ExecutionBudget: len(txs) / 4, CallerTail: true})
	stats, err := e.Run()
	require.NoError(t, err)
	require.True(t, stats.FellBack)
	require.Less(t, stats.TailFrom, len(txs))
	require.LessOrEqual(t, stats.Executions, int64(len(txs)/4+4), "the engine ran no tail itself")
	// The prefix below TailFrom is final: it equals the sequential prefix.
	want := sequentialToy(txs[:stats.TailFrom], 2)
	got := make([]uint64, 3)
	for k := range got {
		r := e.Memory().Read(toyKey(k), stats.TailFrom)
		got[k] = r.Resolve(Word{}).Uint64()
	}
	require.Equal(t, want, got)
}

// TestEngineStop stops a run from another goroutine midway: Run returns
// without a fallback, the prefix below TailFrom is final and equals the
// sequential one, and the engine ran no tail itself.
func TestEngineStop(t *testing.T) {
	txs := toyBlock(3, 400, 8)
	fn := toyFunc(txs, 8, false)
	var e *Engine
	var once sync.Once
	stopping := func(v Version, view *View) ([]Write, error) {
		if v.TxIndex == len(txs)/2 {
			once.Do(e.Stop)
		}
		return fn(v, view)
	}
	var committed atomic.Int64
	e = NewEngine(len(txs), stopping, Options{Workers: 2, CallerTail: true, Commit: func(txn int) error {
		committed.Store(int64(txn) + 1)
		return nil
	}})
	stats, err := e.Run()
	require.NoError(t, err)
	require.False(t, stats.FellBack, "a stop is not a fallback")
	require.Less(t, stats.TailFrom, len(txs))
	require.Equal(t, int64(stats.TailFrom), committed.Load(), "Commit saw the final prefix")
	want := sequentialToy(txs[:stats.TailFrom], 8)
	for k := range want {
		r := e.Memory().Read(toyKey(k), stats.TailFrom)
		require.Equal(t, want[k], r.Resolve(Word{}).Uint64(), "key %d", k)
	}
	e.Stop() // after Run: harmless
}

func TestEngineAbortLimit(t *testing.T) {
	txs := toyBlock(9, 400, 2)
	want := sequentialToy(txs, 2)
	stop := 0
	for range 20 { // aborts need real concurrency: retry a few schedules
		e := NewEngine(len(txs), toyFunc(txs, 2, false), Options{Workers: 8, MaxAbortPercent: 5, Yield: runtime.Gosched})
		stats, err := e.Run()
		require.NoError(t, err)
		require.Equal(t, want, finalToy(e.Memory(), len(txs), 2))
		if stats.FellBack {
			stop++
			require.Positive(t, stats.Aborts) // no execution budget: only the abort limit stops
			break
		}
	}
	require.Positive(t, stop, "a chain over two keys exceeds a 5% abort rate")
}

// TestEngineIdleWorkers runs far more workers than transactions and cores:
// idle workers must park and wake without losing a task or deadlocking.
func TestEngineIdleWorkers(t *testing.T) {
	for seed := range uint64(20) {
		txs := toyBlock(seed, 40, 3)
		e := NewEngine(len(txs), toyFunc(txs, 3, false), Options{Workers: 32})
		_, err := e.Run()
		require.NoError(t, err)
		require.Equal(t, sequentialToy(txs, 3), finalToy(e.Memory(), len(txs), 3))
	}
}

// TestEngineNoLostWakeups runs contended blocks with more workers than
// cores and scheduling noise, and requires that no parked worker ever had
// to be rescued by its recheck timer: every state change that creates a
// task must wake the idle workers.
func TestEngineNoLostWakeups(t *testing.T) {
	blocks := 40
	if testing.Short() {
		blocks = 10
	}
	var rescues int64
	for _, procs := range []int{1, 2} {
		prev := runtime.GOMAXPROCS(procs)
		for seed := range uint64(blocks) {
			rescues += rescuesOfBlock(t, seed)
		}
		runtime.GOMAXPROCS(prev)
	}
	require.Zero(t, rescues, "tasks found only after a recheck timer: lost wake-ups")
}

// rescuesOfBlock runs the contended toy block of seed and returns its idle
// rescues, rerunning it up to twice while it shows some: a wake-up whose
// maker was descheduled between its change and the wake (a loaded machine)
// also looks like a rescue once, while a lost wake-up shows again and
// again.
func rescuesOfBlock(t *testing.T, seed uint64) int64 {
	keys := []int{2, 3, 10, 50}[seed%4]
	txs := toyBlock(seed, 200, keys)
	workers := []int{2, 3, 8, 32}[seed%4]
	var rescues int64
	for range 3 {
		e := NewEngine(len(txs), toyFunc(txs, keys, false), Options{Workers: workers, Yield: func() {
			if rand.IntN(4) == 0 {
				runtime.Gosched()
			}
		}})
		stats, err := e.Run()
		require.NoError(t, err)
		require.Equal(t, sequentialToy(txs, keys), finalToy(e.Memory(), len(txs), keys), "seed %d", seed)
		if rescues = stats.IdleRescues; rescues == 0 {
			break
		}
	}
	return rescues
}

// TestEngineChainWindow checks that a dependency chain falls back after a
// short committed prefix, whatever the schedule, and that independent
// transactions never trip the chain test.
func TestEngineChainWindow(t *testing.T) {
	chain := make([]toyTx, 300) // each transaction reads what the previous wrote
	for i := range chain {
		chain[i] = toyTx{a: i % 2, b: i % 2, c: (i + 1) % 2}
	}
	indep := make([]toyTx, 300) // every transaction its own keys
	for i := range indep {
		indep[i] = toyTx{a: 3 * i, b: 3*i + 1, c: 3*i + 2}
	}
	trips := 0
	for round := range 20 { // the trip needs commits while workers run: retry schedules
		workers := 2 + round%3
		fellBack, tail, committed := runChainWindow(t, chain, 2, workers, nil)
		require.Equal(t, tail, committed, "the prefix is committed, the rest left to the caller")
		if fellBack {
			trips++
			require.GreaterOrEqual(t, tail, chainPrefix+1, "the chain is judged on committed transactions")
		}
		fellBack, tail, _ = runChainWindow(t, indep, 3*len(indep), workers, nil)
		require.False(t, fellBack, "independent transactions never trip the chain test")
		require.Equal(t, len(indep), tail)
		fellBack, _, _ = runChainWindow(t, chain, 2, workers, func(int) bool { return true })
		require.False(t, fellBack, "known links do not count towards the chain test")
	}
	require.Positive(t, trips, "a dependency chain trips the chain test")
}

// TestEngineChainAfterPrefix checks the rolling chain test: a chain that
// follows an independent prefix longer than the chain window falls back
// once the rolling window holds a majority of its links, and a block where exactly every
// fourth transaction reads its predecessor never trips it.
func TestEngineChainAfterPrefix(t *testing.T) {
	const prefix, window = 100, 16
	crafted := make([]toyTx, 400)
	for i := range crafted {
		if i < prefix {
			crafted[i] = toyTx{a: 3 * i, b: 3*i + 1, c: 3*i + 2}
		} else {
			crafted[i] = toyTx{a: 2000 + i%2, b: 2000 + i%2, c: 2000 + (i+1)%2}
		}
	}
	quarter := make([]toyTx, 400) // tx 4k+1 reads what 4k wrote
	for i := range quarter {
		quarter[i] = toyTx{a: 3 * i, b: 3*i + 1, c: 3*i + 2}
		if i%4 == 1 {
			quarter[i].a = 3*(i-1) + 2
		}
	}
	trips := 0
	for round := range 20 {
		workers := 2 + round%3
		fellBack, tail, committed := runChainWindow(t, crafted, 2010, workers, nil)
		require.Equal(t, tail, committed)
		if fellBack {
			trips++
			// The majority of the rolling window needs this many chain
			// transactions committed (the tail may start later: the
			// workers may be ahead of the commit).
			require.Greater(t, tail, prefix+chainSpan*window/2, "judged on committed transactions")
		}
		fellBack, _, _ = runChainWindow(t, quarter, 3*len(quarter), workers, nil)
		require.False(t, fellBack, "a quarter of the transactions linked never trips the test")
	}
	require.Positive(t, trips, "a chain after an independent prefix trips the rolling test")
}

// runChainWindow runs txs with a chain window and a rolling commit, and
// returns whether it fell back, the first transaction of the tail and how
// many were committed.
func runChainWindow(t *testing.T, txs []toyTx, keys, workers int, known func(int) bool) (fellBack bool, tailFrom, committed int) {
	t.Helper()
	e := NewEngine(len(txs), toyFunc(txs, keys, false), Options{
		Workers: workers, ChainWindow: 16, CallerTail: true, KnownLink: known,
		Commit: func(txn int) error {
			require.Equal(t, committed, txn, "commits in order")
			committed++
			return nil
		},
	})
	stats, err := e.Run()
	require.NoError(t, err)
	require.Equal(t, sequentialToy(txs[:stats.TailFrom], keys)[:keys], finalToy(e.Memory(), stats.TailFrom, keys)[:keys])
	e.Release()
	return stats.FellBack, stats.TailFrom, committed
}
