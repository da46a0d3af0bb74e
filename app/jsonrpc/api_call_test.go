package jsonrpc

import (
	"context"
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/stretchr/testify/require"
)

// returnSlot1 is runtime code returning sload(1).
var returnSlot1 = hexutil.Bytes{0x60, 0x01, 0x54, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3}

// revertCode returns runtime code that reverts with data.
func revertCode(data []byte) hexutil.Bytes {
	n := byte(len(data))
	code := []byte{0x60, n, 0x60, 12, 0x60, 0x00, 0x39, 0x60, n, 0x60, 0x00, 0xfd}
	return append(code, data...)
}

// errorString is abi.encodeWithSignature("Error(string)", reason).
func errorString(t testing.TB, reason string) []byte {
	t.Helper()
	str, err := abi.NewType("string", "", nil)
	require.NoError(t, err)
	packed, err := abi.Arguments{{Type: str}}.Pack(reason)
	require.NoError(t, err)
	return append([]byte{0x08, 0xc3, 0x79, 0xa0}, packed...)
}

// rpcErrorWithData is a JSON-RPC error with its data member.
type rpcErrorWithData struct {
	Error *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Data    string `json:"data"`
	} `json:"error"`
}

// callError sends a request that must fail and returns its error object.
func callError(t testing.TB, url, method string, params ...any) rpcErrorWithData {
	t.Helper()
	req, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
	require.NoError(t, err)
	_, body := postRaw(t, url, req, nil)
	var resp rpcErrorWithData
	require.NoError(t, json.Unmarshal(body, &resp), string(body))
	require.NotNil(t, resp.Error, string(body))
	return resp
}

func codeOverride(addr common.Address, code hexutil.Bytes) map[string]any {
	return map[string]any{addr.Hex(): map[string]any{"code": code}}
}

func TestEthCallReturnsAndResolvesBlocks(t *testing.T) {
	client, b, url := dialClient(t)
	ctx := context.Background()
	over := codeOverride(contractAddr, returnSlot1)
	var out hexutil.Bytes
	callResult(t, url, &out, "eth_call", map[string]any{"to": contractAddr, "input": "0x"}, "latest", over)
	require.Equal(t, common.HexToHash("0x2a").Bytes(), []byte(out))

	callResult(t, url, &out, "eth_call", map[string]any{"to": contractAddr}, "0x1", over)
	callResult(t, url, &out, "eth_call", map[string]any{"to": contractAddr}, map[string]any{"blockHash": b.blocks[1].header.Hash()}, over)
	callResult(t, url, &out, "eth_call", map[string]any{"to": contractAddr}, "pending", over)
	calls := b.callRequests()
	require.Len(t, calls, 4)
	require.Equal(t, []uint64{2, 1, 1, 2}, []uint64{calls[0].Block, calls[1].Block, calls[2].Block, calls[3].Block})

	// Without the override the code at contractAddr returns nothing.
	ret, err := client.CallContract(ctx, ethereum.CallMsg{To: &contractAddr}, nil)
	require.NoError(t, err)
	require.Empty(t, ret)

	require.Equal(t, "header not found", callError(t, url, "eth_call", map[string]any{"to": contractAddr}, "0x3").Error.Message)
	b.setPrunedBelow(2)
	require.Equal(t, ErrStatePruned.Error(), callError(t, url, "eth_call", map[string]any{"to": contractAddr}, "0x1").Error.Message)
}

func TestEthCallRevertError(t *testing.T) {
	_, _, url := dialClient(t)
	reason := errorString(t, "boom")
	resp := callError(t, url, "eth_call", map[string]any{"to": contractAddr}, "latest", codeOverride(contractAddr, revertCode(reason)))
	require.Equal(t, 3, resp.Error.Code)
	require.Equal(t, "execution reverted: boom", resp.Error.Message)
	require.Equal(t, hexutil.Encode(reason), resp.Error.Data)

	raw := []byte{0xde, 0xad, 0xbe, 0xef}
	resp = callError(t, url, "eth_call", map[string]any{"to": contractAddr}, "latest", codeOverride(contractAddr, revertCode(raw)))
	require.Equal(t, 3, resp.Error.Code)
	require.Equal(t, "execution reverted", resp.Error.Message)
	require.Equal(t, "0xdeadbeef", resp.Error.Data)
}

