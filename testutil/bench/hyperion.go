package bench

import (
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/hyperion-rollup/hyperion/abci"
	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/testutil"
)

// MaxLoadAccounts bounds how many dev-derived accounts a network funds.
const MaxLoadAccounts = 1000

// loadAccountBalance is what each load account holds at genesis: 1,000 ETH.
var loadAccountBalance = new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e18))

// Transfer fees: the fee cap stays far above the base fee, which falls from
// 1 gwei while blocks stay under the gas target.
var (
	transferTip    = big.NewInt(1_000_000_000)
	transferFeeCap = big.NewInt(100_000_000_000)
)

// HyperionNetwork is an in-process Hyperion network whose genesis funds
// extra dev-derived load accounts.
type HyperionNetwork struct {
	*testutil.Network
	Accounts []devkeys.Account
	ChainID  *big.Int
}

// NewHyperionNetwork writes homes for n validators, funds accounts dev
// accounts (m/44'/60'/0'/0/0..accounts-1) in every node's genesis, starts the
// nodes and stops them when tb ends.
func NewHyperionNetwork(tb testing.TB, n, accounts int, blockTime time.Duration) *HyperionNetwork {
	tb.Helper()
	if accounts <= 0 || accounts > MaxLoadAccounts {
		tb.Fatalf("bench: %d load accounts, want 1..%d", accounts, MaxLoadAccounts)
	}
	dir := tempDir(tb)
	homes, ports, err := testutil.WriteHomes(dir, testutil.HomeOptions{Validators: n, BlockTime: blockTime})
	if err != nil {
		tb.Fatal(err)
	}
	accs, err := devkeys.DevAccounts(accounts)
	if err != nil {
		tb.Fatal(err)
	}
	chainID, err := fundAccounts(homes, accs)
	if err != nil {
		tb.Fatal(err)
	}
	net := &HyperionNetwork{Network: &testutil.Network{Dir: dir, Homes: homes, Ports: ports}, Accounts: accs, ChainID: chainID}
	tb.Cleanup(net.Stop)
	for i := range homes {
		node, err := testutil.StartNode(homes[i], ports[i])
		if err != nil {
			tb.Fatalf("start node %d: %v", i, err)
		}
		net.Nodes = append(net.Nodes, node)
	}
	return net
}

// fundAccounts adds accs to the app_state alloc of node 0's genesis (keeping
// existing entries) and writes the same genesis to every home.
func fundAccounts(homes []string, accs []devkeys.Account) (*big.Int, error) {
	doc, err := cmttypes.GenesisDocFromFile(genesisFile(homes[0]))
	if err != nil {
		return nil, err
	}
	state, err := app.ParseGenesisState(doc.AppState)
	if err != nil {
		return nil, err
	}
	for _, a := range accs {
		if _, ok := state.Alloc[a.Address]; !ok {
			state.Alloc[a.Address] = app.GenesisAccount{Balance: loadAccountBalance.String()}
		}
	}
	if doc.AppState, err = json.Marshal(state); err != nil {
		return nil, err
	}
	for _, home := range homes {
		if err := doc.SaveAs(genesisFile(home)); err != nil {
			return nil, fmt.Errorf("write genesis of %s: %w", home, err)
		}
	}
	return new(big.Int).SetUint64(state.ChainID), nil
}

// KeepDirs, when set, leaves the networks' homes (node logs included) on
// disk after the test and logs where they are.
var KeepDirs bool

// tempDir is a directory removed when tb ends, after the networks stopped.
// CometBFT may still save the address book into config/ just after
// Node.Wait returns, which makes testing.TB.TempDir's removal fail, so the
// removal is retried briefly.
func tempDir(tb testing.TB) string {
	dir, err := os.MkdirTemp("", "hyperion-bench-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if KeepDirs {
			tb.Logf("kept %s", dir)
			return
		}
		for range 20 {
			if err = os.RemoveAll(dir); err == nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		tb.Logf("remove %s: %v", dir, err)
	})
	return dir
}

func genesisFile(home string) string { return filepath.Join(home, "config", "genesis.json") }

// Endpoints are the nodes' Ethereum JSON-RPC URLs.
func (n *HyperionNetwork) Endpoints() []string {
	out := make([]string, len(n.Nodes))
	for i := range n.Nodes {
		out[i] = n.RPCURL(i)
	}
	return out
}

// Track feeds node 0's commits into tracker, keyed by Ethereum tx hash.
func (n *HyperionNetwork) Track(tracker *Tracker) {
	n.Nodes[0].App().Subscribe(func(ev abci.CommitEvent) {
		at := time.Now()
		keys := make([]string, len(ev.Txs))
		for i, tx := range ev.Txs {
			keys[i] = string(tx.Hash().Bytes())
		}
		tracker.Committed(ev.Height, at, keys)
	})
}

// Transfers signs count EIP-1559 transfers of 1 wei: tx i comes from
// account i mod len(accounts) with the next nonce of that account, to one of
// 64 fixed receivers, and goes to the node that account is pinned to
// (account index mod nodes), so one sender's nonces never race across nodes.
func Transfers(accounts []devkeys.Account, chainID *big.Int, nodes, count int) []Payload {
	senders := make([]*testutil.Sender, len(accounts))
	for i, a := range accounts {
		senders[i] = testutil.NewSender(a.Key, chainID, 0)
	}
	out := make([]Payload, count)
	one := big.NewInt(1)
	for i := range out {
		a := i % len(accounts)
		to := common.BigToAddress(big.NewInt(int64(0xbe00 + i%64)))
		tx := senders[a].Tx(&to, one, 21_000, nil, transferFeeCap, transferTip)
		out[i] = Payload{Key: string(tx.Hash().Bytes()), Endpoint: a % nodes, Body: sendRawBody(tx)}
	}
	return out
}

// TransferSize is the encoded size of a transfer Transfers would sign.
func TransferSize(account devkeys.Account, chainID *big.Int) int {
	tx := testutil.NewSender(account.Key, chainID, 0).Tx(&common.Address{}, big.NewInt(1), 21_000, nil, transferFeeCap, transferTip)
	raw, err := tx.MarshalBinary()
	if err != nil {
		panic(err) // a signed DynamicFeeTx always encodes
	}
	return len(raw)
}

func sendRawBody(tx *types.Transaction) []byte {
	raw, err := tx.MarshalBinary()
	if err != nil {
		panic(err) // a signed DynamicFeeTx always encodes
	}
	return fmt.Appendf(nil, `{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":["%s"]}`, hexutil.Encode(raw))
}
