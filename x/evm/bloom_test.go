package evm

import (
	"math/rand"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"
)

// TestBloomCacheMatchesCreateBloom checks the worker's cached receipt
// blooms against go-ethereum's, past the cache's bound and with items that
// repeat, as a block's logs do.
func TestBloomCacheMatchesCreateBloom(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	pick := func(pool []common.Hash) common.Hash {
		if rng.Intn(2) == 0 {
			return pool[rng.Intn(len(pool))]
		}
		var h common.Hash
		rng.Read(h[:])
		return h
	}
	pool := make([]common.Hash, 8)
	for i := range pool {
		rng.Read(pool[i][:])
	}
	var c bloomCache
	for range 2 * maxBloomItems {
		logs := make([]*types.Log, rng.Intn(4)+1)
		for j := range logs {
			l := &types.Log{Address: common.BytesToAddress(pick(pool).Bytes())}
			for range rng.Intn(5) {
				l.Topics = append(l.Topics, pick(pool))
			}
			logs[j] = l
		}
		require.Equal(t, types.CreateBloom(&types.Receipt{Logs: logs}), c.logsBloom(logs))
	}
	require.LessOrEqual(t, len(c.index), maxBloomItems)
	require.Equal(t, maxBloomItems, len(c.index), "the cache should have filled")
}

// TestBloomFollower appends receipts to a builder as a head lane's commit
// does, publishing each, while the follower runs on another goroutine
// (started late, after some appends, as after an engine's return); at the
// end every receipt with logs has go-ethereum's bloom, each computed once
// (a receipt given a bloom twice would still match, so the follower's
// claims are counted by the cursor), and the builder gives blooms again.
func TestBloomFollower(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	b := &BlockBuilder{}
	b.receipts = append(b.receipts, &types.Receipt{}) // one before the follow
	const n = 300
	f := followBlooms(b, n)
	require.True(t, b.bloomsLater)
	started := make(chan struct{})
	go func() {
		<-started
		f.start()
	}()
	for i := range n {
		r := &types.Receipt{}
		for range rng.Intn(3) {
			l := &types.Log{Address: common.Address{byte(rng.Intn(4))}, Topics: []common.Hash{{1}, {byte(i), byte(i >> 8)}}}
			r.Logs = append(r.Logs, l)
		}
		b.receipts = append(b.receipts, r)
		f.publish(b)
		if i == n/3 {
			close(started)
		}
	}
	f.finish(b)
	require.False(t, b.bloomsLater)
	require.Equal(t, int64(n+1), f.next.Load(), "claims")
	require.Equal(t, types.Bloom{}, b.receipts[0].Bloom, "the receipt before the follow")
	for i, r := range b.receipts[1:] {
		require.Equal(t, types.CreateBloom(r), r.Bloom, "receipt %d", i)
	}
}

// TestBloomFollowerLeavesDeferredBlooms checks that a builder whose blooms
// wait for Finish (DeferBlooms) gets no follower.
func TestBloomFollowerLeavesDeferredBlooms(t *testing.T) {
	b := &BlockBuilder{bloomsAtFinish: true}
	f := followBlooms(b, 10)
	require.Nil(t, f)
	require.False(t, b.bloomsLater)
	f.publish(b)
	f.start()
	f.finish(b)
}

// TestBloomFollowerNoReceipts: a follow during which every transaction is
// excluded leaves the builder's receipts nil, as in-order execution does
// (found by FuzzParallelBlock: a non-nil empty slice differed).
func TestBloomFollowerNoReceipts(t *testing.T) {
	b := &BlockBuilder{}
	f := followBlooms(b, 5)
	go f.start()
	f.finish(b)
	require.Nil(t, b.receipts)
}
