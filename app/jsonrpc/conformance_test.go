package jsonrpc_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/testutil"
)

// metamaskSpec is the OpenRPC document of the npm package @metamask/api-specs,
// installed by `npm ci` at the repository root.
var metamaskSpec = filepath.Join("..", "..", "node_modules", "@metamask", "api-specs", "dist", "build", "openrpc.json")

// hyperionSpec describes, in the same form, the methods the MetaMask document lacks.
var hyperionSpec = filepath.Join("testdata", "hyperion-methods.openrpc.json")

// walletSideMethods are methods of the MetaMask document that the wallet answers
// itself (keys, signing, permissions): a node never serves them.
var walletSideMethods = map[string]bool{
	"eth_requestAccounts": true, "eth_sendTransaction": true, "eth_decrypt": true,
	"eth_getEncryptionPublicKey": true, "eth_signTypedData_v4": true, "personal_sign": true,
}

// specLag lists fields go-ethereum v1.17 serves that @metamask/api-specs 0.15.0
// predates (Prague's requestsHash, the blockTimestamp of logs); they are added
// to the document's schemas before validation, everything else stays strict.
var specLag = map[string]map[string]string{
	"Block": {"requestsHash": "hash32"},
	"Log":   {"blockTimestamp": "uint"},
}

// specs holds compiled result schemas by method name.
type specs struct {
	results map[string]*jsonschema.Schema
	methods []string // the MetaMask document's methods, in its order
}

func loadSpecs(t *testing.T) *specs {
	t.Helper()
	compiler := jsonschema.NewCompiler()
	compiler.DefaultDraft(jsonschema.Draft7) // OpenRPC 1.x schemas are draft 7
	mm := readSchemaDoc(t, metamaskSpec)
	patchSpecLag(t, mm)
	own := readSchemaDoc(t, hyperionSpec)
	require.NoError(t, compiler.AddResource("openrpc.json", mm))
	require.NoError(t, compiler.AddResource("hyperion.json", own))
	s := &specs{results: make(map[string]*jsonschema.Schema)}
	for url, doc := range map[string]map[string]any{"openrpc.json": mm, "hyperion.json": own} {
		for i, m := range doc["methods"].([]any) {
			name := m.(map[string]any)["name"].(string)
			sch, err := compiler.Compile(fmt.Sprintf("%s#/methods/%d/result/schema", url, i))
			require.NoError(t, err, name)
			_, dup := s.results[name]
			require.False(t, dup, "%s described twice", name)
			s.results[name] = sch
			if url == "openrpc.json" {
				s.methods = append(s.methods, name)
			}
		}
	}
	return s
}

func readSchemaDoc(t *testing.T, path string) map[string]any {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	return doc.(map[string]any)
}

// patchSpecLag adds the specLag fields to the document's schemas.
func patchSpecLag(t *testing.T, doc map[string]any) {
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for name, fields := range specLag {
		props := schemas[name].(map[string]any)["properties"].(map[string]any)
		for field, ref := range fields {
			_, present := props[field]
			require.False(t, present, "the spec now has %s.%s: drop it from specLag", name, field)
			props[field] = map[string]any{"$ref": "#/components/schemas/" + ref}
		}
	}
}

// conformanceCase is one request and the method whose result schema it must meet.
type conformanceCase struct {
	method string
	params []any
}

