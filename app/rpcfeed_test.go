package app_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/big"
	"testing"
	"time"

	ics23 "github.com/cosmos/ics23/go"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/testutil"
	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/store"
)

// TestRPCFeedOnNode runs one in-process validator and checks over WebSocket that
// newHeads, logs and newPendingTransactions are fed from the node itself, then
// eth_getProof, txpool_* and net_peerCount against the real store and pool.
func TestRPCFeedOnNode(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := testutil.NewNetwork(t, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rc, err := rpc.DialContext(ctx, fmt.Sprintf("ws://127.0.0.1:%d", net.Ports[0].JSONRPC))
	require.NoError(t, err)
	t.Cleanup(rc.Close)
	client := ethclient.NewClient(rc)
	require.True(t, testutil.WaitFor(60*time.Second, func() bool {
		n, err := client.BlockNumber(ctx)
		return err == nil && n >= 1
	}))

	heads := make(chan *types.Header, 1024)
	headSub, err := client.SubscribeNewHead(ctx, heads)
	require.NoError(t, err)
	defer headSub.Unsubscribe()
	pending := make(chan common.Hash, 16)
	pendSub, err := rc.EthSubscribe(ctx, pending, "newPendingTransactions")
	require.NoError(t, err)
	defer pendSub.Unsubscribe()

	account, err := devkeys.DevAccount(0)
	require.NoError(t, err)
	sender := testutil.NewSender(account.Key, big.NewInt(31337), 0)
	contract := crypto.CreateAddress(sender.Address, 0)
	logs := make(chan types.Log, 16)
	logSub, err := client.SubscribeFilterLogs(ctx, ethereum.FilterQuery{Addresses: []common.Address{contract}}, logs)
	require.NoError(t, err)
	defer logSub.Unsubscribe()

	feeCap, tip, err := testutil.Fees(ctx, client)
	require.NoError(t, err)
	deploy := sender.Tx(nil, big.NewInt(0), 200_000, testutil.CounterInitCode, feeCap, tip)
	require.NoError(t, client.SendTransaction(ctx, deploy))
	require.Equal(t, deploy.Hash(), <-pending)
	inc := sender.Tx(&contract, big.NewInt(0), 80_000, nil, feeCap, tip)
	require.NoError(t, client.SendTransaction(ctx, inc))

	select {
	case l := <-logs:
		require.Equal(t, inc.Hash(), l.TxHash)
		require.Equal(t, common.BigToHash(big.NewInt(1)).Bytes(), l.Data)
	case err := <-logSub.Err():
		t.Fatal(err)
	case <-ctx.Done():
		t.Fatal("no log")
	}
	checkHeadsContiguous(t, heads)
	checkProof(t, ctx, rc, client, contract, sender.Address)
	checkTxpool(t, ctx, rc, sender, feeCap, tip)
	var peers hexutil.Uint
	require.NoError(t, rc.CallContext(ctx, &peers, "net_peerCount"))
	require.Equal(t, hexutil.Uint(0), peers, "a single validator has no peers")
}

// checkHeadsContiguous drains the received heads: consecutive numbers,
// chained hashes. It waits for the first one: a block's logs may be delivered
// before its head.
func checkHeadsContiguous(t *testing.T, heads chan *types.Header) {
	var prev *types.Header
	select {
	case prev = <-heads:
	case <-time.After(10 * time.Second):
		t.Fatal("no heads received")
	}
	for {
		select {
		case h := <-heads:
			if prev != nil {
				require.Equal(t, prev.Number.Uint64()+1, h.Number.Uint64(), "missed a head")
				require.Equal(t, prev.Hash(), h.ParentHash)
			}
			prev = h
		default:
			require.NotNil(t, prev, "no heads received")
			return
		}
	}
}

// proofResult is eth_getProof's answer.
type proofResult struct {
	AccountProof []hexutil.Bytes `json:"accountProof"`
	Balance      *hexutil.Big    `json:"balance"`
	Nonce        hexutil.Uint64  `json:"nonce"`
	StorageHash  common.Hash     `json:"storageHash"`
	StorageProof []struct {
		Key   string          `json:"key"`
		Value *hexutil.Big    `json:"value"`
		Proof []hexutil.Bytes `json:"proof"`
	} `json:"storageProof"`
}

// checkProof verifies eth_getProof's ICS23 proofs against the block's stateRoot.
func checkProof(t *testing.T, ctx context.Context, rc *rpc.Client, client *ethclient.Client, contract, eoa common.Address) {
	head, err := client.HeaderByNumber(ctx, nil)
	require.NoError(t, err)
	block := hexutil.EncodeBig(head.Number)
	var res proofResult
	require.NoError(t, rc.CallContext(ctx, &res, "eth_getProof", contract, []string{"0x0", "0x1"}, block))
	require.Equal(t, head.Root, res.StorageHash)
	require.Equal(t, int64(1), res.StorageProof[0].Value.ToInt().Int64())
	value := existenceValue(t, res.StorageProof[0].Proof[0])
	require.NoError(t, store.VerifyProof(head.Root[:], evm.StorageKey(contract, common.Hash{}), value, res.StorageProof[0].Proof[0]))
	require.Equal(t, common.BigToHash(big.NewInt(1)).Bytes(), value[:32])
	require.NoError(t, store.VerifyProof(head.Root[:], evm.StorageKey(contract, common.Hash{31: 1}), nil, res.StorageProof[1].Proof[0]))

	require.NoError(t, rc.CallContext(ctx, &res, "eth_getProof", eoa, []string{}, block))
	value = existenceValue(t, res.AccountProof[0])
	require.NoError(t, store.VerifyProof(head.Root[:], evm.AccountKey(eoa), value, res.AccountProof[0]))
	require.Equal(t, uint64(res.Nonce), binary.BigEndian.Uint64(value[:8]))
	require.Equal(t, res.Balance.ToInt(), new(big.Int).SetBytes(value[8:40]))
}

// existenceValue returns the value an ICS23 existence proof commits to.
func existenceValue(t *testing.T, proof []byte) []byte {
	var p ics23.CommitmentProof
	require.NoError(t, p.Unmarshal(proof))
	require.NotNil(t, p.GetExist(), "an existence proof")
	return p.GetExist().Value
}

// checkTxpool leaves a nonce-gapped transaction queued and finds it in txpool_*.
func checkTxpool(t *testing.T, ctx context.Context, rc *rpc.Client, sender *testutil.Sender, feeCap, tip *big.Int) {
	sender.Nonce++ // skip one nonce: the next tx waits in the queue
	to := common.Address{0x42}
	gapped := sender.Tx(&to, big.NewInt(1), 21_000, nil, feeCap, tip)
	raw, err := gapped.MarshalBinary()
	require.NoError(t, err)
	require.NoError(t, rc.CallContext(ctx, nil, "eth_sendRawTransaction", hexutil.Bytes(raw)))
	var status map[string]hexutil.Uint
	require.NoError(t, rc.CallContext(ctx, &status, "txpool_status"))
	require.Equal(t, hexutil.Uint(1), status["queued"])
	var content map[string]map[string]map[string]map[string]any
	require.NoError(t, rc.CallContext(ctx, &content, "txpool_content"))
	queued := content["queued"][sender.Address.Hex()][fmt.Sprint(gapped.Nonce())]
	require.Equal(t, gapped.Hash().Hex(), queued["hash"])
}
