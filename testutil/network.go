package testutil

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	cmtlog "github.com/cometbft/cometbft/libs/log"

	"github.com/hyperion-rollup/hyperion/app"
)

// Network is an in-process network of real CometBFT validators, each a full
// Hyperion node with its own store and JSON-RPC server on loopback.
type Network struct {
	Dir   string
	Homes []string
	Ports []NodePorts
	Nodes []*app.Node
}

// EmptyNetwork returns a network with a fresh directory and no nodes yet;
// when the test ends its nodes stop and the directory goes. Not t.TempDir:
// CometBFT's address book may still write addrbook.json just after Stop
// returns, which makes TempDir's cleanup fail.
func EmptyNetwork(t testing.TB) *Network {
	t.Helper()
	dir, err := os.MkdirTemp("", "hyperion-net-")
	if err != nil {
		t.Fatal(err)
	}
	net := &Network{Dir: dir}
	t.Cleanup(func() {
		net.Stop()
		_ = RemoveAllRetry(dir)
	})
	return net
}

// NewNetwork starts n validators and stops them when the test ends. Node
// logs go to DIR/nodeI/node.log.
func NewNetwork(t testing.TB, n int) *Network { return NewNetworkWith(t, n, nil) }

// NewNetworkWith is NewNetwork with a hook that may edit the homes (genesis,
// model files) before any node starts.
func NewNetworkWith(t testing.TB, n int, prepare func(homes []string) error) *Network {
	t.Helper()
	net := EmptyNetwork(t)
	var err error
	if net.Homes, net.Ports, err = WriteHomes(net.Dir, HomeOptions{Validators: n}); err != nil {
		t.Fatal(err)
	}
	homes, ports := net.Homes, net.Ports
	if prepare != nil {
		if err := prepare(homes); err != nil {
			t.Fatal(err)
		}
	}
	// Build every node first (stores, ABCI handshake: the slow part), then
	// start them back to back, so the first validators do not run the first
	// heights (the genesis DKG's registration) while the last still boot.
	built := make([]*app.Node, len(homes))
	for i := range homes {
		if built[i], err = NewNode(homes[i], ports[i]); err != nil {
			t.Fatalf("build node %d: %v", i, err)
		}
	}
	for i, node := range built {
		if err := node.Start(); err != nil {
			t.Fatalf("start node %d: %v", i, err)
		}
		net.Nodes = append(net.Nodes, node)
	}
	return net
}

// StartNode builds and starts one in-process node of a home written by
// WriteHomes.
func StartNode(home string, ports NodePorts) (*app.Node, error) {
	node, err := NewNode(home, ports)
	if err != nil {
		return nil, err
	}
	if err := node.Start(); err != nil {
		return nil, err
	}
	return node, nil
}

// NewNode builds, without starting, one in-process node of a home written by
// WriteHomes: JSON-RPC on its test port, the embedded dev L1 in-process,
// info logs in HOME/node.log.
func NewNode(home string, ports NodePorts) (*app.Node, error) {
	cfg := app.DefaultConfig(home)
	cfg.JSONRPC.Address = fmt.Sprintf("127.0.0.1:%d", ports.JSONRPC)
	// An embedded dev L1 stays in-process: tests run in parallel packages and
	// must not race for the fixed development port.
	cfg.Rollup.EmbeddedL1Port = 0
	logFile, err := os.OpenFile(filepath.Join(home, "node.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	logger := cmtlog.NewFilter(cmtlog.NewTMLogger(cmtlog.NewSyncWriter(logFile)), cmtlog.AllowInfo())
	return app.NewNode(cfg, logger)
}

// RPCURL is node i's Ethereum JSON-RPC URL.
func (n *Network) RPCURL(i int) string { return fmt.Sprintf("http://127.0.0.1:%d", n.Ports[i].JSONRPC) }

// Stop stops every node that is still running.
func (n *Network) Stop() {
	for i, node := range n.Nodes {
		if node != nil {
			_ = node.Stop()
			n.Nodes[i] = nil
		}
	}
}

// RemoveAllRetry removes dir, retrying for up to 2 s while late writers
// (CometBFT's address book saves after Stop returns) finish.
func RemoveAllRetry(dir string) error {
	var err error
	for range 20 {
		if err = os.RemoveAll(dir); err == nil {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return err
}

// WaitFor polls cond every 100 ms until it holds or the timeout passes.
func WaitFor(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return cond()
}
