package abci

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/evm"
)

func TestChainParamsSnapshot(t *testing.T) {
	h := newHarness(t)
	view, ok := h.app.ChainParams()
	require.True(t, ok)
	require.Equal(t, int64(0), view.Height)
	require.Equal(t, evm.DefaultBaseFeeParams(), view.Params.BaseFee())
	view.Params.InitialBaseFee.SetUint64(1) // a copy: the app's parameters stay
	require.NotEqual(t, uint64(1), h.app.chain.params.InitialBaseFee.Uint64())

	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // an RPC reader racing Commit (run with -race)
		defer wg.Done()
		for i := 0; i < 1000; i++ {
			v, ok := h.app.ChainParams()
			if !ok || v.Height > int64(h.app.VisibleHeight()) {
				panic("snapshot ahead of the visible height")
			}
		}
	}()
	h.step()
	h.step()
	wg.Wait()
	view, _ = h.app.ChainParams()
	require.Equal(t, int64(2), view.Height)
}

func TestNextBaseFeeUsesChainParams(t *testing.T) {
	h := newHarness(t)
	h.step()
	h.app.chain.params.BaseFeeChangeDenominator = 1
	h.app.chain.params.MinBaseFee = 123_456_789_000
	parent := h.app.chain.lastHeader
	want := evm.NextBaseFeeWith(parent, h.app.chain.params.BaseFee())
	require.Equal(t, want, h.app.blockContext(2, h.blockTime()).BaseFee)
	require.Equal(t, want, h.app.poolHead().BaseFee)
	require.Equal(t, uint64(123_456_789_000), want.Uint64(), "an empty block 1 at the floor")
}
