package evm

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"

	"github.com/stretchr/testify/require"
)

// checkedWorkers is the worker count of the tests that count the rest's
// outcomes the commit checks reject: at two workers the head lane takes
// over from the engine once it catches up with it, so a transaction may be
// executed in order without its outcome being checked; past two it waits
// for every outcome.
const checkedWorkers = 4

// runHead runs workload name (n txs) with options opts and requires the
// sequential result; it returns the run's statistics.
func runHead(t *testing.T, name string, n int, opts ParallelOptions) *ParallelStats {
	t.Helper()
	return runHeadBlock(t, namedWorkloads(n)[name](), opts)
}

// runHeadBlock runs w's block with opts and requires the sequential result.
func runHeadBlock(t *testing.T, w *workload, opts ParallelOptions) *ParallelStats {
	t.Helper()
	st := newMemStore()
	st.apply(t, GenesisChanges(w.alloc))
	bctx := benchContext()
	want, wantErrs := runSequential(t, st, bctx, w.txs)
	got, errs, stats := runParallel(t, st, bctx, w.txs, opts)
	requireSameBlock(t, want, got, wantErrs, errs)
	return stats
}

// TestHeadLaneLazySenders: every sender of the native transfers also sends
// in the head, which moves its nonce and balance; run lazily, none of the
// rest has to run again.
func TestHeadLaneLazySenders(t *testing.T) {
	stats := runHead(t, "transfers", 200, ParallelOptions{Workers: checkedWorkers, MinTxs: -1, HeadPercent: 50})
	require.Positive(t, stats.Head)
	require.Zero(t, stats.HeadRedone, "lazy senders leave the rest standing")
}

// TestHeadLaneIndependentTokenTransfers: two workers take a head lane on
// token transfers that share nothing but the token's code, and every
// outcome of the rest passes the commit's checks.
func TestHeadLaneIndependentTokenTransfers(t *testing.T) {
	auto := runHead(t, "erc20-solc-independent", 200, ParallelOptions{Workers: 2})
	require.Positive(t, auto.Head)
	checked := runHead(t, "erc20-solc-independent", 200, ParallelOptions{Workers: checkedWorkers, MinTxs: -1, HeadPercent: 50})
	require.Zero(t, checked.HeadRedone, "no transfer of the rest reads what the head wrote")
}

// TestHeadLaneTakeOver: a head lane of a few transactions catches up with
// the engine's one worker at once, stops it and executes the rest itself;
// the block equals sequential execution and no run counts as a fallback.
func TestHeadLaneTakeOver(t *testing.T) {
	taken := false
	for try := 0; try < 5 && !taken; try++ { // the engine may win a race on a loaded machine
		stats := runHead(t, "erc20-solc-independent", 200, ParallelOptions{Workers: 2, MinTxs: -1, HeadPercent: 2})
		require.Positive(t, stats.Head)
		require.False(t, stats.FellBack, "a stop is not a fallback")
		require.Zero(t, stats.HeadRedone)
		taken = stats.HeadTaken > 0
	}
	require.True(t, taken, "the head lane took over from the engine")
}

// TestHeadLaneSenderBalanceRead: a transaction that reads its sender's
// balance (BALANCE(ORIGIN)) depends on the exact value, which the head
// moved: it runs again in order, and the block still equals sequential.
func TestHeadLaneSenderBalanceRead(t *testing.T) {
	stats := runHead(t, "own-balance", 200, ParallelOptions{Workers: checkedWorkers, MinTxs: -1, HeadPercent: 50})
	require.Positive(t, stats.Head)
	require.Positive(t, stats.HeadRedone, "a read of the sender's own balance is not lazy")
}

// TestHeadLanePredictor: by default two workers take a head lane when the
// rest's senders are apart from the head's, and not when most are shared
// (each sender's token balance would make the rest run again).
func TestHeadLanePredictor(t *testing.T) {
	apart := runHead(t, "erc20-solc-distinct", 200, ParallelOptions{Workers: 2})
	require.Positive(t, apart.Head)
	// Only transfers to a sender that sends later run again.
	require.Less(t, apart.HeadRedone*4, apart.Txs-apart.Head)
	shared := runHead(t, "erc20-solc", 200, ParallelOptions{Workers: 2})
	require.Zero(t, shared.Head)
	four := runHead(t, "erc20-solc-distinct", 200, ParallelOptions{Workers: 4})
	require.Zero(t, four.Head, "the head lane is a two-worker schedule unless forced")
}

// TestFallbackHistorySkipsHeadAfterRedo: after a head lane that ran more
// than one in maxSharedSenders of its rest again, the next blocks run
// without one but for a probe every headProbeInterval blocks; a head lane
// whose rest stood clears the memory.
func TestFallbackHistorySkipsHeadAfterRedo(t *testing.T) {
	var h FallbackHistory
	require.False(t, h.skipHead())
	h.record(&ParallelStats{Txs: 100, Head: 50, HeadRedone: 40})
	for i := 1; i < headProbeInterval; i++ {
		require.True(t, h.skipHead(), "block %d after", i)
	}
	require.False(t, h.skipHead(), "the probe")
	h.record(&ParallelStats{Txs: 100, Head: 50, HeadRedone: 1})
	require.False(t, h.skipHead())
	h.record(&ParallelStats{Txs: 100}) // a block without a head lane changes nothing
	require.False(t, h.skipHead())
	var none *FallbackHistory
	require.False(t, none.skipHead())
}

