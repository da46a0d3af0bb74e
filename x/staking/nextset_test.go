package staking

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPlannedSetForThresholdDKG checks the read API the threshold mempool
// plans its next eon with: the boundary after each committed height, and
// the next set's CometBFT addresses and DKG keys (genesis validators have
// none; a joiner has the one createValidator registered).
func TestPlannedSetForThresholdDKG(t *testing.T) {
	c := newChain(t, 2, 3, testParams())
	m := NewModule()
	b, err := m.NextBoundary(c.Store, 0)
	require.NoError(t, err)
	require.Equal(t, int64(5), b)
	addrs, keys, err := m.PlannedSet(c.Store, 0)
	require.NoError(t, err)
	require.Len(t, addrs, 2)
	require.Equal(t, [][]byte{nil, nil}, keys, "genesis validators register their DKG keys in the genesis DKG")

	c.Block(c.Tx(2, StakingAddress, tokens(50).ToBig(), createValidatorTx(t, c, 2, 9, tokens(50), nil)))
	for c.Height < 5 {
		c.Block()
	}
	for h, want := range map[int64]int64{4: 5, 5: 10, 9: 10, 10: 15} {
		b, err := m.NextBoundary(c.Store, h)
		require.NoError(t, err)
		require.Equal(t, want, b, "after height %d", h)
	}
	addrs, keys, err = m.PlannedSet(c.Store, c.Height)
	require.NoError(t, err)
	require.Len(t, addrs, 3, "the snapshot at 5 includes the joiner")
	k := keeperAt(c)
	v, _ := k.Validator(c.Addrs[2])
	for i, a := range addrs {
		if string(a) == string(consAddr(v.ConsensusPubKey)) {
			require.Len(t, keys[i], 33)
			require.Equal(t, k.DKGKey(c.Addrs[2]), keys[i])
			return
		}
	}
	t.Fatal("joiner not in the planned set")
}
