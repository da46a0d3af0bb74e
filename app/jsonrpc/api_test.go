package jsonrpc

import (
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"sort"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

var sender0 = crypto.PubkeyToAddress(testKeys[0].PublicKey)

// jsonOf returns the JSON encoding of v.
func jsonOf(t testing.TB, v any) string {
	t.Helper()
	enc, err := json.Marshal(v)
	require.NoError(t, err)
	return string(enc)
}

func keysOf(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sorted(keys ...string) []string {
	sort.Strings(keys)
	return keys
}

func TestChainAndBlocksThroughEthclient(t *testing.T) {
	client, b, url := dialClient(t)
	ctx := context.Background()
	chainID, err := client.ChainID(ctx)
	require.NoError(t, err)
	require.Equal(t, testChainID, chainID)
	networkID, err := client.NetworkID(ctx)
	require.NoError(t, err)
	require.Equal(t, testChainID, networkID)
	number, err := client.BlockNumber(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(2), number)

	head, err := client.HeaderByNumber(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, b.blocks[2].header.Hash(), head.Hash(), "the header must round-trip to the same hash")

	block, err := client.BlockByNumber(ctx, big.NewInt(1))
	require.NoError(t, err)
	require.Equal(t, b.blocks[1].header.Hash(), block.Hash())
	require.Len(t, block.Transactions(), 4)
	for i, tx := range block.Transactions() {
		require.Equal(t, b.blocks[1].txs[i].Hash(), tx.Hash())
		from, err := client.TransactionSender(ctx, tx, block.Hash(), uint(i))
		require.NoError(t, err)
		require.Equal(t, sender0, from)
	}
	byHash, err := client.BlockByHash(ctx, block.Hash())
	require.NoError(t, err)
	require.Equal(t, block.Hash(), byHash.Hash())

	genesis, err := client.BlockByNumber(ctx, big.NewInt(0))
	require.NoError(t, err)
	require.Equal(t, b.blocks[0].header.Hash(), genesis.Hash())
	require.Equal(t, genesis.Hash(), block.ParentHash())

	_, err = client.HeaderByNumber(ctx, big.NewInt(3))
	require.ErrorIs(t, err, ethereum.NotFound, "a block indexed above the committed head is not shown")
	_, err = client.HeaderByHash(ctx, b.blocks[3].header.Hash())
	require.ErrorIs(t, err, ethereum.NotFound)
	_, err = client.HeaderByNumber(ctx, big.NewInt(99))
	require.ErrorIs(t, err, ethereum.NotFound)

	var version string
	callResult(t, url, &version, "web3_clientVersion")
	require.Equal(t, DefaultClientVersion, version)
}

func TestBlockTags(t *testing.T) {
	_, b, url := dialClient(t)
	for tag, want := range map[string]string{
		"latest": "0x2", "pending": "0x2", "safe": "0x2", "finalized": "0x2", "earliest": "0x0", "0x1": "0x1",
	} {
		var block map[string]json.RawMessage
		callResult(t, url, &block, "eth_getBlockByNumber", tag, false)
		require.JSONEq(t, `"`+want+`"`, string(block["number"]), tag)
	}
	for _, params := range [][]any{{"0x3", false}, {"0x63", true}, {b.blocks[3].header.Hash(), false}, {common.Hash{1}, false}} {
		method := "eth_getBlockByNumber"
		if _, isHash := params[0].(common.Hash); isHash {
			method = "eth_getBlockByHash"
		}
		resp := call(t, url, method, params...)
		require.Nil(t, resp.Error)
		require.Equal(t, "null", string(resp.Result), "%v", params)
	}
	resp := call(t, url, "eth_getBlockByNumber", "0xnothex", false)
	require.NotNil(t, resp.Error)
	require.Equal(t, -32602, resp.Error.Code)
}

// blockFieldSet is the field set of go-ethereum's RPCMarshalBlock for a Prague header.
var blockFieldSet = sorted("number", "hash", "parentHash", "nonce", "mixHash", "sha3Uncles", "logsBloom",
	"stateRoot", "miner", "difficulty", "extraData", "gasLimit", "gasUsed", "timestamp", "transactionsRoot",
	"receiptsRoot", "baseFeePerGas", "withdrawalsRoot", "blobGasUsed", "excessBlobGas",
	"parentBeaconBlockRoot", "requestsHash", "size", "transactions", "uncles", "withdrawals")

func TestBlockJSONShape(t *testing.T) {
	_, b, url := dialClient(t)
	var got map[string]json.RawMessage
	callResult(t, url, &got, "eth_getBlockByNumber", "0x1", false)
	require.Equal(t, blockFieldSet, keysOf(got))

	header := b.blocks[1].header
	enc, err := json.Marshal(header)
	require.NoError(t, err)
	var want map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(enc, &want))
	for k, v := range want {
		if string(v) == "null" {
			continue // go-ethereum's RPC omits fork fields the header lacks
		}
		require.JSONEq(t, string(v), string(got[k]), k)
	}
	body := types.Body{Transactions: b.blocks[1].txs, Withdrawals: types.Withdrawals{}}
	encBlock, err := rlp.EncodeToBytes(types.NewBlockWithHeader(header).WithBody(body))
	require.NoError(t, err)
	require.JSONEq(t, `"`+hexutil.EncodeUint64(uint64(len(encBlock)))+`"`, string(got["size"]))
	require.JSONEq(t, `[]`, string(got["uncles"]))
	require.JSONEq(t, `[]`, string(got["withdrawals"]))
	var hashes []common.Hash
	require.NoError(t, json.Unmarshal(got["transactions"], &hashes))
	require.Len(t, hashes, 4)
	for i, h := range hashes {
		require.Equal(t, b.blocks[1].txs[i].Hash(), h)
	}
}

func TestFullTransactionJSON(t *testing.T) {
	_, b, url := dialClient(t)
	var block struct {
		Transactions []map[string]json.RawMessage `json:"transactions"`
	}
	callResult(t, url, &block, "eth_getBlockByHash", b.blocks[1].header.Hash(), true)
	require.Len(t, block.Transactions, 4)
	common := []string{"blockHash", "blockNumber", "blockTimestamp", "from", "gas", "gasPrice", "hash", "input",
		"nonce", "to", "transactionIndex", "value", "type", "chainId", "v", "r", "s"}
	typed := append(append([]string{}, common...), "accessList", "yParity")
	dynamic := append(append([]string{}, typed...), "maxFeePerGas", "maxPriorityFeePerGas")
	wantKeys := [][]string{sorted(common...), sorted(typed...), sorted(dynamic...),
		sorted(append(append([]string{}, dynamic...), "authorizationList")...)}
	wantPrice := []int64{3, 2, 2, 2} // gwei: legacy and 2930 pay their price; 1559/7702 min(tip+base, cap)
	for i, fields := range block.Transactions {
		require.Equal(t, wantKeys[i], keysOf(fields), "tx %d", i)
		raw, err := json.Marshal(fields)
		require.NoError(t, err)
		var tx types.Transaction
		require.NoError(t, tx.UnmarshalJSON(raw))
		require.Equal(t, b.blocks[1].txs[i].Hash(), tx.Hash())
		require.JSONEq(t, jsonOf(t, sender0), string(fields["from"]))
		require.JSONEq(t, `"`+hexutil.EncodeUint64(uint64(i))+`"`, string(fields["transactionIndex"]))
		require.JSONEq(t, `"`+hexutil.EncodeBig(big.NewInt(wantPrice[i]*params.GWei))+`"`, string(fields["gasPrice"]))
	}
	require.Equal(t, "null", string(block.Transactions[2]["to"]), "contract creation")
}

func TestStateMethods(t *testing.T) {
	client, b, url := dialClient(t)
	ctx := context.Background()
	balance, err := client.BalanceAt(ctx, sender0, nil)
	require.NoError(t, err)
	require.Equal(t, new(big.Int).Mul(big.NewInt(1000), big.NewInt(params.Ether)), balance)
	nonce, err := client.NonceAt(ctx, sender0, nil)
	require.NoError(t, err)
	require.Equal(t, uint64(4), nonce)
	nonce, err = client.NonceAt(ctx, sender0, big.NewInt(0))
	require.NoError(t, err)
	require.Equal(t, uint64(0), nonce)
	nonce, err = client.NonceAtHash(ctx, sender0, b.blocks[1].header.Hash())
	require.NoError(t, err)
	require.Equal(t, uint64(4), nonce)
	code, err := client.CodeAt(ctx, contractAddr, nil)
	require.NoError(t, err)
	require.Equal(t, []byte{0x60, 0x00, 0x60, 0x00, 0xf3}, code)
	slot, err := client.StorageAt(ctx, contractAddr, common.Hash{31: 1}, nil)
	require.NoError(t, err)
	require.Equal(t, common.HexToHash("0x2a").Bytes(), slot)

	var short hexutil.Bytes
	callResult(t, url, &short, "eth_getStorageAt", contractAddr, "0x1", "latest")
	require.Equal(t, common.HexToHash("0x2a").Bytes(), []byte(short), "short keys are left-padded")
	for _, key := range []string{"0xzz", "0x1" + strings.Repeat("0", 64)} {
		resp := call(t, url, "eth_getStorageAt", contractAddr, key, "latest")
		require.NotNil(t, resp.Error, key)
		require.Equal(t, -32602, resp.Error.Code, key)
	}
}

func TestStateErrors(t *testing.T) {
	_, b, url := dialClient(t)
	resp := call(t, url, "eth_getBalance", sender0, "0x63")
	require.NotNil(t, resp.Error)
	require.Equal(t, "header not found", resp.Error.Message)
	resp = call(t, url, "eth_getCode", sender0, map[string]any{"blockHash": common.Hash{9}})
	require.NotNil(t, resp.Error)
	require.Equal(t, "header for hash not found", resp.Error.Message)
	resp = call(t, url, "eth_getTransactionCount", sender0, map[string]any{"blockHash": b.blocks[3].header.Hash()})
	require.NotNil(t, resp.Error, "state of a block above the head is not served")

	b.setPrunedBelow(1)
	resp = call(t, url, "eth_getBalance", sender0, "earliest")
	require.NotNil(t, resp.Error)
	require.Equal(t, -32000, resp.Error.Code)
	require.Equal(t, ErrStatePruned.Error(), resp.Error.Message)
}

func TestReceipts(t *testing.T) {
	client, b, url := dialClient(t)
	ctx := context.Background()
	txs := b.blocks[1].txs
	receipt, err := client.TransactionReceipt(ctx, txs[1].Hash())
	require.NoError(t, err)
	require.Equal(t, types.ReceiptStatusSuccessful, receipt.Status)
	require.Equal(t, b.blocks[1].header.Hash(), receipt.BlockHash)
	require.Equal(t, uint(1), receipt.TransactionIndex)
	require.Equal(t, txs[0].Gas()+txs[1].Gas(), receipt.CumulativeGasUsed)
	require.Len(t, receipt.Logs, 1)
	require.Equal(t, big.NewInt(2*params.GWei), receipt.EffectiveGasPrice)

	creation, err := client.TransactionReceipt(ctx, txs[2].Hash())
	require.NoError(t, err)
	require.Equal(t, crypto.CreateAddress(sender0, 2), creation.ContractAddress)

	var fields map[string]json.RawMessage
	callResult(t, url, &fields, "eth_getTransactionReceipt", txs[0].Hash())
	require.Equal(t, sorted("blockHash", "blockNumber", "transactionHash", "transactionIndex", "from", "to",
		"gasUsed", "cumulativeGasUsed", "contractAddress", "logs", "logsBloom", "type", "effectiveGasPrice",
		"status"), keysOf(fields))
	require.JSONEq(t, jsonOf(t, sender0), string(fields["from"]))
	require.JSONEq(t, `null`, string(fields["contractAddress"]))
	require.JSONEq(t, `[]`, string(fields["logs"]))

	for _, hash := range []common.Hash{{0xde, 0xad}, b.blocks[3].txs[0].Hash()} {
		resp := call(t, url, "eth_getTransactionReceipt", hash)
		require.Nil(t, resp.Error, "unknown or uncommitted: null, never an error")
		require.Equal(t, "null", string(resp.Result))
		_, err = client.TransactionReceipt(ctx, hash)
		require.ErrorIs(t, err, ethereum.NotFound)
	}
}

func TestSystemReceipt(t *testing.T) {
	client, b, url := dialClient(t)
	hash := systemTxHash(1)
	var fields map[string]json.RawMessage
	callResult(t, url, &fields, "eth_getTransactionReceipt", hash)
	require.JSONEq(t, jsonOf(t, params.SystemAddress), string(fields["from"]))
	require.JSONEq(t, `null`, string(fields["to"]))
	require.JSONEq(t, `"0x4"`, string(fields["transactionIndex"]))
	require.JSONEq(t, `"`+hash.Hex()+`"`, string(fields["transactionHash"]))
	var logs []types.Log
	require.NoError(t, json.Unmarshal(fields["logs"], &logs))
	require.Len(t, logs, 1)
	require.Equal(t, uint(1), logs[0].Index, "log index is block-wide")
	require.True(t, b.blocks[1].header.Bloom.Test(logs[0].Address.Bytes()), "the system log is in the block bloom")

	_, _, err := client.TransactionByHash(context.Background(), hash)
	require.ErrorIs(t, err, ethereum.NotFound, "the system receipt has no transaction")
}

func TestTransactionByHash(t *testing.T) {
	client, b, _ := dialClient(t)
	ctx := context.Background()
	want := b.blocks[1].txs[3]
	tx, pending, err := client.TransactionByHash(ctx, want.Hash())
	require.NoError(t, err)
	require.False(t, pending)
	require.Equal(t, want.Hash(), tx.Hash())
	require.Equal(t, want.SetCodeAuthorizations(), tx.SetCodeAuthorizations())
	_, _, err = client.TransactionByHash(ctx, b.blocks[3].txs[0].Hash())
	require.ErrorIs(t, err, ethereum.NotFound)
}

func TestSendRawTransaction(t *testing.T) {
	client, b, url := dialClient(t)
	ctx := context.Background()
	to := common.Address{0x42}
	newTx := func(nonce uint64, value *big.Int) *types.Transaction {
		return signTx(t, testKeys[0], &types.DynamicFeeTx{ChainID: testChainID, Nonce: nonce,
			GasTipCap: big.NewInt(params.GWei), GasFeeCap: big.NewInt(3 * params.GWei), Gas: 21000, To: &to, Value: value})
	}
	tx := newTx(4, big.NewInt(1))
	require.NoError(t, client.SendTransaction(ctx, tx))
	require.Len(t, b.sentTxs(), 1)
	require.Equal(t, tx.Hash(), b.sentTxs()[0].Hash())
	pendingNonce, err := client.PendingNonceAt(ctx, sender0)
	require.NoError(t, err)
	require.Equal(t, uint64(5), pendingNonce)
	resp := call(t, url, "eth_getTransactionReceipt", tx.Hash())
	require.Nil(t, resp.Error)
	require.Equal(t, "null", string(resp.Result), "pending: null")

	requireSendError(t, client.SendTransaction(ctx, newTx(4, big.NewInt(2))), "nonce too low")
	requireSendError(t, client.SendTransaction(ctx, newTx(5, new(big.Int).Lsh(big.NewInt(1), 100))),
		"insufficient funds for gas * price + value")
	unprotected, err := types.SignTx(types.NewTransaction(5, to, big.NewInt(1), 21000, big.NewInt(params.GWei), nil),
		types.HomesteadSigner{}, testKeys[0])
	require.NoError(t, err)
	requireSendError(t, client.SendTransaction(ctx, unprotected), "only replay-protected (EIP-155) transactions allowed over RPC")

	for _, raw := range []string{"0x", "0x01", "0xc0"} {
		resp := call(t, url, "eth_sendRawTransaction", raw)
		require.NotNil(t, resp.Error, raw)
		require.Equal(t, -32000, resp.Error.Code, raw)
	}
	require.Len(t, b.sentTxs(), 1)
}

func requireSendError(t *testing.T, err error, text string) {
	t.Helper()
	require.Error(t, err)
	require.Contains(t, err.Error(), text)
	var rpcErr rpc.Error
	require.True(t, errors.As(err, &rpcErr))
	require.Equal(t, -32000, rpcErr.ErrorCode())
}

// baseFeeBackend adds a NextBaseFeeSource to the in-memory backend.
type baseFeeBackend struct {
	*memBackend
	next *big.Int
}

func (b baseFeeBackend) NextBaseFee() (*big.Int, error) { return b.next, nil }

func TestFees(t *testing.T) {
	_, _, url := dialClient(t)
	var price, tip string
	callResult(t, url, &price, "eth_gasPrice")
	// Head: base fee 1 gwei, 0 of 30M gas used: next base fee 0.875 gwei, plus a 1 gwei tip.
	require.Equal(t, hexutil.EncodeBig(big.NewInt(1_875_000_000)), price)
	callResult(t, url, &tip, "eth_maxPriorityFeePerGas")
	require.Equal(t, hexutil.EncodeBig(big.NewInt(params.GWei)), tip)

	_, url = startServer(t, Config{}, baseFeeBackend{newMemBackend(t), big.NewInt(7 * params.GWei)})
	callResult(t, url, &price, "eth_gasPrice")
	require.Equal(t, hexutil.EncodeBig(big.NewInt(8*params.GWei)), price)
}

func TestMiscMethods(t *testing.T) {
	_, _, url := dialClient(t)
	var syncing, listening bool
	callResult(t, url, &syncing, "eth_syncing")
	require.False(t, syncing)
	callResult(t, url, &listening, "net_listening")
	require.True(t, listening)
	var accounts []common.Address
	resp := call(t, url, "eth_accounts")
	require.JSONEq(t, `[]`, string(resp.Result))
	require.NoError(t, json.Unmarshal(resp.Result, &accounts))
	var digest string
	callResult(t, url, &digest, "web3_sha3", "0x68656c6c6f")
	require.Equal(t, "0x1c8aff950685c2ed4bc3174f3472287b56d9517b9c948127319a09a7a36deac8", digest)
	var count string
	callResult(t, url, &count, "eth_getTransactionCount", sender0, "pending")
	require.Equal(t, "0x4", count)
	resp = call(t, url, "eth_sendTransaction", map[string]any{})
	require.NotNil(t, resp.Error)
	require.Equal(t, -32601, resp.Error.Code)
}