// TestHeadLaneWrongNonce: a transaction of the rest whose nonce is wrong
// once the head ran (its sender's nonce moved) runs lazily with its own
// nonce; the commit sees the builder's nonce differ and runs it again in
// order, where it fails as in sequential execution.
func TestHeadLaneWrongNonce(t *testing.T) {
	w := newWorkload(7, 0)
	for len(w.txs) < 200 {
		w.transfer(hotAddr(len(w.txs)))
		if len(w.txs)%5 == 0 {
			k := w.key()
			w.txs = append(w.txs, dynTx(k, w.nonces[keyAddr(k)]+1, ptrTo(hotAddr(len(w.txs))), big.NewInt(1), 21000, nil))
		}
	}
	stats := runHeadBlock(t, w, ParallelOptions{Workers: checkedWorkers, MinTxs: -1, HeadPercent: 50})
	require.Positive(t, stats.HeadRedone)
}

func ptrTo(a common.Address) *common.Address { return &a }

// TestHeadLaneWrongNonceObserved: a transaction of the rest with a wrong
// nonce whose sender the head never touches, and which reads its own
// balance (so its balance is not lazy), still ran with its own nonce: the
// commit checks that nonce and runs it again, where it fails.
func TestHeadLaneWrongNonceObserved(t *testing.T) {
	w := newWorkload(9, 0).withKeys(workloadKeys + 20)
	for len(w.txs) < 100 {
		w.transfer(hotAddr(len(w.txs)))
	}
	for i := range 20 {
		k := w.keys[workloadKeys+i] // sends only here, in the rest
		w.txs = append(w.txs, dynTx(k, 1, &ownReaderAdr, big.NewInt(0), 100_000, nil))
	}
	stats := runHeadBlock(t, w, ParallelOptions{Workers: checkedWorkers, MinTxs: -1, HeadPercent: 50})
	require.GreaterOrEqual(t, stats.HeadRedone, 20)
}

// TestHeadLaneBlockPrecompile: the engine stops at the rest's first call of
// a BlockPrecompile (its meter is exact only in order); the head ran it in
// order, and the rest from there runs in order too.
func TestHeadLaneBlockPrecompile(t *testing.T) {
	for _, head := range []int{30, 70} {
		blocks := 0
		w, st, bctx := quotaBlock(t, &blocks)
		want, wantErrs := runSequential(t, st, bctx, w.txs)
		got, errs, stats := runParallel(t, st, bctx, w.txs, ParallelOptions{Workers: 2, MinTxs: -1, HeadPercent: head})
		requireSameBlock(t, want, got, wantErrs, errs)
		require.Positive(t, stats.Head)
		// The engine stopped there, unless the head caught up with it first.
		require.Positive(t, stats.HeadRedone+stats.HeadTaken, "head %d%%", head)
	}
}

// TestHeadLaneSenderRunsDry: the head spends most of a sender's balance, so
// its transaction in the rest cannot pay for its gas and value; run lazily
// on the balance below the block it succeeded, and the commit's check of the
// builder's balance against what the execution needed runs it again, where
// it fails as in sequential execution.
func TestHeadLaneSenderRunsDry(t *testing.T) {
	w := newWorkload(11, 0)
	k := testKey(5_000)
	value := big.NewInt(1e13)
	spent := new(big.Int).Add(big.NewInt(21_000*(params.InitialBaseFee+2)), value) // a transfer at base fee + tip
	need := new(big.Int).Add(big.NewInt(21_000*10*params.GWei), value)             // the gas purchase's check
	funds := new(big.Int).Add(need, new(big.Int).Mul(spent, big.NewInt(2)))
	w.alloc = append(w.alloc, GenesisAlloc{Address: keyAddr(k), Balance: uint256.MustFromBig(new(big.Int).Sub(funds, big.NewInt(1)))})
	send := func(nonce uint64) {
		w.txs = append(w.txs, dynTx(k, nonce, ptrTo(hotAddr(len(w.txs))), value, 21_000, nil))
	}
	send(0)
	send(1)
	for len(w.txs) < 19 {
		w.transfer(hotAddr(len(w.txs)))
	}
	send(2)
	st := newMemStore()
	st.apply(t, GenesisChanges(w.alloc))
	_, seqErrs := runSequential(t, st, benchContext(), w.txs)
	require.ErrorIs(t, seqErrs[len(seqErrs)-1], core.ErrInsufficientFunds, "the last transfer cannot pay")
	stats := runHeadBlock(t, w, ParallelOptions{Workers: checkedWorkers, MinTxs: -1, HeadPercent: 50})
	require.Positive(t, stats.HeadRedone)
}

// TestHeadLaneOffForDependencies: the dependency graph needs the engine over
// the whole block, so RecordDependencies turns even a forced head lane off.
func TestHeadLaneOffForDependencies(t *testing.T) {
	stats := runHead(t, "erc20-solc-independent", 40, ParallelOptions{Workers: 2, MinTxs: -1, HeadPercent: 50, RecordDependencies: true})
	require.Zero(t, stats.Head)
	require.Len(t, stats.Dependencies, stats.Txs)
}
