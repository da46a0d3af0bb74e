package bench

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cometbft/cometbft/abci/example/kvstore"
	cmtcfg "github.com/cometbft/cometbft/config"
	cmtlog "github.com/cometbft/cometbft/libs/log"
	cmtnode "github.com/cometbft/cometbft/node"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	"github.com/cometbft/cometbft/proxy"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/hyperion-rollup/hyperion/testutil"
)

// kvTimeoutPropose matches the timeout_propose of Hyperion's homes.
const kvTimeoutPropose = 2 * time.Second

// trackerSubscriber and trackerBuffer name and size the commit subscription;
// a subscriber that falls trackerBuffer blocks behind is dropped, never
// blocking consensus.
const (
	trackerSubscriber = "bench-tracker"
	trackerBuffer     = 1000
)

// kvChainID is the chain id of kvstore networks.
const kvChainID = "kvstore-bench"

// ErrCheckTx is returned when broadcast_tx_sync reports a non-zero code.
var ErrCheckTx = fmt.Errorf("%w: CheckTx rejected the tx", ErrRPC)

// KVNetwork is an in-process network of CometBFT validators running the
// kvstore example application with the flood mempool.
type KVNetwork struct {
	Dir   string
	Ports []testutil.NodePorts
	Nodes []*cmtnode.Node
	apps  []*kvstore.Application
}

// NewKVNetwork starts n kvstore validators on loopback with the given
// timeout_commit and stops them when tb ends. Each app persists to
// goleveldb under its home, as Hyperion nodes persist their state.
func NewKVNetwork(tb testing.TB, n int, blockTime time.Duration) *KVNetwork {
	tb.Helper()
	net := &KVNetwork{Dir: tempDir(tb)}
	tb.Cleanup(net.Stop)
	if err := net.start(n, blockTime); err != nil {
		tb.Fatal(err)
	}
	return net
}

func (k *KVNetwork) start(n int, blockTime time.Duration) error {
	free, err := testutil.FreePorts(2 * n)
	if err != nil {
		return err
	}
	homes := make([]string, n)
	for i := range homes {
		homes[i] = filepath.Join(k.Dir, fmt.Sprintf("node%d", i))
		k.Ports = append(k.Ports, testutil.NodePorts{P2P: free[2*i], CometRPC: free[2*i+1]})
	}
	confs, err := writeKVHomes(homes, k.Ports, blockTime)
	if err != nil {
		return err
	}
	for i, conf := range confs {
		node, app, err := startKVNode(conf)
		if err != nil {
			return fmt.Errorf("start kvstore node %d: %w", i, err)
		}
		k.Nodes, k.apps = append(k.Nodes, node), append(k.apps, app)
	}
	return nil
}

// writeKVHomes writes keys, config and one shared genesis for every home.
func writeKVHomes(homes []string, ports []testutil.NodePorts, blockTime time.Duration) ([]*cmtcfg.Config, error) {
	confs := make([]*cmtcfg.Config, len(homes))
	ids := make([]string, len(homes))
	doc := &cmttypes.GenesisDoc{ChainID: kvChainID, GenesisTime: time.Now(), ConsensusParams: cmttypes.DefaultConsensusParams()}
	for i, home := range homes {
		conf := cmtcfg.DefaultConfig().SetRoot(home)
		for _, dir := range []string{conf.DBDir(), filepath.Dir(conf.GenesisFile())} {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, err
			}
		}
		pv := privval.GenFilePV(conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile())
		pv.Save()
		nodeKey, err := p2p.LoadOrGenNodeKey(conf.NodeKeyFile())
		if err != nil {
			return nil, err
		}
		pub, err := pv.GetPubKey()
		if err != nil {
			return nil, err
		}
		doc.Validators = append(doc.Validators, cmttypes.GenesisValidator{Address: pub.Address(), PubKey: pub, Power: 10, Name: fmt.Sprint("node", i)})
		confs[i], ids[i] = conf, string(nodeKey.ID())
	}
	if err := doc.ValidateAndComplete(); err != nil {
		return nil, err
	}
	for i, conf := range confs {
		configureKV(conf, ports, ids, i, blockTime)
		if err := doc.SaveAs(conf.GenesisFile()); err != nil {
			return nil, err
		}
	}
	return confs, nil
}

