package batcher

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/rollup/batch"
	"github.com/hyperion-rollup/hyperion/rollup/contracts"
)

// batchEvents counts the inbox's BatchAppended events on the canonical chain.
func (h *harness) batchEvents() int {
	topic := contracts.NewBatchInbox().GetABI().Events[contracts.BatchInboxBatchAppendedEventName].ID
	logs, err := h.sim.Client().FilterLogs(context.Background(), ethereum.FilterQuery{
		FromBlock: big.NewInt(0), Addresses: []common.Address{h.dep.BatchInbox}, Topics: [][]common.Hash{{topic}},
	})
	require.NoError(h.t, err)
	return len(logs)
}

// TestRestartReplacesInFlightPost: a batcher restarted while its post is still in the L1 pool replaces
// that transaction (same nonce, fees doubled) instead of sending a second one; the batch lands once.
func TestRestartReplacesInFlightPost(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, batch.Params{Interval: 8, Codec: batch.CodecZstd, Medium: batch.MediumCalldata}, 10)
	h.advance(11, 4)
	now := time.Now()
	first, err := h.batcher(0, time.Minute).Step(ctx, uint64(h.height), now)
	require.NoError(t, err)
	restarted := h.batcher(0, time.Minute)
	second, err := restarted.Step(ctx, uint64(h.height), now)
	require.NoError(t, err)
	require.Equal(t, first.Nonce(), second.Nonce(), "replacement, not a second transaction")
	require.NotEqual(t, first.Hash(), second.Hash())
	require.Equal(t, 0, second.GasFeeCap().Cmp(new(big.Int).Mul(first.GasFeeCap(), big.NewInt(2))), "fees doubled")
	h.mined(second)
	_, _, err = h.sim.Client().TransactionByHash(ctx, first.Hash())
	require.ErrorIs(t, err, ethereum.NotFound, "the replaced post is gone")
	require.Equal(t, 1, h.batchEvents())
	tx, err := restarted.Step(ctx, uint64(h.height), now)
	require.ErrorIs(t, err, ErrNotReady, "batch 1 not attested yet; nothing re-sent")
	require.Nil(t, tx)
}

// TestStuckPostIsBumped: a post still pending after half the timeout (still its poster's turn) is replaced with doubled fees (the blob
// pool's 100% rule, more than the legacy pool's 10%); a fresh one is left alone.
func TestStuckPostIsBumped(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, batch.Params{Interval: 8, Codec: batch.CodecZstd, Medium: batch.MediumCalldata}, 10)
	h.advance(11, 4)
	b := h.batcher(0, 5*time.Second)
	now := time.Now()
	first, err := b.Step(ctx, uint64(h.height), now)
	require.NoError(t, err)
	again, err := b.Step(ctx, uint64(h.height), now.Add(time.Second))
	require.NoError(t, err)
	require.Nil(t, again, "in flight, within the timeout")
	bumped, err := b.Step(ctx, uint64(h.height), now.Add(3*time.Second))
	require.NoError(t, err)
	require.Equal(t, first.Nonce(), bumped.Nonce())
	require.Equal(t, 0, bumped.GasTipCap().Cmp(new(big.Int).Mul(first.GasTipCap(), big.NewInt(2))))
	h.mined(bumped)
	require.Equal(t, 1, h.batchEvents())
}

// TestReorgResubmits: when an L1 reorg drops the block holding a batch, the batcher sees the inbox's
// next index fall back and the batch lands again on the new chain, once.
func TestReorgResubmits(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, batch.Params{Interval: 8, Codec: batch.CodecZstd, Medium: batch.MediumCalldata}, 10)
	h.advance(11, 4)
	b := h.batcher(0, time.Minute)
	now := time.Now()
	parent, err := h.sim.Client().HeaderByNumber(ctx, nil)
	require.NoError(t, err)
	tx, err := b.Step(ctx, uint64(h.height), now)
	require.NoError(t, err)
	h.mined(tx)
	require.Equal(t, 1, h.batchEvents())
	require.NoError(t, h.sim.Fork(parent.Hash()))
	h.sim.Rollback() // the dropped post does not come back from the pool either
	h.sim.Commit()   // the new chain: a sibling of the block that held the batch
	h.sim.Commit()   // and longer
	next, err := b.NextIndex(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(0), next, "the reorg dropped the batch")
	require.Equal(t, 0, h.batchEvents())
	again, err := b.Step(ctx, uint64(h.height), now.Add(time.Second))
	require.NoError(t, err)
	require.NotNil(t, again, "posted again")
	h.mined(again)
	next, err = b.NextIndex(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(1), next)
	require.Equal(t, 1, h.batchEvents())
}
