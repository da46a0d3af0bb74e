package testutil_test

import (
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/testutil"
)

const (
	// lowBlockGasLimit is the block gas limit of the chain that checks
	// "exceeds block gas limit": below the EIP-7825 cap, which go-ethereum
	// checks first.
	lowBlockGasLimit = 8_000_000
	// rpcServerErrorCode is the JSON-RPC code go-ethereum answers rejected
	// transactions with.
	rpcServerErrorCode = -32000
)

// badTxCase is one rejected transaction: prior txs are sent (and, with
// waitPrior, committed) before it, after txs right after it; the sender's
// final nonce and balance must be exactly those the prior and after txs make.
type badTxCase struct {
	name      string
	want      string // go-ethereum's wording, found in the JSON-RPC error message
	lowGas    bool   // sent to the chain with lowBlockGasLimit
	waitPrior bool
	build     func(s *testutil.Sender, f fees) (prior []*types.Transaction, bad *types.Transaction, after []*types.Transaction)
}

type fees struct{ feeCap, tip *big.Int }

var burn = common.HexToAddress("0x000000000000000000000000000000000000dEaD")

func badTxCases() []badTxCase {
	return []badTxCase{
		{name: "nonce too low", want: "nonce too low", waitPrior: true, build: nonceTooLow},
		{name: "insufficient funds", want: "insufficient funds for gas * price + value", build: insufficientFunds},
		{name: "intrinsic gas", want: "intrinsic gas too low", build: single(func(s *testutil.Sender, f fees) *types.Transaction {
			return s.Tx(&burn, big.NewInt(1), params.TxGas-1, nil, f.feeCap, f.tip)
		})},
		{name: "replacement underpriced", want: "replacement transaction underpriced", build: replacementUnderpriced},
		{name: "blob tx", want: "transaction type not supported", build: single(blobTx)},
		{name: "wrong chain id", want: "invalid sender", build: single(func(s *testutil.Sender, f fees) *types.Transaction {
			other := testutil.NewSender(s.Key, big.NewInt(1), s.Nonce)
			return other.Tx(&burn, big.NewInt(1), params.TxGas, nil, f.feeCap, f.tip)
		})},
		{name: "oversized data", want: "oversized data", build: single(func(s *testutil.Sender, f fees) *types.Transaction {
			return s.Tx(&burn, big.NewInt(0), 10_000_000, filled(130*1024, 1), f.feeCap, f.tip)
		})},
		{name: "EIP-7825 cap", want: "transaction gas limit too high", build: single(func(s *testutil.Sender, f fees) *types.Transaction {
			return s.Tx(&burn, big.NewInt(1), params.MaxTxGas+1, nil, f.feeCap, f.tip)
		})},
		{name: "block gas limit", want: "exceeds block gas limit", lowGas: true, build: single(func(s *testutil.Sender, f fees) *types.Transaction {
			return s.Tx(&burn, big.NewInt(1), lowBlockGasLimit+1, nil, f.feeCap, f.tip)
		})},
	}
}

// TestBadTransactionsRejected sends one bad transaction per rejection rule
// through eth_sendRawTransaction and checks go-ethereum's wording and error
// code, that the bad tx never gets a receipt or a lookup, and that after a
// few blocks the sender's nonce and balance are exactly what its good txs
// made them.
func TestBadTransactionsRejected(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	defaultNode := dialURL(t, startSingleNode(t, 0))
	low := dialURL(t, startSingleNode(t, lowBlockGasLimit))
	waitHeight(t, ctx, defaultNode, 1)
	waitHeight(t, ctx, low, 1)
	lowHead, err := low.HeaderByNumber(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, uint64(lowBlockGasLimit), lowHead.GasLimit, "genesis block gas limit not applied")

	cases := badTxCases()
	for i, tc := range cases {
		c := defaultNode
		if tc.lowGas {
			c = low
		}
		t.Run(tc.name, func(t *testing.T) { runBadTx(t, ctx, c, i, tc) })
	}
}

