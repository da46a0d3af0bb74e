package testutil

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/p2p"

	"github.com/hyperion-rollup/hyperion/app"
)

// NodePorts are the loopback ports of one test node.
type NodePorts struct {
	P2P, CometRPC, JSONRPC int
}

// HomeOptions shape the homes of a test network.
type HomeOptions struct {
	Validators int
	// BlockTime is CometBFT's timeout_commit (default 300 ms).
	BlockTime time.Duration
}

// WriteHomes runs `hyperiond testnet --dev` into dir, then moves every node to
// free loopback ports and a short block time. It returns the homes and ports.
func WriteHomes(dir string, opts HomeOptions) ([]string, []NodePorts, error) {
	bin, err := Binary()
	if err != nil {
		return nil, nil, err
	}
	out, err := exec.Command(bin, "testnet", "--validators", fmt.Sprint(opts.Validators), "--out", dir, "--dev").CombinedOutput()
	if err != nil {
		return nil, nil, fmt.Errorf("hyperiond testnet: %v\n%s", err, out)
	}
	free, err := FreePorts(3 * opts.Validators)
	if err != nil {
		return nil, nil, err
	}
	homes := make([]string, opts.Validators)
	ports := make([]NodePorts, opts.Validators)
	for i := range homes {
		homes[i] = filepath.Join(dir, fmt.Sprintf("node%d", i))
		ports[i] = NodePorts{P2P: free[3*i], CometRPC: free[3*i+1], JSONRPC: free[3*i+2]}
	}
	if err := rewriteConfigs(homes, ports, opts); err != nil {
		return nil, nil, err
	}
	return homes, ports, nil
}

func rewriteConfigs(homes []string, ports []NodePorts, opts HomeOptions) error {
	ids := make([]string, len(homes))
	for i, home := range homes {
		key, err := p2p.LoadNodeKey(filepath.Join(home, "config", "node_key.json"))
		if err != nil {
			return err
		}
		ids[i] = string(key.ID())
	}
	blockTime := opts.BlockTime
	if blockTime == 0 {
		blockTime = 300 * time.Millisecond
	}
	for i, home := range homes {
		conf, err := app.LoadCometConfig(home)
		if err != nil {
			return err
		}
		conf.P2P.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", ports[i].P2P)
		conf.RPC.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", ports[i].CometRPC)
		conf.P2P.PersistentPeers = peersExcept(ids, ports, i)
		conf.Consensus.TimeoutCommit = blockTime
		conf.Instrumentation.Prometheus = false
		cmtcfg.WriteConfigFile(filepath.Join(home, "config", "config.toml"), conf)
	}
	return nil
}

func peersExcept(ids []string, ports []NodePorts, self int) string {
	var peers []string
	for j, id := range ids {
		if j != self {
			peers = append(peers, fmt.Sprintf("%s@127.0.0.1:%d", id, ports[j].P2P))
		}
	}
	return strings.Join(peers, ",")
}
