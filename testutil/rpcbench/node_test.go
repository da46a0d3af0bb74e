package rpcbench

import (
	"context"
	"math/big"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/testutil"
)

// chainID is the chain id of dev homes (and of the geth genesis written here).
var chainID = big.NewInt(31337)

// envInt reads a positive integer from the environment, or def.
func envInt(t testing.TB, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	require.NoError(t, err, name)
	require.Positive(t, n, name)
	return n
}

// startHyperion starts one validator with the given block time and returns its
// JSON-RPC URL (HTTP; the same port serves WebSocket).
func startHyperion(t testing.TB, blockTime time.Duration) string {
	dir, err := os.MkdirTemp("", "hyperion-rpcbench-")
	require.NoError(t, err)
	homes, ports, err := testutil.WriteHomes(dir, testutil.HomeOptions{Validators: 1, BlockTime: blockTime})
	require.NoError(t, err)
	node, err := testutil.StartNode(homes[0], ports[0])
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = node.Stop()
		_ = testutil.RemoveAllRetry(dir)
	})
	return "http://127.0.0.1:" + strconv.Itoa(ports[0].JSONRPC)
}

// loadSender sends counter calls from one dev account with a local nonce.
type loadSender struct {
	client  *ethclient.Client
	sender  *testutil.Sender
	counter common.Address
	feeCap  *big.Int
	tip     *big.Int
}

// deployCounter deploys testutil's counter (one log per call) from dev account i
// once the head reaches minHead, and waits for it.
func deployCounter(t testing.TB, ctx context.Context, client *ethclient.Client, account int, minHead uint64) *loadSender {
	accounts, err := devkeys.DevAccounts(account + 1)
	require.NoError(t, err)
	require.True(t, testutil.WaitFor(60*time.Second, func() bool {
		n, err := client.BlockNumber(ctx)
		return err == nil && n >= minHead
	}), "the chain does not start")
	key := accounts[account].Key
	addr := crypto.PubkeyToAddress(key.PublicKey)
	nonce, err := client.PendingNonceAt(ctx, addr)
	require.NoError(t, err)
	feeCap, tip, err := testutil.Fees(ctx, client)
	require.NoError(t, err)
	feeCap.Mul(feeCap, big.NewInt(4)) // room for base fee growth over a long run
	l := &loadSender{client: client, sender: testutil.NewSender(key, chainID, nonce), feeCap: feeCap, tip: tip}
	l.counter = crypto.CreateAddress(addr, nonce)
	tx := l.sender.Tx(nil, new(big.Int), 200_000, testutil.CounterInitCode, feeCap, tip)
	require.NoError(t, client.SendTransaction(ctx, tx))
	waitReceipt(t, ctx, client, tx)
	return l
}

// call sends one counter call (one log) without waiting for it.
func (l *loadSender) call(ctx context.Context) (*types.Transaction, error) {
	tx := l.sender.Tx(&l.counter, new(big.Int), 60_000, nil, l.feeCap, l.tip)
	return tx, l.client.SendTransaction(ctx, tx)
}

func waitReceipt(t testing.TB, ctx context.Context, client *ethclient.Client, tx *types.Transaction) *types.Receipt {
	var r *types.Receipt
	require.True(t, testutil.WaitFor(60*time.Second, func() bool {
		var err error
		r, err = client.TransactionReceipt(ctx, tx.Hash())
		return err == nil && r != nil
	}), "no receipt for %s", tx.Hash())
	require.Equal(t, types.ReceiptStatusSuccessful, r.Status)
	return r
}
