package testutil_test

import (
	"context"
	"fmt"
	"math/big"
	"testing"
	"time"

	cmthttp "github.com/cometbft/cometbft/rpc/client/http"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/testutil"
	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/gov"
	"github.com/hyperion-rollup/hyperion/x/staking"
)

const targetHeight = 52

// TestFourValidatorsAgree runs 4 in-process validators through 50+ blocks of
// transfers and contract calls sent to different nodes, then checks that
// every node has the same blocks and state roots, that balances add up to
// the genesis supply, and that proposers rotated.
func TestFourValidatorsAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := testutil.NewNetwork(t, 4)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	clients := dialAll(t, net)
	waitHeight(t, ctx, clients[0], 1)

	accounts, senders := devSenders(t)
	feeCap, tip, err := testutil.Fees(ctx, clients[0])
	require.NoError(t, err)
	deploy, contract := deployCounter(t, ctx, clients[1], senders[0], feeCap, tip)

	var sent []*types.Transaction
	receivers := make([]common.Address, 8)
	for i := range receivers {
		receivers[i] = common.BigToAddress(big.NewInt(int64(0x1000 + i)))
	}
	for round := 0; ; round++ {
		head, err := clients[0].BlockNumber(ctx)
		require.NoError(t, err)
		if head >= targetHeight {
			break
		}
		for s := 1; s < len(senders); s++ {
			var tx *types.Transaction
			if s%3 == 0 {
				tx = senders[s].Tx(&contract, big.NewInt(0), 80_000, nil, feeCap, tip)
			} else {
				to := receivers[(round+s)%len(receivers)]
				tx = senders[s].Tx(&to, big.NewInt(int64(1e15+round)), 21_000, nil, feeCap, tip)
			}
			require.NoError(t, clients[(round+s)%len(clients)].SendTransaction(ctx, tx), "round %d sender %d", round, s)
			sent = append(sent, tx)
		}
		time.Sleep(250 * time.Millisecond)
	}
	sent = append(sent, deploy)
	waitReceipts(t, ctx, clients[2], sent)

	height := commonHeight(t, ctx, clients, targetHeight-2)
	checkSameBlocks(t, ctx, clients, height)
	system := []common.Address{contract, evm.FeeVault, staking.StakingAddress, gov.GovAddress}
	checkSupply(t, ctx, clients[3], height, len(net.Nodes), append(addressesOf(accounts), append(receivers, system...)...))
	checkCounter(t, ctx, clients[2], contract, sent)
	checkProposersRotate(t, ctx, net, height)
}

// checkProposersRotate requires every validator to have proposed: equal
// power makes CometBFT's proposer selection a round robin.
func checkProposersRotate(t *testing.T, ctx context.Context, net *testutil.Network, upTo uint64) {
	c, err := cmthttp.New(fmt.Sprintf("http://127.0.0.1:%d", net.Ports[0].CometRPC), "/websocket")
	require.NoError(t, err)
	proposers := map[string]int{}
	for h := int64(1); h <= int64(upTo); h++ {
		b, err := c.Block(ctx, &h)
		require.NoError(t, err)
		proposers[b.Block.ProposerAddress.String()]++
	}
	require.Len(t, proposers, len(net.Nodes), "proposers: %v", proposers)
}

// devSenders returns the dev accounts and a sender for each, from nonce 0.
func devSenders(t *testing.T) ([]devkeys.Account, []*testutil.Sender) {
	accounts, err := devkeys.DevAccounts(devkeys.DevAccountCount)
	require.NoError(t, err)
	senders := make([]*testutil.Sender, len(accounts))
	for i, a := range accounts {
		senders[i] = testutil.NewSender(a.Key, big.NewInt(31337), 0)
	}
	return accounts, senders
}

// deployCounter deploys testutil's counter contract through c and waits for
// it (calls before the deploy would hit an empty account).
func deployCounter(t *testing.T, ctx context.Context, c *ethclient.Client, from *testutil.Sender, feeCap, tip *big.Int) (*types.Transaction, common.Address) {
	contract := crypto.CreateAddress(from.Address, from.Nonce)
	deploy := from.Tx(nil, big.NewInt(0), 200_000, testutil.CounterInitCode, feeCap, tip)
	require.NoError(t, c.SendTransaction(ctx, deploy))
	waitReceipts(t, ctx, c, []*types.Transaction{deploy})
	return deploy, contract
}

