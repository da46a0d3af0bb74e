package testutil_test

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/testutil"
	"github.com/hyperion-rollup/hyperion/x/staking"
	"github.com/hyperion-rollup/hyperion/x/staking/stakingnet"
	tencclient "github.com/hyperion-rollup/hyperion/x/tenc/client"
)

// TestEonRotationWhenValidatorJoins runs 4 validators and a full node whose
// operator registers it (with its node's DKG key) through staking: the next
// eon's DKG runs among the 5 during the epoch before it joins, the served
// encryption key switches at the handover, and encrypted transfers keep
// executing in the next block before and after it.
func TestEonRotationWhenValidatorJoins(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := stakingnet.Start(t, stakingnet.Options{Nodes: 5, Validators: 4, EpochLength: 10, VotingPeriod: 5})
	keepLogsOnFailure(t, net)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Second)
	t.Cleanup(cancel)
	tn := &tencNet{t: t, ctx: ctx, net: net}
	for i := range net.Nodes {
		c := stakingnet.Client(ctx, t, net, i)
		tn.eth, tn.tenc = append(tn.eth, c), append(tn.tenc, tencclient.New(c.Client(), tencChainID))
	}
	accounts, err := devkeys.DevAccounts(devkeys.DevAccountCount)
	require.NoError(t, err)
	tn.senders = accounts[5:]
	first := tn.waitKey(func(k *tencclient.Key) bool { return k.Members == 4 })
	joinWithDKGKey(t, tn, net, accounts[4])
	tn.checkRevealedInOrder(0, tn.sendTransfers(tn.senders[:2], []int{0, 1}, 21))

	second := tn.waitKey(func(k *tencclient.Key) bool { return k.Eon > first.Eon })
	require.Equal(t, uint64(5), uint64(second.Members), "the new eon is shared by the joined set")
	require.Equal(t, uint64(4), uint64(second.Threshold), "t = floor(2·5/3)+1")
	require.NotEqual(t, first.PublicKey, second.PublicKey)
	tn.checkRevealedInOrder(4, tn.sendTransfers(tn.senders[2:5], []int{4, 0, 2}, 22))
}

// keepLogsOnFailure copies the node logs out of the test's temporary
// directory when the test fails (stakingnet homes are removed at its end).
func keepLogsOnFailure(t *testing.T, net *testutil.Network) {
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		net.Stop() // idempotent: the logs are complete
		dir, err := os.MkdirTemp("", "hyperion-failed-logs-")
		if err != nil {
			return
		}
		for i, home := range net.Homes {
			if raw, err := os.ReadFile(filepath.Join(home, "node.log")); err == nil {
				_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("node%d.log", i)), raw, 0o600)
			}
		}
		t.Logf("node logs kept in %s", dir)
	})
}

// waitKey waits until every node serves an encryption key that satisfies
// ok (a node that has not switched yet would refuse gossiped envelopes of
// the new eon, and CometBFT caches refused txs as seen) and returns node 0's.
func (tn *tencNet) waitKey(ok func(*tencclient.Key) bool) *tencclient.Key {
	keys := make([]*tencclient.Key, len(tn.tenc))
	for i, c := range tn.tenc {
		require.True(tn.t, testutil.WaitFor(80*time.Second, func() bool {
			k, err := c.EncryptionKey(tn.ctx)
			if err == nil && k != nil && ok(k) {
				keys[i] = k
			}
			return keys[i] != nil
		}), "node %d: encryption key never matched", i)
	}
	return keys[0]
}

// joinWithDKGKey registers node 4 as a validator operated by op, with the
// DKG key its node generated (next to its consensus key).
func joinWithDKGKey(t *testing.T, tn *tencNet, net *testutil.Network, op devkeys.Account) {
	cons := stakingnet.ConsensusKey(t, net.Homes[4])
	raw, err := os.ReadFile(filepath.Join(net.Homes[4], "config", "dkg_key.hex"))
	require.NoError(t, err)
	seed, err := hexutil.Decode(strings.TrimSpace(string(raw)))
	require.NoError(t, err)
	dkg, err := crypto.ToECDSA(seed)
	require.NoError(t, err)
	blsPK, pop, err := staking.ProvePossession(crypto.Keccak256([]byte("joiner bls")))
	require.NoError(t, err)
	data, err := staking.ABI.Pack("createValidator", cons.PubKey.Bytes(), blsPK, pop,
		crypto.CompressPubkey(&dkg.PublicKey), uint16(500), "joiner")
	require.NoError(t, err)
	sendAndWait(t, tn.ctx, tn.eth[0], op, data)
}

func sendAndWait(t *testing.T, ctx context.Context, c *ethclient.Client, from devkeys.Account, data []byte) {
	feeCap, tip, err := testutil.Fees(ctx, c)
	require.NoError(t, err)
	nonce, err := c.PendingNonceAt(ctx, from.Address)
	require.NoError(t, err)
	tx := testutil.NewSender(from.Key, big.NewInt(tencChainID), nonce).Tx(&staking.StakingAddress,
		new(big.Int).Mul(big.NewInt(50), big.NewInt(1e18)), 1_000_000, data, feeCap, tip)
	require.NoError(t, c.SendTransaction(ctx, tx))
	require.True(t, testutil.WaitFor(20*time.Second, func() bool {
		r, err := c.TransactionReceipt(ctx, tx.Hash())
		return err == nil && r != nil && r.Status == 1
	}), "createValidator not executed")
}