// configureKV sets node i's ports, peers and consensus timing.
func configureKV(conf *cmtcfg.Config, ports []testutil.NodePorts, ids []string, i int, blockTime time.Duration) {
	conf.P2P.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", ports[i].P2P)
	conf.RPC.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", ports[i].CometRPC)
	var peers []string
	for j, id := range ids {
		if j != i {
			peers = append(peers, fmt.Sprintf("%s@127.0.0.1:%d", id, ports[j].P2P))
		}
	}
	conf.P2P.PersistentPeers = strings.Join(peers, ",")
	conf.P2P.AddrBookStrict = false
	conf.P2P.AllowDuplicateIP = true
	conf.Mempool.Type = cmtcfg.MempoolTypeFlood
	conf.Consensus.CreateEmptyBlocks = true
	conf.Consensus.CreateEmptyBlocksInterval = 0
	conf.Consensus.TimeoutCommit = blockTime
	conf.Consensus.TimeoutPropose = kvTimeoutPropose
	conf.Instrumentation.Prometheus = false
	cmtcfg.WriteConfigFile(filepath.Join(conf.RootDir, "config", "config.toml"), conf)
}

// startKVNode starts one kvstore node; like Hyperion's test nodes it logs
// every level to HOME/node.log.
func startKVNode(conf *cmtcfg.Config) (*cmtnode.Node, *kvstore.Application, error) {
	logFile, err := os.OpenFile(filepath.Join(conf.RootDir, "node.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, err
	}
	app := kvstore.NewPersistentApplication(filepath.Join(conf.DBDir(), "kvstore"))
	nodeKey, err := p2p.LoadNodeKey(conf.NodeKeyFile())
	if err != nil {
		return nil, nil, err
	}
	pv := privval.LoadFilePV(conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile())
	node, err := cmtnode.NewNode(conf, pv, nodeKey, proxy.NewLocalClientCreator(app),
		cmtnode.DefaultGenesisDocProviderFunc(conf), cmtcfg.DefaultDBProvider,
		cmtnode.DefaultMetricsProvider(conf.Instrumentation), cmtlog.NewTMLogger(cmtlog.NewSyncWriter(logFile)))
	if err != nil {
		app.Close()
		return nil, nil, err
	}
	if err := node.Start(); err != nil {
		app.Close()
		return nil, nil, err
	}
	return node, app, nil
}

// Stop stops every running node and closes the apps.
func (k *KVNetwork) Stop() {
	for i, node := range k.Nodes {
		if node != nil && node.IsRunning() {
			_ = node.Stop()
			node.Wait()
		}
		k.Nodes[i] = nil
	}
	for _, app := range k.apps {
		app.Close()
	}
	k.apps = nil
}

// Endpoints are the nodes' CometBFT RPC URLs.
func (k *KVNetwork) Endpoints() []string {
	out := make([]string, len(k.Ports))
	for i, p := range k.Ports {
		out[i] = fmt.Sprintf("http://127.0.0.1:%d", p.CometRPC)
	}
	return out
}

// Track feeds node 0's committed blocks into tracker, keyed by tx bytes,
// until ctx ends.
func (k *KVNetwork) Track(ctx context.Context, tracker *Tracker) error {
	bus := k.Nodes[0].EventBus()
	sub, err := bus.Subscribe(ctx, trackerSubscriber, cmttypes.EventQueryNewBlock, trackerBuffer)
	if err != nil {
		return err
	}
	go func() {
		defer func() { _ = bus.UnsubscribeAll(context.Background(), trackerSubscriber) }()
		for {
			select {
			case msg := <-sub.Out():
				at := time.Now()
				block := msg.Data().(cmttypes.EventDataNewBlock).Block
				keys := make([]string, len(block.Txs))
				for i, tx := range block.Txs {
					keys[i] = string(tx)
				}
				tracker.Committed(block.Height, at, keys)
			case <-sub.Canceled():
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	return nil
}

// KVTxs prepares count kvstore txs "key=value" of exactly size bytes
// (size >= 16), unique per index, sent round-robin to nodes endpoints.
func KVTxs(count, size, nodes int) []Payload {
	out := make([]Payload, count)
	for i := range out {
		key := fmt.Sprintf("bench%010d=", i)
		tx := []byte(key + strings.Repeat("v", max(size-len(key), 1)))
		body := fmt.Appendf(nil, `{"jsonrpc":"2.0","id":1,"method":"broadcast_tx_sync","params":{"tx":"%s"}}`,
			base64.StdEncoding.EncodeToString(tx))
		out[i] = Payload{Key: string(tx), Endpoint: i % nodes, Body: body}
	}
	return out
}

// CheckTxResult accepts a broadcast_tx_sync result with code 0.
func CheckTxResult(result json.RawMessage) error {
	var r struct {
		Code uint32 `json:"code"`
		Log  string `json:"log"`
	}
	if err := json.Unmarshal(result, &r); err != nil {
		return fmt.Errorf("%w: %v", ErrRPC, err)
	}
	if r.Code != 0 {
		return fmt.Errorf("%w: code %d %s", ErrCheckTx, r.Code, r.Log)
	}
	return nil
}