func runBadTx(t *testing.T, ctx context.Context, c *ethclient.Client, account int, tc badTxCase) {
	acc, err := devkeys.DevAccount(account)
	require.NoError(t, err)
	startBalance, err := c.BalanceAt(ctx, acc.Address, nil)
	require.NoError(t, err)
	startNonce, err := c.NonceAt(ctx, acc.Address, nil)
	require.NoError(t, err)
	feeCap, tip, err := testutil.Fees(ctx, c)
	require.NoError(t, err)

	s := testutil.NewSender(acc.Key, big.NewInt(app.DevChainID), startNonce)
	prior, bad, after := tc.build(s, fees{feeCap, tip})
	sendAll(t, ctx, c, prior)
	if tc.waitPrior {
		waitReceipts(t, ctx, c, prior)
		// The pool forgets committed txs after SaveVersion makes their
		// receipts visible: one more block makes sure it has.
		waitHeight(t, ctx, c, headOf(t, ctx, c)+1)
	}
	requireRejected(t, ctx, c, bad, tc.want)
	sendAll(t, ctx, c, after)

	good := append(prior, after...)
	waitHeight(t, ctx, c, headOf(t, ctx, c)+2)
	waitReceipts(t, ctx, c, good)
	_, err = c.TransactionReceipt(ctx, bad.Hash())
	require.ErrorIs(t, err, ethereum.NotFound, "the rejected tx has a receipt")
	_, _, err = c.TransactionByHash(ctx, bad.Hash())
	require.ErrorIs(t, err, ethereum.NotFound, "the rejected tx is known")

	nonce, err := c.NonceAt(ctx, acc.Address, nil)
	require.NoError(t, err)
	require.Equal(t, startNonce+uint64(len(good)), nonce)
	balance, err := c.BalanceAt(ctx, acc.Address, nil)
	require.NoError(t, err)
	require.Equal(t, new(big.Int).Sub(startBalance, spent(t, ctx, c, good)).String(), balance.String())
}

// requireRejected sends bad and requires a -32000 error holding want.
func requireRejected(t *testing.T, ctx context.Context, c *ethclient.Client, bad *types.Transaction, want string) {
	err := c.SendTransaction(ctx, bad)
	require.Error(t, err, "bad tx accepted")
	require.Contains(t, err.Error(), want)
	var rpcErr rpc.Error
	require.True(t, errors.As(err, &rpcErr), "not a JSON-RPC error: %v", err)
	require.Equal(t, rpcServerErrorCode, rpcErr.ErrorCode())
}

func sendAll(t *testing.T, ctx context.Context, c *ethclient.Client, txs []*types.Transaction) {
	for _, tx := range txs {
		require.NoError(t, c.SendTransaction(ctx, tx))
	}
}

// spent is what txs cost their sender: value plus gas used at the
// effective gas price.
func spent(t *testing.T, ctx context.Context, c *ethclient.Client, txs []*types.Transaction) *big.Int {
	total := new(big.Int)
	for _, tx := range txs {
		r, err := c.TransactionReceipt(ctx, tx.Hash())
		require.NoError(t, err)
		total.Add(total, tx.Value())
		total.Add(total, new(big.Int).Mul(new(big.Int).SetUint64(r.GasUsed), r.EffectiveGasPrice))
	}
	return total
}

func single(f func(*testutil.Sender, fees) *types.Transaction) func(*testutil.Sender, fees) ([]*types.Transaction, *types.Transaction, []*types.Transaction) {
	return func(s *testutil.Sender, fs fees) ([]*types.Transaction, *types.Transaction, []*types.Transaction) {
		return nil, f(s, fs), nil
	}
}

// nonceTooLow commits a transfer, then reuses its nonce for another one.
func nonceTooLow(s *testutil.Sender, f fees) ([]*types.Transaction, *types.Transaction, []*types.Transaction) {
	first := s.Tx(&burn, big.NewInt(1), params.TxGas, nil, f.feeCap, f.tip)
	s.Nonce--
	return []*types.Transaction{first}, s.Tx(&burn, big.NewInt(2), params.TxGas, nil, f.feeCap, f.tip), nil
}

// insufficientFunds sends the whole genesis balance plus gas.
func insufficientFunds(s *testutil.Sender, f fees) ([]*types.Transaction, *types.Transaction, []*types.Transaction) {
	all := new(big.Int).Mul(big.NewInt(10_000), big.NewInt(params.Ether))
	return nil, s.Tx(&burn, all, params.TxGas, nil, f.feeCap, f.tip), nil
}

