package txpool

import (
	"crypto/ecdsa"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/core/types"
)

// benchTxs signs n transfers spread over senders accounts (nonces in order),
// with tips varying deterministically.
func benchTxs(n, senders int) ([]*types.Transaction, *memState) {
	keys := make([]*ecdsa.PrivateKey, senders)
	for i := range keys {
		keys[i] = testKey(i)
	}
	txs := make([]*types.Transaction, n)
	for i := range txs {
		s := i % senders
		tip := int64(1 + (i*7919)%997)
		txs[i] = dynTx(keys[s], uint64(i/senders), 2000, tip)
	}
	return txs, fundedState(senders)
}

func benchConfig(n int) Config {
	return Config{AccountSlots: n, GlobalSlots: n, AccountQueue: n, GlobalQueue: n}
}

// BenchmarkPoolAdd measures Add of fresh transactions, signature recovery
// included, into a pool growing to b.N transactions over 1,000 senders.
func BenchmarkPoolAdd(b *testing.B) {
	txs, state := benchTxs(b.N, 1000)
	p := New(benchConfig(b.N+1), testChain, state, testHead)
	b.ReportAllocs()
	b.ResetTimer()
	for _, tx := range txs {
		if err := p.Add(tx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPending measures taking the block-building snapshot of 10,000
// executable transactions (1,000 senders × 10 nonces) and draining it in
// priority order.
func BenchmarkPending(b *testing.B) {
	const n = 10_000
	txs, state := benchTxs(n, 1000)
	p := New(benchConfig(n), testChain, state, testHead)
	for _, tx := range txs {
		if err := p.Add(tx); err != nil {
			b.Fatal(err)
		}
	}
	baseFee := big.NewInt(100)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		o := p.Pending(baseFee)
		count := 0
		for o.Peek() != nil {
			o.Shift()
			count++
		}
		if count != n {
			b.Fatalf("drained %d txs, want %d", count, n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/tx")
}

// BenchmarkAddFullPool measures Add when the pool is at GlobalSlots (8,192
// senders with one transaction each), so that every Add first finds and
// evicts the cheapest pending tail.
func BenchmarkAddFullPool(b *testing.B) {
	const full = DefaultGlobalSlots
	txs, state := benchTxs(full+b.N, full+b.N)
	p := New(DefaultConfig(), testChain, state, testHead)
	for _, tx := range txs[:full] {
		if err := p.Add(tx); err != nil {
			b.Fatal(err)
		}
	}
	fresh := make([]*types.Transaction, b.N)
	for i := range fresh { // outbid everything already pooled
		fresh[i] = dynTx(testKey(full+i), 0, 5000, 2000)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for _, tx := range fresh {
		if err := p.Add(tx); err != nil {
			b.Fatal(err)
		}
	}
}
