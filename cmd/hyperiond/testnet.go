package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/p2p"
	cmttypes "github.com/cometbft/cometbft/types"
	cmttime "github.com/cometbft/cometbft/types/time"
	"github.com/spf13/cobra"
)

// Flags of testnet.
const (
	flagValidators = "validators"
	flagOut        = "out"
)

// maxTestnetValidators bounds --validators (ports stay below 65536 and the
// machine stays usable).
const maxTestnetValidators = 64

// ErrValidatorCount is returned for --validators outside 1..maxTestnetValidators.
var ErrValidatorCount = errors.New("--validators out of range")

// testnetOptions are the flags of `hyperiond testnet`.
type testnetOptions struct {
	out        string
	validators int
	chainID    uint64
	chainIDSet bool
	dev        bool
	funds      []string
	overwrite  bool
}

func newTestnetCmd() *cobra.Command {
	var opts testnetOptions
	cmd := &cobra.Command{
		Use:   "testnet",
		Short: "Write the homes of a local N-validator network (DIR/node0 ... DIR/node{N-1})",
		Long: "Writes one home per validator with a shared genesis. Node i listens on p2p 26656+10i,\n" +
			"CometBFT RPC 26657+10i, JSON-RPC 8545+10i. Run it with `hyperiond testnet start --out DIR`.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.chainIDSet = cmd.Flags().Changed(flagChainID)
			return runTestnet(cmd.OutOrStdout(), opts)
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.validators, flagValidators, 4, "number of validators")
	f.StringVar(&opts.out, flagOut, "./testnet", "output directory")
	f.Uint64Var(&opts.chainID, flagChainID, 0, "EVM chain id (required without --dev)")
	f.BoolVar(&opts.dev, flagDev, false, "dev chain: chain id 31337 and the funded dev accounts")
	f.StringArrayVar(&opts.funds, flagFund, nil, "pre-fund ADDR=AMOUNT; repeatable")
	f.BoolVar(&opts.overwrite, flagOverwrite, false, "replace existing node homes")
	cmd.AddCommand(newTestnetStartCmd())
	return cmd
}

// runTestnet writes the homes, then one genesis shared by all of them.
func runTestnet(out io.Writer, opts testnetOptions) error {
	if opts.validators < 1 || opts.validators > maxTestnetValidators {
		return fmt.Errorf("%w: %d (want 1..%d)", ErrValidatorCount, opts.validators, maxTestnetValidators)
	}
	chainID, err := resolveChainID(opts.dev, opts.chainID, opts.chainIDSet)
	if err != nil {
		return err
	}
	outDir, err := filepath.Abs(opts.out)
	if err != nil {
		return err
	}
	nodes, err := writeTestnetHomes(outDir, opts.validators, opts.overwrite)
	if err != nil {
		return err
	}
	vals := make([]cmttypes.GenesisValidator, len(nodes))
	for i, n := range nodes {
		vals[i] = n.Validator
	}
	gen, err := buildGenesis(genesisOptions{
		ChainID: chainID, Dev: opts.dev, Funds: opts.funds, Validators: vals, GenesisTime: cmttime.Now(),
	})
	if err != nil {
		return err
	}
	for _, n := range nodes {
		if err := gen.SaveAs(n.Comet.GenesisFile()); err != nil {
			return err
		}
	}
	printTestnet(out, outDir, chainID, nodes)
	if opts.dev {
		return printDevAccounts(out)
	}
	return nil
}

// writeTestnetHomes writes node homes and wires every node to all others.
func writeTestnetHomes(outDir string, n int, overwrite bool) ([]nodeHome, error) {
	nodes := make([]nodeHome, n)
	for i := range nodes {
		home := testnetNodeHome(outDir, i)
		if err := checkHomeFree(home, overwrite); err != nil {
			return nil, err
		}
		node, err := writeNodeHome(home, fmt.Sprintf("node%d", i), portsForNode(i))
		if err != nil {
			return nil, err
		}
		nodes[i] = node
	}
	for i := range nodes {
		c := nodes[i].Comet
		c.P2P.PersistentPeers = persistentPeers(nodes, i)
		c.P2P.AddrBookStrict = false
		c.P2P.AllowDuplicateIP = true
		if err := catchPanic(func() { cmtcfg.WriteConfigFile(filepath.Join(nodes[i].Home, "config", "config.toml"), c) }); err != nil {
			return nil, fmt.Errorf("write config.toml: %w", err)
		}
	}
	return nodes, nil
}

// testnetNodeHome is the home of node i under outDir.
func testnetNodeHome(outDir string, i int) string {
	return filepath.Join(outDir, fmt.Sprintf("node%d", i))
}

// persistentPeers lists every node but self as id@127.0.0.1:port.
func persistentPeers(nodes []nodeHome, self int) string {
	peers := make([]string, 0, len(nodes)-1)
	for j, n := range nodes {
		if j != self {
			peers = append(peers, p2p.IDAddressString(n.NodeID, fmt.Sprintf("127.0.0.1:%d", n.Ports.P2P)))
		}
	}
	return strings.Join(peers, ",")
}

func printTestnet(out io.Writer, outDir string, chainID uint64, nodes []nodeHome) {
	fmt.Fprintf(out, "Wrote a %d-validator network (chain id %d) in %s\n", len(nodes), chainID, outDir)
	for i, n := range nodes {
		fmt.Fprintf(out, "  node%d: JSON-RPC http://127.0.0.1:%d  CometBFT RPC http://127.0.0.1:%d  p2p %d\n",
			i, n.Ports.JSONRPC, n.Ports.CometRPC, n.Ports.P2P)
	}
	fmt.Fprintf(out, "Start it with: hyperiond testnet start --out %s\n", outDir)
}
