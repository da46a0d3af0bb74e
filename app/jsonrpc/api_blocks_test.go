package jsonrpc

import (
	"context"
	"encoding/json"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/evm"
)

func TestBlockCountsAndIndexLookups(t *testing.T) {
	_, b, url := dialClient(t)
	h1 := b.blocks[1].header.Hash()
	var count string
	callResult(t, url, &count, "eth_getBlockTransactionCountByNumber", "0x1")
	require.Equal(t, "0x4", count)
	callResult(t, url, &count, "eth_getBlockTransactionCountByHash", h1)
	require.Equal(t, "0x4", count)
	callResult(t, url, &count, "eth_getUncleCountByBlockNumber", "latest")
	require.Equal(t, "0x0", count)
	callResult(t, url, &count, "eth_getUncleCountByBlockHash", h1)
	require.Equal(t, "0x0", count)
	for _, method := range []string{"eth_getBlockTransactionCountByNumber", "eth_getUncleCountByBlockNumber"} {
		require.Equal(t, "null", string(call(t, url, method, "0x3").Result), method) // indexed, not committed
	}
	require.Equal(t, "null", string(call(t, url, "eth_getBlockTransactionCountByHash", common.Hash{1}).Result))
	require.Equal(t, "null", string(call(t, url, "eth_getUncleByBlockNumberAndIndex", "0x1", "0x0").Result))

	var tx map[string]any
	callResult(t, url, &tx, "eth_getTransactionByBlockNumberAndIndex", "0x1", "0x2")
	require.Equal(t, b.blocks[1].txs[2].Hash().Hex(), tx["hash"])
	require.Equal(t, "0x2", tx["transactionIndex"])
	callResult(t, url, &tx, "eth_getTransactionByBlockHashAndIndex", h1, "0x3")
	require.Equal(t, b.blocks[1].txs[3].Hash().Hex(), tx["hash"])
	require.Equal(t, "null", string(call(t, url, "eth_getTransactionByBlockNumberAndIndex", "0x1", "0x4").Result))
	require.Equal(t, "null", string(call(t, url, "eth_getTransactionByBlockHashAndIndex", common.Hash{1}, "0x0").Result))

	var raw hexutil.Bytes
	callResult(t, url, &raw, "eth_getRawTransactionByHash", b.blocks[1].txs[0].Hash())
	want, err := b.blocks[1].txs[0].MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, hexutil.Bytes(want), raw)
}

func TestBlockReceipts(t *testing.T) {
	_, b, url := dialClient(t)
	var receipts []map[string]any
	callResult(t, url, &receipts, "eth_getBlockReceipts", "0x1")
	require.Len(t, receipts, 5)
	for i, tx := range b.blocks[1].txs {
		require.Equal(t, tx.Hash().Hex(), receipts[i]["transactionHash"])
		var single map[string]any
		callResult(t, url, &single, "eth_getTransactionReceipt", tx.Hash())
		require.Equal(t, single, receipts[i], "receipt %d differs from eth_getTransactionReceipt", i)
	}
	require.Equal(t, systemTxHash(1).Hex(), receipts[4]["transactionHash"])
	callResult(t, url, &receipts, "eth_getBlockReceipts", b.blocks[1].header.Hash())
	require.Len(t, receipts, 5)
	callResult(t, url, &receipts, "eth_getBlockReceipts", "latest")
	require.Empty(t, receipts)
	require.Equal(t, "null", string(call(t, url, "eth_getBlockReceipts", "0x3").Result))
}

func TestMiscAdditions(t *testing.T) {
	_, _, url := dialClient(t)
	var coinbase common.Address
	callResult(t, url, &coinbase, "eth_coinbase")
	require.Equal(t, feeVault, coinbase)
	var peers string
	callResult(t, url, &peers, "net_peerCount")
	require.Equal(t, "0x0", peers)
	resp := call(t, url, "eth_blobBaseFee")
	require.NotNil(t, resp.Error)
	require.Equal(t, -32601, resp.Error.Code)
	resp = call(t, url, "txpool_status") // memBackend is no PoolInspector: namespace absent
	require.NotNil(t, resp.Error)
	require.Equal(t, -32601, resp.Error.Code)
}

