package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/hyperion-rollup/hyperion/app"
)

// ErrHomeExists is returned when init or testnet would overwrite a home.
var ErrHomeExists = errors.New("home already initialized (use --overwrite to replace it)")

// Ports of node 0; node i adds portStride*i to each.
const (
	basePortP2P        = 26656
	basePortCometRPC   = 26657
	basePortPrometheus = 26660
	basePortJSONRPC    = 8545
	portStride         = 10
)

// Block timing for dev and test networks: about one block per second.
const (
	devTimeoutCommit  = 1 * time.Second
	devTimeoutPropose = 2 * time.Second
)

// validatorPower is the equal CometBFT voting power of every genesis validator.
const validatorPower = 10

// nodePorts are the listen ports of one node.
type nodePorts struct {
	P2P, CometRPC, Prometheus, JSONRPC int
}

// portsForNode returns the ports of node i of a local network.
func portsForNode(i int) nodePorts {
	return nodePorts{
		P2P:        basePortP2P + portStride*i,
		CometRPC:   basePortCometRPC + portStride*i,
		Prometheus: basePortPrometheus + portStride*i,
		JSONRPC:    basePortJSONRPC + portStride*i,
	}
}

// nodeHome is a node home written to disk, before the genesis.
type nodeHome struct {
	Home      string
	Moniker   string
	Comet     *cmtcfg.Config
	Validator cmttypes.GenesisValidator
	NodeID    p2p.ID
	Ports     nodePorts
}

// checkHomeFree fails with ErrHomeExists if home holds a node, unless
// overwrite, in which case its config and data directories are removed
// (keys/ is kept).
func checkHomeFree(home string, overwrite bool) error {
	cfgDir := filepath.Join(home, cmtcfg.DefaultConfigDir)
	_, err := os.Stat(cfgDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !overwrite {
		return fmt.Errorf("%s: %w", home, ErrHomeExists)
	}
	if err := os.RemoveAll(cfgDir); err != nil {
		return err
	}
	return os.RemoveAll(filepath.Join(home, cmtcfg.DefaultDataDir))
}

// cometConfig returns CometBFT's configuration of a Hyperion node.
func cometConfig(home, moniker string, ports nodePorts) *cmtcfg.Config {
	c := cmtcfg.DefaultConfig().SetRoot(home)
	c.Moniker = moniker
	c.RPC.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", ports.CometRPC)
	c.P2P.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", ports.P2P)
	c.Mempool.Type = cmtcfg.MempoolTypeApp
	c.Consensus.CreateEmptyBlocks = true
	c.Consensus.CreateEmptyBlocksInterval = 0
	c.Consensus.TimeoutCommit = devTimeoutCommit
	c.Consensus.TimeoutPropose = devTimeoutPropose
	c.Instrumentation.Prometheus = true
	c.Instrumentation.PrometheusListenAddr = fmt.Sprintf("127.0.0.1:%d", ports.Prometheus)
	return c
}

// writeNodeHome writes config.toml, app.toml, the validator key and the node
// key of one node; the genesis comes later (writeGenesis).
func writeNodeHome(home, moniker string, ports nodePorts) (nodeHome, error) {
	for _, dir := range []string{cmtcfg.DefaultConfigDir, cmtcfg.DefaultDataDir} {
		if err := os.MkdirAll(filepath.Join(home, dir), cmtcfg.DefaultDirPerm); err != nil {
			return nodeHome{}, err
		}
	}
	comet := cometConfig(home, moniker, ports)
	if err := comet.ValidateBasic(); err != nil {
		return nodeHome{}, fmt.Errorf("cometbft config: %w", err)
	}
	if err := catchPanic(func() { cmtcfg.WriteConfigFile(filepath.Join(home, "config", "config.toml"), comet) }); err != nil {
		return nodeHome{}, fmt.Errorf("write config.toml: %w", err)
	}
	appCfg := app.DefaultConfig(home)
	appCfg.JSONRPC.Address = fmt.Sprintf("127.0.0.1:%d", ports.JSONRPC)
	if err := app.WriteAppTOML(appCfg.AppConfigFile(), appCfg); err != nil {
		return nodeHome{}, err
	}
	return writeNodeKeys(nodeHome{Home: home, Moniker: moniker, Comet: comet, Ports: ports})
}

// writeNodeKeys generates the ed25519 validator key and the p2p node key.
func writeNodeKeys(h nodeHome) (nodeHome, error) {
	pv := privval.GenFilePV(h.Comet.PrivValidatorKeyFile(), h.Comet.PrivValidatorStateFile())
	if err := catchPanic(pv.Save); err != nil {
		return h, fmt.Errorf("write validator key: %w", err)
	}
	nodeKey, err := p2p.LoadOrGenNodeKey(h.Comet.NodeKeyFile())
	if err != nil {
		return h, fmt.Errorf("node key: %w", err)
	}
	pub := pv.Key.PubKey
	h.Validator = cmttypes.GenesisValidator{Address: pub.Address(), PubKey: pub, Power: validatorPower, Name: h.Moniker}
	h.NodeID = nodeKey.ID()
	return h, nil
}

// catchPanic runs f, turning a panic (CometBFT's file helpers panic on I/O
// errors) into an error.
func catchPanic(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	f()
	return nil
}
