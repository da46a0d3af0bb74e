package txpool

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

func TestResetDropsIncludedAndStale(t *testing.T) {
	p, _ := newTestPool(t, DefaultConfig(), 2)
	key, other := testKey(0), testKey(1)
	txs := []*types.Transaction{dynTx(key, 0, 1000, 1), dynTx(key, 1, 1000, 1), dynTx(key, 2, 1000, 1), dynTx(key, 3, 1000, 1)}
	mustAdd(t, p, txs...)
	b0, b1 := dynTx(other, 0, 1000, 1), dynTx(other, 1, 1000, 1)
	mustAdd(t, p, b0, b1)
	requireStats(t, p, 6, 0)

	// The block included key's nonces 0 and 1 (only 0 is listed: 1 went stale
	// by nonce), and other's nonce 0 whose execution failed without using its
	// nonce: it is dropped as included and b1 is left gapped.
	state := stateWithNonce(t, p, addrOf(key), 2)
	p.Reset(state, testHead, []common.Hash{txs[0].Hash(), b0.Hash()})
	checkInvariants(t, p)
	requireStats(t, p, 2, 1)
	for _, tx := range []*types.Transaction{txs[0], txs[1], b0} {
		require.False(t, p.Has(tx.Hash()))
	}
	require.Equal(t, hashes(txs[2], txs[3]), drain(p.Pending(nil)))
	require.Equal(t, uint64(4), p.PendingNonce(addrOf(key)))
	require.Equal(t, uint64(0), p.PendingNonce(addrOf(other)))
}

func TestResetRevalidatesFundsAndGasLimit(t *testing.T) {
	p, state := newTestPool(t, DefaultConfig(), 2)
	key, other := testKey(0), testKey(1)
	txs := []*types.Transaction{dynTx(key, 0, 1000, 1), dynTx(key, 1, 1000, 1), dynTx(key, 2, 1000, 1), dynTx(key, 3, 1000, 1)}
	mustAdd(t, p, txs...)
	big0 := signTx(other, &types.DynamicFeeTx{ChainID: testChainID, Nonce: 0, GasFeeCap: big.NewInt(1000),
		GasTipCap: big.NewInt(1), Gas: 5_000_000, To: &testTo})
	mustAdd(t, p, big0, dynTx(other, 1, 1000, 1))

	cost := uint64(21000*1000 + 1)
	state.set(addrOf(key), 0, uint256.NewInt(cost*5/2)) // affords two of the four
	head := testHead
	head.GasLimit = 4_000_000 // big0 no longer fits a block
	p.Reset(state, head, nil)
	checkInvariants(t, p)

	require.True(t, p.Has(txs[0].Hash()))
	require.True(t, p.Has(txs[1].Hash()))
	require.False(t, p.Has(txs[2].Hash()))
	require.False(t, p.Has(txs[3].Hash()))
	require.False(t, p.Has(big0.Hash()))
	requireStats(t, p, 2, 1) // other's nonce 1 waits behind the gap
}

func TestResetKeepsTxsUnderNewBaseFee(t *testing.T) {
	p, state := newTestPool(t, DefaultConfig(), 2)
	cheap := dynTx(testKey(0), 0, 150, 10)
	cheapNext := dynTx(testKey(0), 1, 1000, 10)
	rich := dynTx(testKey(1), 0, 1000, 10)
	mustAdd(t, p, cheap, cheapNext, rich)

	head := testHead
	head.BaseFee = big.NewInt(200)
	p.Reset(state, head, nil)
	checkInvariants(t, p)
	requireStats(t, p, 3, 0)
	// Neither cheap nor its follower can be built on, nor gossiped.
	require.Equal(t, hashes(rich), drain(p.Pending(head.BaseFee)))
	require.Equal(t, hashes(rich), hashes(p.Reap(0, 0)...))
	// A new tx under the base fee is refused outright.
	require.ErrorIs(t, p.Add(dynTx(testKey(1), 1, 150, 10)), ErrFeeCapTooLow)

	// When the base fee falls back, they are built and gossiped again.
	p.Reset(state, testHead, nil)
	require.Equal(t, hashes(cheap, cheapNext), hashes(p.Reap(0, 0)...))
}

func TestResetPromotesQueued(t *testing.T) {
	p, _ := newTestPool(t, DefaultConfig(), 1)
	key := testKey(0)
	q2, q3 := dynTx(key, 2, 1000, 1), dynTx(key, 3, 1000, 1)
	mustAdd(t, p, q2, q3)
	requireStats(t, p, 0, 2)
	// Nonces 0 and 1 were included from another node's pool.
	p.Reset(stateWithNonce(t, p, addrOf(key), 2), testHead, nil)
	checkInvariants(t, p)
	requireStats(t, p, 2, 0)
	require.Equal(t, hashes(q2, q3), drain(p.Pending(nil)))
}

func TestResetRespectsGlobalSlots(t *testing.T) {
	p, state := newTestPool(t, Config{GlobalSlots: 3}, 2)
	a := testKey(0)
	mustAdd(t, p, dynTx(a, 0, 1000, 1), dynTx(a, 1, 1000, 1), dynTx(a, 2, 1000, 1))
	b := testKey(1)
	mustAdd(t, p, dynTx(b, 1, 1000, 1), dynTx(b, 2, 1000, 1)) // queued: gap at 0
	requireStats(t, p, 3, 2)
	// b's nonce 0 was mined elsewhere; a's three stay pending and b's two
	// cannot all be promoted past the global limit.
	state.set(addrOf(b), 1, richFunds)
	p.Reset(state, testHead, nil)
	checkInvariants(t, p)
	requireStats(t, p, 3, 2)
	// a's first tx is mined: one slot frees up for b.
	p.Reset(stateWithNonce(t, p, addrOf(a), 1), testHead, nil)
	checkInvariants(t, p)
	requireStats(t, p, 3, 1)
}