func TestEthCallOverridesAndArgs(t *testing.T) {
	_, _, url := dialClient(t)
	var out hexutil.Bytes
	// A stateDiff changes slot 1; a full state drops it.
	diff := map[string]any{contractAddr.Hex(): map[string]any{"code": returnSlot1,
		"stateDiff": map[string]any{common.Hash{31: 1}.Hex(): common.HexToHash("0x07").Hex()}}}
	callResult(t, url, &out, "eth_call", map[string]any{"to": contractAddr}, "latest", diff)
	require.Equal(t, common.HexToHash("0x07").Bytes(), []byte(out))
	full := map[string]any{contractAddr.Hex(): map[string]any{"code": returnSlot1, "state": map[string]any{}}}
	callResult(t, url, &out, "eth_call", map[string]any{"to": contractAddr}, "latest", full)
	require.Equal(t, common.Hash{}.Bytes(), []byte(out))
	// NUMBER under a block override.
	number := hexutil.Bytes{0x43, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3}
	callResult(t, url, &out, "eth_call", map[string]any{"to": contractAddr}, "latest",
		codeOverride(contractAddr, number), map[string]any{"number": "0x99"})
	require.Equal(t, common.HexToHash("0x99").Bytes(), []byte(out))

	both := map[string]any{contractAddr.Hex(): map[string]any{"state": map[string]any{}, "stateDiff": map[string]any{}}}
	require.Contains(t, callError(t, url, "eth_call", map[string]any{"to": contractAddr}, "latest", both).Error.Message,
		"has both 'state' and 'stateDiff'")
	require.Equal(t, errDataInputMismatch.Error(),
		callError(t, url, "eth_call", map[string]any{"to": contractAddr, "data": "0x01", "input": "0x02"}).Error.Message)
	require.Equal(t, "chainId does not match node's (have=1, want=424242)",
		callError(t, url, "eth_call", map[string]any{"to": contractAddr, "chainId": "0x1"}).Error.Message)
	require.Equal(t, "both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified",
		callError(t, url, "eth_call", map[string]any{"to": contractAddr, "gasPrice": "0x1", "maxFeePerGas": "0x1"}).Error.Message)
}

func TestEthEstimateGas(t *testing.T) {
	client, _, url := dialClient(t)
	ctx := context.Background()
	to := common.Address{0x42}
	gas, err := client.EstimateGas(ctx, ethereum.CallMsg{From: sender0, To: &to, Value: big.NewInt(1)})
	require.NoError(t, err)
	require.Equal(t, params.TxGas, gas)

	// sstore(0, 1): a cold zero-to-nonzero write on top of the intrinsic gas.
	store := hexutil.Bytes{0x60, 0x01, 0x60, 0x00, 0x55, 0x00}
	var est hexutil.Uint64
	callResult(t, url, &est, "eth_estimateGas", map[string]any{"from": sender0, "to": contractAddr}, "latest", codeOverride(contractAddr, store))
	require.GreaterOrEqual(t, uint64(est), uint64(21000+22100+6))
	require.Less(t, uint64(est), uint64((21000+22100+6)*1015/1000+params.CallStipend))

	reason := errorString(t, "nope")
	resp := callError(t, url, "eth_estimateGas", map[string]any{"from": sender0, "to": contractAddr}, "latest",
		codeOverride(contractAddr, revertCode(reason)))
	require.Equal(t, 3, resp.Error.Code)
	require.Equal(t, "execution reverted: nope", resp.Error.Message)
	require.Equal(t, hexutil.Encode(reason), resp.Error.Data)

	loop := hexutil.Bytes{0x5b, 0x60, 0x00, 0x56}
	resp = callError(t, url, "eth_estimateGas", map[string]any{"from": sender0, "to": contractAddr}, "latest", codeOverride(contractAddr, loop))
	require.Equal(t, -32000, resp.Error.Code)
	require.Equal(t, "gas required exceeds allowance (16777216)", resp.Error.Message)

	tooMuch := new(big.Int).Mul(big.NewInt(2000), big.NewInt(params.Ether))
	resp = callError(t, url, "eth_estimateGas", map[string]any{"from": sender0, "to": to,
		"value": hexutil.EncodeBig(tooMuch), "maxFeePerGas": "0x3b9aca00"})
	require.Equal(t, "insufficient funds for transfer", resp.Error.Message)
}

func TestPendingTransactionByHash(t *testing.T) {
	client, b, url := dialClient(t)
	ctx := context.Background()
	tx := signTx(t, testKeys[0], &types.DynamicFeeTx{ChainID: testChainID, Nonce: 4, GasTipCap: big.NewInt(params.GWei),
		GasFeeCap: big.NewInt(3 * params.GWei), Gas: 21000, To: &common.Address{0x42}, Value: big.NewInt(9)})
	require.NoError(t, client.SendTransaction(ctx, tx))
	require.Len(t, b.sentTxs(), 1)

	got, pending, err := client.TransactionByHash(ctx, tx.Hash())
	require.NoError(t, err)
	require.True(t, pending)
	require.Equal(t, tx.Hash(), got.Hash())

	var fields map[string]json.RawMessage
	callResult(t, url, &fields, "eth_getTransactionByHash", tx.Hash())
	for _, k := range []string{"blockHash", "blockNumber", "transactionIndex", "blockTimestamp"} {
		require.Equal(t, "null", string(fields[k]), k)
	}
	// Next base fee 0.875 gwei + 1 gwei tip, under the 3 gwei cap.
	require.Equal(t, `"`+hexutil.EncodeBig(big.NewInt(1_875_000_000))+`"`, string(fields["gasPrice"]))
	require.Equal(t, `"`+strings.ToLower(sender0.Hex())+`"`, string(fields["from"]))

	var none map[string]any
	callResult(t, url, &none, "eth_getTransactionByHash", common.Hash{0x01})
	require.Nil(t, none)
}
