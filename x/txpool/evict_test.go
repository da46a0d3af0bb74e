package txpool

import (
	"math/big"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"
)

func TestEvictionFromPendingTails(t *testing.T) {
	p, _ := newTestPool(t, Config{GlobalSlots: 4}, 5)
	a0, a1 := dynTx(testKey(0), 0, 1000, 5), dynTx(testKey(0), 1, 1000, 2)
	b0, c0 := dynTx(testKey(1), 0, 1000, 3), dynTx(testKey(2), 0, 1000, 4)
	mustAdd(t, p, a0, a1, b0, c0)
	requireStats(t, p, 4, 0)

	// Candidates are the tails a1 (2), b0 (3), c0 (4): a1 goes, a0 stays.
	d0 := dynTx(testKey(3), 0, 1000, 6)
	mustAdd(t, p, d0)
	require.False(t, p.Has(a1.Hash()))
	require.True(t, p.Has(a0.Hash()))
	requireStats(t, p, 4, 0)

	// Cheaper than or equal to every tail: refused, nothing changes.
	for _, tip := range []int64{1, 3} {
		before := takeSnapshot(p)
		err := p.Add(dynTx(testKey(4), 0, 1000, tip))
		require.ErrorIs(t, err, ErrTxPoolOverflow)
		require.Equal(t, before, takeSnapshot(p))
	}
	// A sender never evicts its own tail to make room for itself.
	before := takeSnapshot(p)
	require.ErrorIs(t, p.Add(dynTx(testKey(1), 1, 1000, 2)), ErrTxPoolOverflow)
	require.Equal(t, before, takeSnapshot(p))
}

func TestEvictionUsesEffectiveTip(t *testing.T) {
	p, _ := newTestPool(t, Config{GlobalSlots: 2}, 3)
	// Tip cap 90 but fee cap 110 at base fee 100: effective tip 10.
	capped := dynTx(testKey(0), 0, 110, 90)
	plain := dynTx(testKey(1), 0, 1000, 20)
	mustAdd(t, p, capped, plain)
	mustAdd(t, p, dynTx(testKey(2), 0, 1000, 15))
	require.False(t, p.Has(capped.Hash()))
	require.True(t, p.Has(plain.Hash()))
}

func TestEvictionFromQueue(t *testing.T) {
	p, _ := newTestPool(t, Config{GlobalQueue: 2}, 3)
	a5, a6 := dynTx(testKey(0), 5, 1000, 9), dynTx(testKey(0), 6, 1000, 1)
	b5 := dynTx(testKey(1), 5, 1000, 5)
	mustAdd(t, p, a5, a6)
	requireStats(t, p, 0, 2)
	mustAdd(t, p, b5) // evicts a6, the cheapest queue tail
	require.False(t, p.Has(a6.Hash()))
	requireStats(t, p, 0, 2)
	before := takeSnapshot(p)
	require.ErrorIs(t, p.Add(dynTx(testKey(2), 5, 1000, 4)), ErrTxPoolOverflow)
	require.Equal(t, before, takeSnapshot(p))
}

func TestReapReturnsEachTxOnce(t *testing.T) {
	p, _ := newTestPool(t, DefaultConfig(), 3)
	a0, a1 := dynTx(testKey(0), 0, 1000, 30), dynTx(testKey(0), 1, 1000, 30)
	b0 := dynTx(testKey(1), 0, 1000, 20)
	queued := dynTx(testKey(2), 1, 1000, 50)
	mustAdd(t, p, a0, a1, b0, queued)

	// A gas limit for two transfers: a0 then a1 (best first); b0 waits.
	require.Equal(t, hashes(a0, a1), hashes(p.Reap(0, 2*21000)...))
	require.Equal(t, hashes(b0), hashes(p.Reap(0, 0)...))
	require.Empty(t, p.Reap(0, 0))

	// New, promoted and replacement transactions are reaped once each.
	c0 := dynTx(testKey(2), 0, 1000, 10) // also promotes queued
	replacement := dynTx(testKey(1), 0, 1100, 22)
	mustAdd(t, p, c0, replacement)
	require.Equal(t, hashes(replacement, c0, queued), hashes(p.Reap(0, 0)...))
	require.Empty(t, p.Reap(0, 0))

	// A byte limit below one transaction reaps nothing, and marks nothing.
	d0 := dynTx(testKey(0), 2, 1000, 10)
	mustAdd(t, p, d0)
	require.Empty(t, p.Reap(d0.Size()-1, 0))
	require.Equal(t, hashes(d0), hashes(p.Reap(d0.Size(), 0)...))
}

func TestConcurrentAddResetPending(t *testing.T) {
	const senders, perSender = 8, 20
	p, state := newTestPool(t, DefaultConfig(), senders)
	txs := make([][]*types.Transaction, senders)
	for s := range txs {
		for n := 0; n < perSender; n++ {
			txs[s] = append(txs[s], dynTx(testKey(s), uint64(n), 1000, int64(1+n%7)))
		}
	}
	var adders, others sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, senders*perSender)
	for s := range txs {
		adders.Add(1)
		go func(list []*types.Transaction) {
			defer adders.Done()
			for _, tx := range list {
				if err := p.Add(tx); err != nil {
					errs <- err
				}
			}
		}(txs[s])
	}
	others.Add(1)
	go func() {
		defer others.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			p.Reset(state, testHead, nil)
			drain(p.Pending(big.NewInt(100)))
			p.Reap(0, 0)
			p.PendingNonce(addrOf(testKey(0)))
		}
	}()
	adders.Wait()
	close(stop)
	others.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	checkInvariants(t, p)
	requireStats(t, p, senders*perSender, 0)
	require.Len(t, drain(p.Pending(big.NewInt(100))), senders*perSender)
}

func TestEvictionAfterBaseFeeRise(t *testing.T) {
	p, state := newTestPool(t, Config{GlobalSlots: 2}, 4)
	a := dynTx(testKey(0), 0, 150, 40)  // effective 40 at base fee 100, 10 at 140
	b := dynTx(testKey(1), 0, 1000, 30) // effective 30 at both
	mustAdd(t, p, a, b)

	head := testHead
	head.BaseFee = big.NewInt(140)
	p.Reset(state, head, nil)
	checkInvariants(t, p)
	mustAdd(t, p, dynTx(testKey(2), 0, 1000, 20)) // outbids a's 10, not b's 30
	require.False(t, p.Has(a.Hash()))
	require.True(t, p.Has(b.Hash()))
}
