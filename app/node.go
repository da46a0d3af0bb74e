package app

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	cmtcfg "github.com/cometbft/cometbft/config"
	cmtlog "github.com/cometbft/cometbft/libs/log"
	cmtnode "github.com/cometbft/cometbft/node"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	"github.com/cometbft/cometbft/proxy"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/spf13/viper"

	"github.com/hyperion-rollup/hyperion/abci"
	"github.com/hyperion-rollup/hyperion/app/jsonrpc"
	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/gov"
	"github.com/hyperion-rollup/hyperion/x/inference"
	"github.com/hyperion-rollup/hyperion/x/staking"
	"github.com/hyperion-rollup/hyperion/x/store"
	"github.com/hyperion-rollup/hyperion/x/txpool"
)

// Node is a running Hyperion node: CometBFT, the ABCI application, the store
// and the JSON-RPC server.
type Node struct {
	cfg    Config
	logger cmtlog.Logger
	store  *store.Store
	index  *store.Index
	app    *abci.App
	comet  *cmtnode.Node
	rpc    *jsonrpc.Server
	rollup *rollupRuntime
	// chainID is the EIP-155 chain id from genesis.
	chainID uint64
	// cometDBs are CometBFT's databases, closed after it stops.
	cometDBs cometDBs
}

// NewNode opens the node's databases and builds every service from its
// configuration; nothing is started.
func NewNode(cfg Config, logger cmtlog.Logger) (*Node, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	n := &Node{cfg: cfg, logger: logger}
	if err := n.openState(); err != nil {
		return nil, err
	}
	if err := n.buildServices(); err != nil {
		n.closeState()
		return nil, err
	}
	return n, nil
}

func (n *Node) openState() error {
	dir := n.cfg.DataDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	st, err := store.Open(store.Options{
		Dir: filepath.Join(dir, "state"), KeepRecent: n.cfg.State.KeepRecent, CacheSize: n.cfg.State.CacheSize,
	})
	if err != nil {
		return fmt.Errorf("open state: %w", err)
	}
	ix, err := store.OpenIndex(filepath.Join(dir, "index"))
	if err != nil {
		st.Close()
		return fmt.Errorf("open block index: %w", err)
	}
	n.store, n.index = st, ix
	return nil
}

func (n *Node) closeState() {
	if n.index != nil {
		n.index.Close()
	}
	if n.store != nil {
		n.store.Close()
	}
}

func (n *Node) buildServices() error {
	conf, err := LoadCometConfig(n.cfg.Home)
	if err != nil {
		return err
	}
	gen, err := readGenesisState(conf.GenesisFile())
	if err != nil {
		return err
	}
	n.chainID = gen.ChainID
	pool := txpool.New(txpool.Config{
		AccountSlots: n.cfg.TxPool.AccountSlots, GlobalSlots: n.cfg.TxPool.GlobalSlots, PriceBump: n.cfg.TxPool.PriceBump,
	}, evm.ChainConfig(gen.ChainID), nil, txpool.Head{})
	precompiles, err := loadPrecompiles(n.cfg, gen)
	if err != nil {
		return err
	}
	app, err := abci.New(abci.Options{
		Precompiles: precompiles,
		Store:       n.store, Index: n.index, Pool: pool, Logger: n.logger.With("module", "app"),
		CrashPoint: abci.CrashPointFromEnv(),
		Executor:   abci.ExecutorOptions{Parallel: n.cfg.Executor == ExecutorParallel, Workers: n.cfg.Workers},
		Modules:    []abci.Module{staking.NewModule(), gov.NewModule(), inference.NewModule()},
	})
	if err != nil {
		return err
	}
	n.app = app
	if n.comet, err = n.newComet(conf, app); err != nil {
		return err
	}
	if n.cfg.JSONRPC.Enable {
		return n.newJSONRPC()
	}
	return nil
}

