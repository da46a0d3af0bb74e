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