// feeHistory is eth_feeHistory's answer as a client decodes it.
type feeHistory struct {
	OldestBlock  string     `json:"oldestBlock"`
	Reward       [][]string `json:"reward"`
	BaseFee      []string   `json:"baseFeePerGas"`
	GasUsedRatio []float64  `json:"gasUsedRatio"`
}

func gwei(n int64) string {
	return hexutil.EncodeBig(new(big.Int).Mul(big.NewInt(n), big.NewInt(params.GWei)))
}

func TestFeeHistory(t *testing.T) {
	_, _, url := dialClient(t)
	// Block 1: tips (gas used) 1 gwei (50000), 1 (100000), 1 (60000), 2 (21000) after
	// sorting; 25% of 231000 gas falls in the second tx, 99% in the last. Block 2 is empty.
	for _, count := range []any{2, "0x2"} {
		var h feeHistory
		callResult(t, url, &h, "eth_feeHistory", count, "latest", []float64{25, 99})
		require.Equal(t, "0x1", h.OldestBlock)
		require.Equal(t, []string{gwei(1), gwei(1), hexutil.EncodeBig(big.NewInt(875_000_000))}, h.BaseFee)
		require.Equal(t, [][]string{{gwei(1), gwei(2)}, {"0x0", "0x0"}}, h.Reward)
		require.Equal(t, []float64{231000.0 / 30_000_000, 0}, h.GasUsedRatio)
	}
	var h feeHistory
	callResult(t, url, &h, "eth_feeHistory", "0x1", "0x1", []float64{})
	require.Equal(t, []string{gwei(1), gwei(1)}, h.BaseFee, "the block after 1 is committed: its own base fee")
	require.Nil(t, h.Reward)
	callResult(t, url, &h, "eth_feeHistory", 100, "latest", []float64{})
	require.Equal(t, "0x0", h.OldestBlock)
	require.Len(t, h.BaseFee, 4)
	resp := call(t, url, "eth_feeHistory", 1, "latest", []float64{50, 25})
	require.NotNil(t, resp.Error)
	require.Equal(t, -32602, resp.Error.Code)
	resp = call(t, url, "eth_feeHistory", 1, "0x10", []float64{})
	require.NotNil(t, resp.Error)
	require.Contains(t, resp.Error.Message, "beyond head")
}

// accessListBackend makes the in-memory backend build access lists with x/evm.
type accessListBackend struct{ *memBackend }

func (b accessListBackend) CreateAccessList(ctx context.Context, req *CallRequest) (types.AccessList, *evm.CallResult, error) {
	env, err := b.callEnv(req)
	if err != nil {
		return nil, nil, err
	}
	return evm.CreateAccessList(ctx, env, req.Msg)
}

func TestCreateAccessList(t *testing.T) {
	_, url := startServer(t, Config{}, accessListBackend{newMemBackend(t)})
	probed := common.HexToAddress("0x000000000000000000000000000000000000beef")
	// PUSH20 probed EXTCODESIZE POP, PUSH1 7 SLOAD POP, STOP. The callee's address is
	// excluded (warm anyway) but its slots are listed, as go-ethereum does.
	code := append(append([]byte{0x73}, probed[:]...), 0x3b, 0x50, 0x60, 0x07, 0x54, 0x50, 0x00)
	callee := common.HexToAddress("0x00000000000000000000000000000000000c0de1")
	args := map[string]any{"from": sender0, "to": callee}
	var res struct {
		AccessList types.AccessList `json:"accessList"`
		GasUsed    hexutil.Uint64   `json:"gasUsed"`
		Error      string           `json:"error"`
	}
	callResult(t, url, &res, "eth_createAccessList", args, "latest", codeOverride(callee, code))
	require.Equal(t, types.AccessList{{Address: probed, StorageKeys: []common.Hash{}},
		{Address: callee, StorageKeys: []common.Hash{{31: 7}}}}, res.AccessList)
	require.Empty(t, res.Error)
	require.Greater(t, uint64(res.GasUsed), uint64(21000))

	revert := []byte{0x60, 0x00, 0x60, 0x00, 0xfd} // REVERT(0, 0)
	callResult(t, url, &res, "eth_createAccessList", args, "latest", codeOverride(callee, revert))
	require.Equal(t, "execution reverted", res.Error)
	raw := call(t, url, "eth_createAccessList", args, "latest")
	require.Nil(t, raw.Error)
	require.True(t, json.Valid(raw.Result))
}