func dialAll(t *testing.T, net *testutil.Network) []*ethclient.Client {
	var out []*ethclient.Client
	for i := range net.Nodes {
		c, err := ethclient.Dial(net.RPCURL(i))
		require.NoError(t, err)
		t.Cleanup(c.Close)
		out = append(out, c)
	}
	return out
}

func waitHeight(t *testing.T, ctx context.Context, c *ethclient.Client, h uint64) {
	ok := testutil.WaitFor(60*time.Second, func() bool {
		n, err := c.BlockNumber(ctx)
		return err == nil && n >= h
	})
	require.True(t, ok, "height %d not reached", h)
}

func waitReceipts(t *testing.T, ctx context.Context, c *ethclient.Client, txs []*types.Transaction) {
	for _, tx := range txs {
		ok := testutil.WaitFor(60*time.Second, func() bool {
			r, err := c.TransactionReceipt(ctx, tx.Hash())
			return err == nil && r != nil
		})
		require.True(t, ok, "no receipt for %s", tx.Hash())
		r, err := c.TransactionReceipt(ctx, tx.Hash())
		require.NoError(t, err)
		require.Equal(t, types.ReceiptStatusSuccessful, r.Status, "tx %s failed", tx.Hash())
	}
}

func commonHeight(t *testing.T, ctx context.Context, clients []*ethclient.Client, atLeast uint64) uint64 {
	var min uint64 = 1 << 62
	for _, c := range clients {
		n, err := c.BlockNumber(ctx)
		require.NoError(t, err)
		min = minU64(min, n)
	}
	require.GreaterOrEqual(t, min, atLeast)
	return min
}

func minU64(a, b uint64) uint64 {
	if a < b {
		return a
	}
	return b
}

// checkSameBlocks requires identical hashes and state roots at every height
// and parentHash chaining from block 0.
func checkSameBlocks(t *testing.T, ctx context.Context, clients []*ethclient.Client, upTo uint64) {
	var parent common.Hash
	for h := uint64(0); h <= upTo; h++ {
		ref, err := clients[0].HeaderByNumber(ctx, new(big.Int).SetUint64(h))
		require.NoError(t, err)
		require.Equal(t, parent, ref.ParentHash, "height %d parentHash", h)
		for i, c := range clients[1:] {
			got, err := c.HeaderByNumber(ctx, new(big.Int).SetUint64(h))
			require.NoError(t, err)
			require.Equal(t, ref.Hash(), got.Hash(), "node %d height %d", i+1, h)
			require.Equal(t, ref.Root, got.Root, "node %d height %d state root", i+1, h)
		}
		parent = ref.Hash()
	}
}

// checkSupply requires that the touched accounts hold exactly the genesis
// supply (the dev accounts' 10,000 tokens each and each dev validator's
// 100-token self-bond held by the staking contract): fees go to the vault
// and on to the staking contract, nothing is minted or burned.
func checkSupply(t *testing.T, ctx context.Context, c *ethclient.Client, h uint64, validators int, addrs []common.Address) {
	total := new(big.Int)
	for _, a := range addrs {
		bal, err := c.BalanceAt(ctx, a, new(big.Int).SetUint64(h))
		require.NoError(t, err)
		total.Add(total, bal)
	}
	supply := new(big.Int).Mul(big.NewInt(int64(10*10_000+100*validators)), big.NewInt(1e18))
	require.Equal(t, supply.String(), total.String())
}

func checkCounter(t *testing.T, ctx context.Context, c *ethclient.Client, contract common.Address, txs []*types.Transaction) {
	calls := 0
	for _, tx := range txs {
		if tx.To() != nil && *tx.To() == contract {
			calls++
		}
	}
	slot, err := c.StorageAt(ctx, contract, common.Hash{}, nil)
	require.NoError(t, err)
	require.Equal(t, int64(calls), new(big.Int).SetBytes(slot).Int64())
}

func addressesOf(accs []devkeys.Account) []common.Address {
	out := make([]common.Address, len(accs))
	for i, a := range accs {
		out[i] = a.Address
	}
	return out
}
