package evm

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

// runSequential executes w's block with the builder, recording errors.
func runSequential(t testing.TB, st *memStore, bctx BlockContext, txs []*types.Transaction) (*BlockResult, []error) {
	b, err := NewBlockBuilder(testCfg, st, bctx, noHashes)
	require.NoError(t, err)
	errs := make([]error, len(txs))
	for i, tx := range txs {
		_, errs[i] = b.ApplyTx(tx)
	}
	res, err := b.Finish()
	require.NoError(t, err)
	return res, errs
}

func runParallel(t testing.TB, st *memStore, bctx BlockContext, txs []*types.Transaction, opts ParallelOptions) (*BlockResult, []error, *ParallelStats) {
	b, errs, stats, err := ParallelBuilder(testCfg, st, bctx, noHashes, txs, opts)
	require.NoError(t, err)
	res, err := b.Finish()
	require.NoError(t, err)
	return res, errs, stats
}

// requireSameBlock compares two executions of one block bit for bit.
func requireSameBlock(t testing.TB, want, got *BlockResult, wantErrs, gotErrs []error) {
	t.Helper()
	require.Equal(t, len(wantErrs), len(gotErrs))
	for i := range wantErrs {
		require.Equal(t, fmt.Sprint(wantErrs[i]), fmt.Sprint(gotErrs[i]), "error of tx %d", i)
	}
	require.Equal(t, want.GasUsed, got.GasUsed, "gas")
	require.Equal(t, want.Bloom, got.Bloom, "bloom")
	require.Equal(t, len(want.Changes), len(got.Changes), "number of changes")
	for i := range want.Changes {
		require.Equal(t, want.Changes[i], got.Changes[i], "change %d", i)
	}
	require.Equal(t, want.Receipts, got.Receipts, "receipts")
	require.Equal(t, want.SystemReceipt, got.SystemReceipt, "system receipt")
	require.Equal(t, want.Logs, got.Logs, "logs")
	require.Equal(t, want.Txs, got.Txs, "txs")
}

// yielder returns a Yield hook that gives up the processor at random.
func yielder(seed uint64) func() {
	var mu = make(chan struct{}, 1)
	mu <- struct{}{}
	rng := rand.New(rand.NewPCG(seed, 1))
	return func() {
		<-mu
		y := rng.IntN(4) == 0
		mu <- struct{}{}
		if y {
			runtime.Gosched()
		}
	}
}

// differential runs w sequentially and in parallel over the worker matrix.
func differential(t *testing.T, w *workload, workers []int, procs []int) {
	st := newMemStore()
	st.apply(t, GenesisChanges(w.alloc))
	bctx := benchContext()
	bctx.GasLimit = 1 << 40
	want, wantErrs := runSequential(t, st, bctx, w.txs)
	included := 0
	for _, err := range wantErrs {
		if err == nil {
			included++
		}
	}
	require.Positive(t, included, "the workload includes transactions")
	for _, p := range procs {
		prev := runtime.GOMAXPROCS(p)
		for _, n := range workers {
			for _, head := range headShares(n) {
				for _, yield := range []bool{false, true} {
					opts := ParallelOptions{Workers: n, MinTxs: -1, MaxAbortPercent: -1, HeadPercent: head}
					if yield {
						opts.Yield = yielder(uint64(n))
					}
					got, gotErrs, stats := runParallel(t, st, bctx, w.txs, opts)
					require.Empty(t, stats.Sequential)
					requireSameBlock(t, want, got, wantErrs, gotErrs)
				}
			}
		}
		runtime.GOMAXPROCS(prev)
	}
}

// headShares are the head lanes the suite runs at n workers: the default
// (at two workers, the predicted one), and at two and four workers a short
// and a long head forced, so that most of a block's transactions meet one
// whatever its senders.
func headShares(n int) []int {
	if n == 2 || n == 4 {
		return []int{0, 30, 80}
	}
	return []int{0}
}

func fullMatrix() bool { return os.Getenv("HYPERION_FULL_MATRIX") == "1" }