// TestOpenRPCConformance checks the result of every node-side method of
// @metamask/api-specs, and of the methods described in testdata, against its
// schema on a live single-validator network.
func TestOpenRPCConformance(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	if _, err := os.Stat(metamaskSpec); err != nil {
		t.Skipf("%s is missing: run `npm ci` at the repository root to enable the conformance test", metamaskSpec)
	}
	sp := loadSpecs(t)
	net := testutil.NewNetwork(t, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	client, err := rpc.DialContext(ctx, net.RPCURL(0))
	require.NoError(t, err)
	t.Cleanup(client.Close)
	fx := newFixture(t, ctx, client)

	covered := make(map[string]bool)
	for _, c := range fx.cases() {
		covered[c.method] = true
		schema, ok := sp.results[c.method]
		require.True(t, ok, "no schema for %s", c.method)
		var raw json.RawMessage
		require.NoError(t, client.CallContext(ctx, &raw, c.method, c.params...), "%s %v", c.method, c.params)
		if c.method == "eth_getFilterChanges" && string(raw) == "[]" {
			continue // "no changes yet": the spec's oneOf (hashes | logs) matches an empty list twice
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		require.NoError(t, err)
		require.NoError(t, schema.Validate(inst), "%s %v answered %s", c.method, c.params, raw)
	}
	for _, m := range sp.methods {
		nodeSide := strings.HasPrefix(m, "eth_") || strings.HasPrefix(m, "web3_") || strings.HasPrefix(m, "net_")
		if nodeSide && !walletSideMethods[m] && m != "eth_subscribe" && m != "eth_unsubscribe" {
			require.True(t, covered[m], "the spec's %s has no conformance case", m)
		}
	}
	checkSubscriptionShapes(t, ctx, net.RPCURL(0), sp)
	checkSchemasAreStrict(t, ctx, client, sp)
}

// checkSchemasAreStrict makes sure the validation can fail: a real block with a
// field removed, or an unknown field added, is rejected.
func checkSchemasAreStrict(t *testing.T, ctx context.Context, client *rpc.Client, sp *specs) {
	var block map[string]any
	require.NoError(t, client.CallContext(ctx, &block, "eth_getBlockByNumber", "latest", false))
	inst := func() any {
		raw, err := json.Marshal(block)
		require.NoError(t, err)
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		require.NoError(t, err)
		return v
	}
	require.NoError(t, sp.results["eth_getBlockByNumber"].Validate(inst()))
	block["hyperionExtra"] = "0x1"
	require.Error(t, sp.results["eth_getBlockByNumber"].Validate(inst()), "unknown field accepted")
	delete(block, "hyperionExtra")
	delete(block, "miner")
	require.Error(t, sp.results["eth_getBlockByNumber"].Validate(inst()), "missing miner accepted")
}

// fixture is the chain data the cases refer to: a deployed counter and a call to it.
type fixture struct {
	t        *testing.T
	ctx      context.Context
	client   *rpc.Client
	sender   common.Address
	counter  common.Address
	receipt  *types.Receipt
	rawTx    hexutil.Bytes
	filterID string
	blockID  string
}

func newFixture(t *testing.T, ctx context.Context, client *rpc.Client) *fixture {
	accounts, err := devkeys.DevAccounts(1)
	require.NoError(t, err)
	eth := ethclient.NewClient(client)
	require.True(t, testutil.WaitFor(60*time.Second, func() bool {
		h, err := eth.BlockNumber(ctx)
		return err == nil && h >= 2
	}))
	sender := testutil.NewSender(accounts[0].Key, big.NewInt(31337), 0)
	fx := &fixture{t: t, ctx: ctx, client: client, sender: sender.Address}
	require.NoError(t, client.CallContext(ctx, &fx.filterID, "eth_newFilter", map[string]any{"fromBlock": "earliest"}))
	require.NoError(t, client.CallContext(ctx, &fx.blockID, "eth_newBlockFilter"))
	feeCap, tip, err := testutil.Fees(ctx, eth)
	require.NoError(t, err)
	deploy := sender.Tx(nil, new(big.Int), 200_000, testutil.CounterInitCode, feeCap, tip)
	fx.counter = crypto.CreateAddress(sender.Address, deploy.Nonce())
	call := sender.Tx(&fx.counter, new(big.Int), 100_000, nil, feeCap, tip)
	for _, tx := range []*types.Transaction{deploy, call} {
		require.NoError(t, eth.SendTransaction(ctx, tx))
	}
	require.True(t, testutil.WaitFor(30*time.Second, func() bool {
		fx.receipt, err = eth.TransactionReceipt(ctx, call.Hash())
		return err == nil && fx.receipt != nil
	}))
	unsent := sender.Tx(&fx.counter, new(big.Int), 100_000, nil, feeCap, tip)
	fx.rawTx, err = unsent.MarshalBinary()
	require.NoError(t, err)
	return fx
}

// cases lists one or more requests per method, on the fixture's data.
func (fx *fixture) cases() []conformanceCase {
	block, tx, hash := hexutil.EncodeBig(fx.receipt.BlockNumber), fx.receipt.TxHash, fx.receipt.BlockHash
	call := map[string]any{"from": fx.sender, "to": fx.counter}
	var pendingID string
	require.NoError(fx.t, fx.client.CallContext(fx.ctx, &pendingID, "eth_newPendingTransactionFilter"))
	return []conformanceCase{
		{"web3_clientVersion", nil}, {"web3_sha3", []any{"0x68656c6c6f"}},
		{"net_version", nil}, {"net_listening", nil}, {"net_peerCount", nil},
		{"eth_chainId", nil}, {"eth_syncing", nil}, {"eth_accounts", nil}, {"eth_coinbase", nil},
		{"eth_blockNumber", nil}, {"eth_gasPrice", nil}, {"eth_maxPriorityFeePerGas", nil},
		{"eth_feeHistory", []any{"0x4", "latest", []any{25, 75}}},
		{"eth_getBlockByNumber", []any{"latest", false}}, {"eth_getBlockByNumber", []any{block, true}},
		{"eth_getBlockByNumber", []any{"0xffffffff", false}}, {"eth_getBlockByNumber", []any{"earliest", false}},
		{"eth_getBlockByHash", []any{hash, true}}, {"eth_getBlockByHash", []any{common.Hash{1}, false}},
		{"eth_getBlockTransactionCountByHash", []any{hash}}, {"eth_getBlockTransactionCountByNumber", []any{block}},
		{"eth_getUncleCountByBlockHash", []any{hash}}, {"eth_getUncleCountByBlockNumber", []any{block}},
		{"eth_getBlockReceipts", []any{block}},
		{"eth_getTransactionByHash", []any{tx}}, {"eth_getTransactionByHash", []any{common.Hash{1}}},
		{"eth_getTransactionByBlockHashAndIndex", []any{hash, hexutil.Uint(fx.receipt.TransactionIndex)}},
		{"eth_getTransactionByBlockNumberAndIndex", []any{block, hexutil.Uint(fx.receipt.TransactionIndex)}},
		{"eth_getTransactionReceipt", []any{tx}}, {"eth_getTransactionReceipt", []any{common.Hash{1}}},
		{"eth_getTransactionCount", []any{fx.sender, "latest"}}, {"eth_getTransactionCount", []any{fx.sender, "pending"}},
		{"eth_getBalance", []any{fx.sender, "latest"}}, {"eth_getCode", []any{fx.counter, block}},
		{"eth_getStorageAt", []any{fx.counter, "0x0", map[string]any{"blockHash": hash}}},
		{"eth_getProof", []any{fx.counter, []any{"0x0", "0x1"}, "latest"}},
		{"eth_call", []any{call, "latest"}}, {"eth_estimateGas", []any{call}},
		{"eth_createAccessList", []any{call, "latest"}},
		{"eth_getLogs", []any{map[string]any{"fromBlock": "earliest", "address": fx.counter}}},
		{"eth_getLogs", []any{map[string]any{"blockHash": hash}}},
		{"eth_newFilter", []any{map[string]any{"address": fx.counter}}}, {"eth_newBlockFilter", nil},
		{"eth_newPendingTransactionFilter", nil},
		{"eth_getFilterLogs", []any{fx.filterID}}, {"eth_getFilterChanges", []any{fx.filterID}},
		{"eth_getFilterChanges", []any{fx.blockID}},
		{"eth_sendRawTransaction", []any{fx.rawTx}}, {"eth_getFilterChanges", []any{pendingID}},
		{"txpool_status", nil}, {"txpool_content", nil},
		{"eth_uninstallFilter", []any{fx.filterID}}, {"eth_uninstallFilter", []any{fx.filterID}},
		{"debug_traceTransaction", []any{tx, map[string]any{"tracer": "callTracer", "tracerConfig": map[string]any{"withLog": true}}}},
		{"debug_traceTransaction", []any{tx, map[string]any{"tracer": "prestateTracer", "tracerConfig": map[string]any{"diffMode": true}}}},
		{"debug_traceTransaction", []any{tx, map[string]any{}}},
		{"debug_traceCall", []any{call, "latest", map[string]any{"tracer": "callTracer"}}},
	}
}

// checkSubscriptionShapes subscribes over WebSocket and checks the answers of
// eth_subscribe and eth_unsubscribe against their result schemas.
func checkSubscriptionShapes(t *testing.T, ctx context.Context, httpURL string, sp *specs) {
	ws, err := rpc.DialContext(ctx, strings.Replace(httpURL, "http://", "ws://", 1))
	require.NoError(t, err)
	defer ws.Close()
	var id json.RawMessage
	require.NoError(t, ws.CallContext(ctx, &id, "eth_subscribe", "newHeads"))
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(id))
	require.NoError(t, err)
	require.NoError(t, sp.results["eth_subscribe"].Validate(inst), "subscription id %s", id)
	var ok json.RawMessage
	var sub string
	require.NoError(t, json.Unmarshal(id, &sub))
	require.NoError(t, ws.CallContext(ctx, &ok, "eth_unsubscribe", sub))
	inst, err = jsonschema.UnmarshalJSON(bytes.NewReader(ok))
	require.NoError(t, err)
	require.NoError(t, sp.results["eth_unsubscribe"].Validate(inst), "unsubscribe answered %s", ok)
}
