package app_test

import (
	"context"
	"errors"
	"math/big"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/testutil"
)

// devChainID is the chain id of testutil networks.
var devChainID = big.NewInt(31337)

// deployCode wraps runtime code (< 256 bytes) in init code returning it.
func deployCode(runtime []byte) []byte {
	n := byte(len(runtime))
	// PUSH1 n DUP1 PUSH1 11 PUSH1 0 CODECOPY PUSH1 0 RETURN
	return append([]byte{0x60, n, 0x80, 0x60, 0x0b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3}, runtime...)
}

// revertingRuntime reverts with abi Error("nope"): CODECOPY the 100 bytes after the
// 12-byte prologue, then REVERT them.
func revertingRuntime(t *testing.T) (code, reason []byte) {
	str, err := abi.NewType("string", "", nil)
	require.NoError(t, err)
	packed, err := abi.Arguments{{Type: str}}.Pack("nope")
	require.NoError(t, err)
	reason = append([]byte{0x08, 0xc3, 0x79, 0xa0}, packed...)
	n := byte(len(reason))
	code = append([]byte{0x60, n, 0x60, 12, 0x60, 0x00, 0x39, 0x60, n, 0x60, 0x00, 0xfd}, reason...)
	return code, reason
}

type callNode struct {
	t      *testing.T
	ctx    context.Context
	client *ethclient.Client
	raw    *rpc.Client
	sender *testutil.Sender
}

// send signs a tx with gas from eth_estimateGas, waits for it and requires success.
func (n *callNode) send(to *common.Address, data []byte) (*types.Receipt, uint64) {
	gas, err := n.client.EstimateGas(n.ctx, ethereum.CallMsg{From: n.sender.Address, To: to, Data: data})
	require.NoError(n.t, err)
	feeCap, tip, err := testutil.Fees(n.ctx, n.client)
	require.NoError(n.t, err)
	tx := n.sender.Tx(to, new(big.Int), gas, data, feeCap, tip)
	require.NoError(n.t, n.client.SendTransaction(n.ctx, tx))
	var receipt *types.Receipt
	require.True(n.t, testutil.WaitFor(30*time.Second, func() bool {
		receipt, err = n.client.TransactionReceipt(n.ctx, tx.Hash())
		return err == nil && receipt != nil
	}), "no receipt for %s", tx.Hash())
	require.Equal(n.t, types.ReceiptStatusSuccessful, receipt.Status, "a tx with the estimated gas must succeed")
	return receipt, gas
}

// startCallNode starts a one-validator network and a callNode sending from
// dev account `account`, once the chain has reached height minHeight.
func startCallNode(t *testing.T, ctx context.Context, account int, minHeight uint64) (*testutil.Network, *callNode) {
	net := testutil.NewNetwork(t, 1)
	raw, err := rpc.DialContext(ctx, net.RPCURL(0))
	require.NoError(t, err)
	t.Cleanup(raw.Close)
	acc, err := devkeys.DevAccount(account)
	require.NoError(t, err)
	n := &callNode{t: t, ctx: ctx, client: ethclient.NewClient(raw), raw: raw,
		sender: testutil.NewSender(acc.Key, devChainID, 0)}
	require.True(t, testutil.WaitFor(60*time.Second, func() bool {
		h, err := n.client.BlockNumber(ctx)
		return err == nil && h >= minHeight
	}))
	return net, n
}

func TestCallAndEstimateOnNode(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	net, n := startCallNode(t, ctx, 1, 1)

	transfer, err := n.client.EstimateGas(ctx, ethereum.CallMsg{From: n.sender.Address, To: &common.Address{0x42}, Value: big.NewInt(1)})
	require.NoError(t, err)
	require.Equal(t, params.TxGas, transfer)

	checkCounter(t, n)
	checkRevert(t, n)
	checkSendCLI(t, net.RPCURL(0))
}

// checkCounter deploys the counter, calls it through eth_call (which changes nothing)
// and through a tx sent with the estimated gas.
func checkCounter(t *testing.T, n *callNode) {
	receipt, _ := n.send(nil, testutil.CounterInitCode)
	counter := crypto.CreateAddress(n.sender.Address, 0)
	require.Equal(t, counter, receipt.ContractAddress)

	ret, err := n.client.CallContract(n.ctx, ethereum.CallMsg{From: n.sender.Address, To: &counter}, nil)
	require.NoError(t, err)
	require.Empty(t, ret, "the counter returns nothing")
	slot, err := n.client.StorageAt(n.ctx, counter, common.Hash{}, nil)
	require.NoError(t, err)
	require.Equal(t, common.Hash{}.Bytes(), slot, "eth_call must not commit")

	receipt, gas := n.send(&counter, nil)
	require.GreaterOrEqual(t, gas, receipt.GasUsed)
	require.Less(t, gas, receipt.GasUsed*11/10, "the estimate is close to the gas used")

	// Read the committed slot with a code override: sload(0) returned.
	var out hexutil.Bytes
	readSlot0 := hexutil.Bytes{0x60, 0x00, 0x54, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3}
	require.NoError(t, n.raw.CallContext(n.ctx, &out, "eth_call", map[string]any{"to": counter}, "latest",
		map[string]any{counter.Hex(): map[string]any{"code": readSlot0}}))
	require.Equal(t, common.BigToHash(big.NewInt(1)).Bytes(), []byte(out))
}

// checkRevert deploys a reverting contract and checks the code-3 errors of eth_call
// and eth_estimateGas.
func checkRevert(t *testing.T, n *callNode) {
	runtime, reason := revertingRuntime(t)
	receipt, _ := n.send(nil, deployCode(runtime))
	target := receipt.ContractAddress
	code, err := n.client.CodeAt(n.ctx, target, nil)
	require.NoError(t, err)
	require.Equal(t, runtime, code)

	for _, method := range []string{"eth_call", "eth_estimateGas"} {
		var out any
		err := n.raw.CallContext(n.ctx, &out, method, map[string]any{"from": n.sender.Address, "to": target}, "latest")
		var rpcErr rpc.Error
		require.True(t, errors.As(err, &rpcErr), "%s: %v", method, err)
		require.Equal(t, 3, rpcErr.ErrorCode(), method)
		require.Equal(t, "execution reverted: nope", rpcErr.Error(), method)
		var dataErr rpc.DataError
		require.True(t, errors.As(err, &dataErr), method)
		require.Equal(t, hexutil.Encode(reason), dataErr.ErrorData(), method)
	}
}

// checkSendCLI sends 1.5 tokens with `hyperiond tx send` and reads the balance back.
func checkSendCLI(t *testing.T, url string) {
	bin, err := testutil.Binary()
	require.NoError(t, err)
	to := common.HexToAddress("0x00000000000000000000000000000000005e9d15")
	out, err := exec.Command(bin, "tx", "send", "--dev-account", "0", "--to", to.Hex(), "--value", "1.5",
		"--node", url).CombinedOutput()
	require.NoError(t, err, string(out))
	out, err = exec.Command(bin, "query", "balance", to.Hex(), "--node", url).CombinedOutput()
	require.NoError(t, err, string(out))
	require.Equal(t, "1500000000000000000", strings.TrimSpace(string(out)))
}