// replacementUnderpriced pools a tx one nonce ahead, tries to replace it at
// the same fees, then fills the gap so that the pooled original is mined:
// the original, not the replacement, must be what the chain holds.
func replacementUnderpriced(s *testutil.Sender, f fees) ([]*types.Transaction, *types.Transaction, []*types.Transaction) {
	s.Nonce++
	original := s.Tx(&burn, big.NewInt(1), params.TxGas, nil, f.feeCap, f.tip)
	s.Nonce--
	replacement := s.Tx(&burn, big.NewInt(2), params.TxGas, nil, f.feeCap, f.tip)
	s.Nonce -= 2
	gap := s.Tx(&burn, big.NewInt(3), params.TxGas, nil, f.feeCap, f.tip)
	return []*types.Transaction{original}, replacement, []*types.Transaction{gap}
}

// blobTx signs a type-3 transaction (no sidecar: the type alone is refused).
func blobTx(s *testutil.Sender, f fees) *types.Transaction {
	hash := common.Hash{0x01} // version byte of a KZG commitment hash
	return types.MustSignNewTx(s.Key, types.LatestSignerForChainID(s.ChainID), &types.BlobTx{
		ChainID: uint256.MustFromBig(s.ChainID), Nonce: s.Nonce, GasTipCap: uint256.MustFromBig(f.tip),
		GasFeeCap: uint256.MustFromBig(f.feeCap), Gas: params.TxGas, To: burn, Value: uint256.NewInt(1),
		BlobFeeCap: uint256.NewInt(params.GWei), BlobHashes: []common.Hash{hash},
	})
}

func filled(n int, b byte) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = b
	}
	return out
}

func dialURL(t *testing.T, url string) *ethclient.Client {
	c, err := ethclient.Dial(url)
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

// startSingleNode starts an in-process single-validator chain, with its
// genesis block gas limit set to gasLimit when that is not 0, and returns its
// JSON-RPC URL. The home lives outside t.TempDir: CometBFT's address book
// goroutine still writes config/addrbook.json after the node's Stop returns
// (its PEX reactor stops the book without waiting for it), which makes
// TempDir's cleanup fail with "directory not empty"; removal is retried here.
func startSingleNode(t *testing.T, gasLimit uint64) string {
	dir, err := os.MkdirTemp("", "hyperion-txerrors-")
	require.NoError(t, err)
	t.Cleanup(func() {
		if err := testutil.RemoveAllRetry(dir); err != nil {
			t.Errorf("remove %s: %v", dir, err)
		}
	})
	homes, ports, err := testutil.WriteHomes(dir, testutil.HomeOptions{Validators: 1})
	require.NoError(t, err)
	if gasLimit != 0 {
		setBlockGasLimit(t, filepath.Join(homes[0], "config", "genesis.json"), gasLimit)
	}
	node, err := testutil.StartNode(homes[0], ports[0])
	require.NoError(t, err)
	t.Cleanup(func() { _ = node.Stop() })
	return "http://127.0.0.1:" + strconv.Itoa(ports[0].JSONRPC)
}

// setBlockGasLimit rewrites app_state.block_gas_limit and CometBFT's
// consensus_params.block.max_gas of a genesis file, keeping the rest as is.
func setBlockGasLimit(t *testing.T, path string, limit uint64) {
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var doc, appState, consensus, block map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &doc))
	require.NoError(t, json.Unmarshal(doc["app_state"], &appState))
	require.NoError(t, json.Unmarshal(doc["consensus_params"], &consensus))
	require.NoError(t, json.Unmarshal(consensus["block"], &block))
	appState["block_gas_limit"] = json.RawMessage(strconv.FormatUint(limit, 10))
	block["max_gas"] = json.RawMessage(strconv.Quote(strconv.FormatUint(limit, 10)))
	consensus["block"] = mustJSON(t, block)
	doc["consensus_params"] = mustJSON(t, consensus)
	doc["app_state"] = mustJSON(t, appState)
	require.NoError(t, os.WriteFile(path, mustJSON(t, doc), 0o600))
}

func mustJSON(t *testing.T, v any) json.RawMessage {
	out, err := json.Marshal(v)
	require.NoError(t, err)
	return out
}
