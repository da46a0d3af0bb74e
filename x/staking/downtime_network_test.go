package staking_test

import (
	"bytes"
	"context"
	"math/big"
	"testing"
	"time"

	cmthttp "github.com/cometbft/cometbft/rpc/client/http"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/testutil"
	"github.com/hyperion-rollup/hyperion/x/staking/stakingnet"
)

// TestNetworkDowntimeRestartUnjail: of four validators one stops (its node
// is shut down) for longer than the signed-blocks window allows; it is
// slashed lightly and jailed and leaves CometBFT's set at the next boundary.
// A new node process on the same home catches up, the operator sends
// unjail once the jail period is over, and the validator is back in the set
// within two epochs and signs blocks again. Invariants hold after every block.
func TestNetworkDowntimeRestartUnjail(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	const epoch, window, down = 10, 10, 3
	net := stakingnet.Start(t, stakingnet.Options{Nodes: 4, Validators: 4, EpochLength: epoch, VotingPeriod: 5,
		DowntimeWindow: window, JailDuration: 3, NullTxIndex: true})
	ctx, cancel := context.WithTimeout(context.Background(), 115*time.Second)
	defer cancel()
	h := newHarness(ctx, t, net)
	comet, err := cmthttp.New(stakingnet.CometRPC(net, 0), "/websocket")
	require.NoError(t, err)
	op, consAddr := devAddr(t, down), stakingnet.ConsensusKey(t, net.Homes[down]).Address
	require.True(t, h.waitFor(20*time.Second, func() bool { return h.height() >= 3 }))
	before := h.validator(op)

	require.NoError(t, net.Nodes[down].Stop())
	net.Nodes[down] = nil
	stoppedAt := h.height()
	var jailed validatorView
	require.True(t, h.waitFor(40*time.Second, func() bool { jailed = h.validator(op); return jailed.Jailed }), "never jailed")
	jailedAt := h.eventHeight("Jailed", op, stoppedAt, h.height())
	require.False(t, jailed.Tombstoned, "downtime does not tombstone")
	// Windows are consecutive (not sliding): a window that began before the
	// stop may reset the count once, so jailing comes within two windows.
	require.LessOrEqual(t, jailedAt, stoppedAt+2*window, "jailed within two windows of the stop")
	cut := new(big.Int).Div(new(big.Int).Mul(before.Tokens, big.NewInt(int64(h.params().SlashDowntimeBps))), big.NewInt(10000))
	require.Positive(t, cut.Sign())
	require.Equal(t, new(big.Int).Sub(before.Tokens, cut), jailed.Tokens, "slashed by slash_downtime_bps")
	require.Equal(t, 1, h.eventCount("Slashed", op, stoppedAt, jailedAt))
	h.requireLeavesSet(comet, consAddr, op, jailedAt, epoch)

	node, err := testutil.StartNode(net.Homes[down], net.Ports[down])
	require.NoError(t, err, "restart the validator on its home")
	net.Nodes[down] = node
	h.unjailWhenAllowed(down, jailedAt)
	unjailedAt := h.height()
	require.False(t, h.validator(op).Jailed)

	var back int64
	require.True(t, h.waitFor(45*time.Second, func() bool {
		back = latestInSet(ctx, comet, consAddr)
		return back > 0
	}), "never rejoined the set")
	require.LessOrEqual(t, uint64(back), unjailedAt+2*epoch+3, "rejoins within two epochs")
	require.Contains(t, h.activeSet(), op)
	require.True(t, h.waitFor(20*time.Second, func() bool { return signedLatest(ctx, comet, consAddr) }), "never signs again")
	require.NoError(t, h.check.CheckUpTo(ctx))
	t.Logf("stopped %d, jailed %d, unjailed %d, back in the set at %d; invariants checked to %d",
		stoppedAt, jailedAt, unjailedAt, back, h.check.Checked)
}

// unjailWhenAllowed sends unjail once the chain's time is past the jail
// period that began at jailedAt (the request would be rejected before).
func (h *harness) unjailWhenAllowed(acc int, jailedAt uint64) {
	jailHeader, err := h.client.HeaderByNumber(h.ctx, new(big.Int).SetUint64(jailedAt))
	require.NoError(h.t, err)
	until := jailHeader.Time + h.params().JailDuration
	require.True(h.t, h.waitFor(30*time.Second, func() bool {
		head, err := h.client.HeaderByNumber(h.ctx, nil)
		return err == nil && head.Time > until
	}))
	h.send(acc, nil, "unjail")
}

// latestInSet returns the latest height whose CometBFT set holds addr, or 0.
func latestInSet(ctx context.Context, comet *cmthttp.HTTP, addr []byte) int64 {
	st, err := comet.Status(ctx)
	if err != nil {
		return 0
	}
	height := st.SyncInfo.LatestBlockHeight
	vals, err := comet.Validators(ctx, &height, nil, nil)
	if err != nil {
		return 0
	}
	for _, v := range vals.Validators {
		if bytes.Equal(v.Address, addr) {
			return height
		}
	}
	return 0
}

// signedLatest reports whether the latest block's last commit carries addr's signature.
func signedLatest(ctx context.Context, comet *cmthttp.HTTP, addr []byte) bool {
	b, err := comet.Block(ctx, nil)
	if err != nil || b.Block.LastCommit == nil {
		return false
	}
	for _, sig := range b.Block.LastCommit.Signatures {
		if sig.BlockIDFlag == cmttypes.BlockIDFlagCommit && bytes.Equal(sig.ValidatorAddress, addr) {
			return true
		}
	}
	return false
}