// TestParallelDifferential runs every workload sequentially and with Block-STM
// at 1, 2, 4, 8 and 16 workers under GOMAXPROCS 1 and 2, with and without
// injected yields, and requires identical results.
func TestParallelDifferential(t *testing.T) {
	n, workers, procs := 48, []int{1, 2, 4, 8, 16}, []int{1, 2}
	if fullMatrix() {
		n = 300
	} else if testing.Short() {
		n, workers, procs = 24, []int{1, 4}, []int{2}
	}
	all := namedWorkloads(n)
	if !fullMatrix() {
		// A solc-compiled transaction runs several times the opcodes of a
		// toy one: those blocks are half as long, to keep -race runs short.
		for name, build := range namedWorkloads(n / 2) {
			if strings.Contains(name, "-solc") {
				all[name] = build
			}
		}
	}
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) { differential(t, all[name](), workers, procs) })
	}
}

// TestParallelFeeVaultSender gives the fee vault a key: it sends and reads
// its own balance mid-block, which makes every fee a real dependency.
func TestParallelFeeVaultSender(t *testing.T) {
	vaultKey := testKey(5000)
	saved := FeeVault
	FeeVault = keyAddr(vaultKey)
	defer func() { FeeVault = saved }()
	w := newWorkload(11, 2)
	w.alloc = append(w.alloc, GenesisAlloc{Address: FeeVault, Balance: new(uint256.Int).Set(oneEther)})
	for i := 0; len(w.txs) < 40; i++ {
		w.transfer(hotAddr(i))
		if i%5 == 0 {
			w.send(vaultKey, &beneficiary, 3, 21000, nil)
			w.readVault()
		}
	}
	differential(t, w, []int{1, 2, 4, 16}, []int{2})
}

// TestParallelFallbacks checks the small-block and budget fallbacks keep the
// result identical.
func TestParallelFallbacks(t *testing.T) {
	w, st := namedGenesis(t, "chain", 40)
	bctx := benchContext()
	want, wantErrs := runSequential(t, st, bctx, w.txs)

	got, errs, stats := runParallel(t, st, bctx, w.txs[:3], ParallelOptions{Workers: 4})
	require.Equal(t, "small block", stats.Sequential)
	small, smallErrs := runSequential(t, st, bctx, w.txs[:3])
	requireSameBlock(t, small, got, smallErrs, errs)

	// A block mostly from one sender is one dependency chain: it runs in order.
	chain, cst := namedGenesis(t, "same-sender", 40)
	cwant, cwantErrs := runSequential(t, cst, bctx, chain.txs)
	got, errs, stats = runParallel(t, cst, bctx, chain.txs, ParallelOptions{Workers: 4})
	require.Equal(t, "sender chain", stats.Sequential)
	requireSameBlock(t, cwant, got, cwantErrs, errs)

	// Whether a chain aborts depends on how the workers interleave: retry
	// until one run exceeds the budget; every run must match.
	fellBack := false
	for seed := uint64(0); seed < 50 && !fellBack; seed++ {
		got, errs, stats = runParallel(t, st, bctx, w.txs, ParallelOptions{Workers: 4, MinTxs: -1, ExtraExecutions: 1, Yield: yielder(seed)})
		requireSameBlock(t, want, got, wantErrs, errs)
		if stats.FellBack {
			fellBack = true
			require.Less(t, stats.TailFrom, len(w.txs))
		}
	}
	require.True(t, fellBack, "a dependency chain exceeds a budget of one re-execution")
}

// FuzzParallelBlock generates random blocks from the workload pieces.
func FuzzParallelBlock(f *testing.F) {
	f.Add(uint64(1), uint8(30), uint8(4))
	f.Add(uint64(2), uint8(60), uint8(16))
	f.Fuzz(func(t *testing.T, seed uint64, n, workers uint8) {
		w := newWorkload(seed, 3).withSolc(8, 2)
		w.mixed(int(n%80) + 1)
		st := newMemStore()
		st.apply(t, GenesisChanges(w.alloc))
		bctx := benchContext()
		want, wantErrs := runSequential(t, st, bctx, w.txs)
		head := []int{0, -1, 30, 70}[seed%4]
		got, errs, _ := runParallel(t, st, bctx, w.txs, ParallelOptions{Workers: int(workers%16) + 1, MinTxs: -1, Yield: yielder(seed), HeadPercent: head})
		requireSameBlock(t, want, got, wantErrs, errs)
	})
}

// TestParallelDifferentialLargeBlock runs blocks whose net changes span
// enough accounts for Finish to derive them on several goroutines.
func TestParallelDifferentialLargeBlock(t *testing.T) {
	for _, name := range []string{"transfers", "mixed"} {
		t.Run(name, func(t *testing.T) {
			differential(t, namedWorkloads(1000)[name](), []int{2, 4}, []int{2})
		})
	}
}
