package testutil_test

import (
	"math/big"
	"runtime"
	"sort"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/testutil"
	"github.com/hyperion-rollup/hyperion/testutil/cpuprobe"
	tencclient "github.com/hyperion-rollup/hyperion/x/tenc/client"
)

// latencySample is one encrypted/plaintext pair sent at the same moment.
type latencySample struct {
	plainBlock, sealedBlock uint64
	plain, sealed           time.Duration // submission to receipt visible over JSON-RPC
}

// measureAddedLatency sends, rounds times, a plaintext transfer and an
// encrypted one back to back through node 0 and reports how much later the
// encrypted one's receipt appears, in blocks and in milliseconds (a
// measurement, not a pass/fail on wall time; the lead copies it to
// docs/BENCHMARKS.md). Sealing (key fetch, encryption, signing) counts.
func (tn *tencNet) measureAddedLatency(rounds int) {
	parallelism := cpuprobe.Parallelism()
	plainFrom, sealedFrom := tn.senders[5], tn.senders[4]
	var samples []latencySample
	for range rounds {
		feeCap, tip, err := testutil.Fees(tn.ctx, tn.eth[0])
		require.NoError(tn.t, err)
		pn, err := tn.eth[0].PendingNonceAt(tn.ctx, plainFrom.Address)
		require.NoError(tn.t, err)
		sn, err := tn.eth[0].PendingNonceAt(tn.ctx, sealedFrom.Address)
		require.NoError(tn.t, err)
		to := common.HexToAddress("0x000000000000000000000000000000000001a7e0")
		plain := testutil.NewSender(plainFrom.Key, big.NewInt(tencChainID), pn).Tx(&to, big.NewInt(1), 21_000, nil, feeCap, tip)
		inner := testutil.NewSender(sealedFrom.Key, big.NewInt(tencChainID), sn).Tx(&to, big.NewInt(1), 21_000, nil, feeCap, tip)
		start := time.Now()
		require.NoError(tn.t, tn.eth[0].SendTransaction(tn.ctx, plain))
		sealedStart := time.Now()
		_, err = tn.tenc[0].SealAndSend(tn.ctx, sealedFrom.Key, inner, tencclient.Fees{MaxFeePerGas: feeCap, MaxPriorityFeePerGas: tip})
		require.NoError(tn.t, err)
		samples = append(samples, tn.awaitPair(plain, inner, start, sealedStart))
	}
	tn.reportLatency(samples, parallelism)
}

// awaitPair polls both receipts every 10 ms.
func (tn *tencNet) awaitPair(plain, inner *types.Transaction, start, sealedStart time.Time) latencySample {
	var s latencySample
	ok := testutil.WaitFor(20*time.Second, func() bool {
		for _, p := range []struct {
			tx    *types.Transaction
			block *uint64
			took  *time.Duration
			from  time.Time
		}{{plain, &s.plainBlock, &s.plain, start}, {inner, &s.sealedBlock, &s.sealed, sealedStart}} {
			if *p.block != 0 {
				continue
			}
			if r, err := tn.eth[0].TransactionReceipt(tn.ctx, p.tx.Hash()); err == nil && r != nil {
				*p.block, *p.took = r.BlockNumber.Uint64(), time.Since(p.from)
			}
		}
		if s.plainBlock == 0 || s.sealedBlock == 0 {
			time.Sleep(10 * time.Millisecond)
			return false
		}
		return true
	})
	require.True(tn.t, ok, "receipts of the latency pair")
	return s
}

func (tn *tencNet) reportLatency(samples []latencySample, parallelism float64) {
	blocks := make([]int, len(samples))
	added := make([]time.Duration, len(samples))
	var plain, sealed time.Duration
	for i, s := range samples {
		blocks[i] = int(s.sealedBlock) - int(s.plainBlock)
		added[i] = s.sealed - s.plain
		plain, sealed = plain+s.plain, sealed+s.sealed
		require.GreaterOrEqual(tn.t, blocks[i], 1, "an encrypted tx cannot execute in its envelope's block")
	}
	sort.Ints(blocks)
	sort.Slice(added, func(i, j int) bool { return added[i] < added[j] })
	n := time.Duration(len(samples))
	tn.t.Logf("TENC-LATENCY 4 validators (in-process, test homes' timeout_commit %v), %d pairs: added blocks median %d (min %d, max %d); "+
		"added ms median %.0f (min %.0f, max %.0f); mean plaintext %.0f ms, encrypted %.0f ms; "+
		"GOMAXPROCS %d, spin-probe parallelism %.2f",
		300*time.Millisecond, len(samples), blocks[len(blocks)/2], blocks[0], blocks[len(blocks)-1],
		ms(added[len(added)/2]), ms(added[0]), ms(added[len(added)-1]), ms(plain/n), ms(sealed/n),
		runtime.GOMAXPROCS(0), parallelism)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
