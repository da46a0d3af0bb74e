// Package stakingnet starts in-process networks whose genesis is shaped for
// staking and governance tests: short epochs and voting periods, and
// optionally nodes that are not genesis validators (they join later).
package stakingnet

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/privval"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/testutil"
)

// Options shape the network.
type Options struct {
	// Nodes is the number of nodes; the first Validators are genesis validators.
	Nodes, Validators int
	// EpochLength and VotingPeriod are in blocks.
	EpochLength, VotingPeriod uint64
	// DowntimeWindow is the signed-blocks window in blocks (default 1000).
	DowntimeWindow uint64
	// UnbondingTime and JailDuration are in seconds (defaults 60 and 10).
	UnbondingTime, JailDuration uint64
	// NullTxIndex turns CometBFT's tx indexer off. CometBFT v0.40's node
	// never closes its tx_index database on Stop, so a node restarted in the
	// same process on the same home fails to lock it; Hyperion does not use
	// that index (it keeps its own).
	NullTxIndex bool
}

// orDefault is v, or def when v is zero.
func orDefault(v, def uint64) uint64 {
	if v == 0 {
		return def
	}
	return v
}

// Start writes the homes, rewrites the shared genesis and starts every node.
func Start(t *testing.T, o Options) *testutil.Network {
	net := testutil.EmptyNetwork(t)
	homes, ports, err := testutil.WriteHomes(net.Dir, testutil.HomeOptions{Validators: o.Nodes})
	require.NoError(t, err)
	doc := patchGenesis(t, homes[0], o)
	for _, h := range homes {
		require.NoError(t, doc.SaveAs(genesisFile(t, h)))
		if o.NullTxIndex {
			nullTxIndex(t, h)
		}
	}
	net.Homes, net.Ports = homes, ports
	for i := range homes {
		node, err := testutil.StartNode(homes[i], ports[i])
		require.NoError(t, err, "start node %d", i)
		net.Nodes = append(net.Nodes, node)
	}
	return net
}

func nullTxIndex(t *testing.T, home string) {
	conf, err := app.LoadCometConfig(home)
	require.NoError(t, err)
	conf.TxIndex.Indexer = "null"
	cmtcfg.WriteConfigFile(filepath.Join(home, "config", "config.toml"), conf)
}

func genesisFile(t *testing.T, home string) string {
	conf, err := app.LoadCometConfig(home)
	require.NoError(t, err)
	return conf.GenesisFile()
}

// patchGenesis keeps the first o.Validators validators and sets the periods.
func patchGenesis(t *testing.T, home string, o Options) *cmttypes.GenesisDoc {
	doc, err := cmttypes.GenesisDocFromFile(genesisFile(t, home))
	require.NoError(t, err)
	doc.Validators = doc.Validators[:o.Validators]
	var state map[string]any
	require.NoError(t, json.Unmarshal(doc.AppState, &state))
	st := state["staking"].(map[string]any)
	st["validators"] = st["validators"].([]any)[:o.Validators]
	params := map[string]any{"max_validators": 100, "epoch_length": o.EpochLength,
		"unbonding_time": orDefault(o.UnbondingTime, 60), "min_self_bond": "1000000000000000000",
		"slash_double_sign_bps": 500, "slash_downtime_bps": 1, "downtime_window": orDefault(o.DowntimeWindow, 1000),
		"min_signed_bps": 5000, "jail_duration": orDefault(o.JailDuration, 10)}
	st["params"] = params
	state["gov"] = map[string]any{"params": map[string]any{"min_deposit": "100000000000000000000",
		"deposit_period": 100, "voting_period": o.VotingPeriod, "quorum_bps": 3340, "threshold_bps": 5000, "veto_bps": 3340}}
	doc.AppState, err = json.Marshal(state)
	require.NoError(t, err)
	return doc
}

// ConsensusKey reads a node's consensus key file.
func ConsensusKey(t *testing.T, home string) privval.FilePVKey {
	conf, err := app.LoadCometConfig(home)
	require.NoError(t, err)
	raw, err := os.ReadFile(conf.PrivValidatorKeyFile())
	require.NoError(t, err)
	var key privval.FilePVKey
	require.NoError(t, cmtjson.Unmarshal(raw, &key))
	return key
}

// CometRPC is node i's CometBFT RPC address.
func CometRPC(net *testutil.Network, i int) string {
	return fmt.Sprintf("http://127.0.0.1:%d", net.Ports[i].CometRPC)
}

// Client dials node i's JSON-RPC, closes the client when the test ends and
// waits (up to 30 s) for the first block.
func Client(ctx context.Context, t *testing.T, net *testutil.Network, i int) *ethclient.Client {
	client, err := ethclient.Dial(net.RPCURL(i))
	require.NoError(t, err)
	t.Cleanup(client.Close)
	require.True(t, testutil.WaitFor(30*time.Second, func() bool { n, err := client.BlockNumber(ctx); return err == nil && n >= 1 }))
	return client
}