// LoadCometConfig reads CometBFT's config.toml of a home directory.
func LoadCometConfig(home string) (*cmtcfg.Config, error) {
	v := viper.New()
	v.SetConfigFile(filepath.Join(home, "config", "config.toml"))
	if err := v.ReadInConfig(); err != nil {
		return nil, fmt.Errorf("read CometBFT config: %w", err)
	}
	conf := cmtcfg.DefaultConfig()
	if err := v.Unmarshal(conf); err != nil {
		return nil, fmt.Errorf("parse CometBFT config: %w", err)
	}
	conf.SetRoot(home)
	if err := conf.ValidateBasic(); err != nil {
		return nil, fmt.Errorf("CometBFT config: %w", err)
	}
	if conf.Mempool.Type != cmtcfg.MempoolTypeApp {
		return nil, fmt.Errorf("CometBFT config: mempool.type must be %q, is %q", cmtcfg.MempoolTypeApp, conf.Mempool.Type)
	}
	return conf, nil
}

// readGenesisState reads the application part of genesis.json.
func readGenesisState(file string) (GenesisState, error) {
	doc, err := cmttypes.GenesisDocFromFile(file)
	if err != nil {
		return GenesisState{}, fmt.Errorf("read genesis: %w", err)
	}
	return ParseGenesisState(doc.AppState)
}

func (n *Node) newComet(conf *cmtcfg.Config, app *abci.App) (*cmtnode.Node, error) {
	nodeKey, err := p2p.LoadNodeKey(conf.NodeKeyFile())
	if err != nil {
		return nil, fmt.Errorf("load node key: %w", err)
	}
	pv := privval.LoadFilePV(conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile())
	dkgKey, err := loadDKGKey(conf.PrivValidatorKeyFile())
	if err != nil {
		return nil, fmt.Errorf("load DKG key: %w", err)
	}
	app.SetThresholdKeys(pv.Key.Address, dkgKey)
	return cmtnode.NewNode(conf, pv, nodeKey,
		proxy.NewLocalClientCreator(app),
		cmtnode.DefaultGenesisDocProviderFunc(conf),
		n.cometDBs.provider,
		cmtnode.DefaultMetricsProvider(conf.Instrumentation),
		n.logger.With("module", "comet"),
	)
}

func (n *Node) newJSONRPC() error {
	rcfg := jsonrpc.DefaultConfig()
	rcfg.Address = n.cfg.JSONRPC.Address
	backend := peerCountingBackend{rpcBackend: newRPCBackend(n.app, n.store, n.index, n.chainID), peers: n.cometPeerCount}
	srv, err := jsonrpc.NewServer(rcfg, backend, slog.Default())
	if err != nil {
		return fmt.Errorf("json-rpc: %w", err)
	}
	wireRPCFeed(n.app, srv)
	n.rpc = srv
	return nil
}

// Start starts CometBFT (which handshakes with the application and replays
// missing blocks) and then the JSON-RPC server.
func (n *Node) Start() error {
	if err := n.comet.Start(); err != nil {
		return fmt.Errorf("start CometBFT: %w", err)
	}
	if n.rpc != nil {
		if err := n.rpc.Start(); err != nil {
			_ = n.comet.Stop()
			return fmt.Errorf("start JSON-RPC: %w", err)
		}
	}
	if err := n.startRollup(); err != nil {
		return errors.Join(fmt.Errorf("start rollup: %w", err), n.stopRollup())
	}
	return nil
}

// Stop stops everything Start started, in reverse order, and closes the store.
func (n *Node) Stop() error {
	errs := []error{n.stopRollup()}
	if n.rpc != nil {
		errs = append(errs, n.rpc.Stop())
	}
	if n.comet.IsRunning() {
		errs = append(errs, n.comet.Stop())
		n.comet.Wait()
	}
	n.cometDBs.closeAll()
	n.closeState()
	return errors.Join(errs...)
}

// App returns the ABCI application (for in-process tests).
func (n *Node) App() *abci.App { return n.app }

// CometRPCAddress is CometBFT's RPC listen address.
func (n *Node) CometRPCAddress() string { return n.comet.Config().RPC.ListenAddress }

// JSONRPCAddress is the bound JSON-RPC address, or "" when disabled.
func (n *Node) JSONRPCAddress() string {
	if n.rpc == nil || n.rpc.Addr() == nil {
		return ""
	}
	return n.rpc.Addr().String()
}
