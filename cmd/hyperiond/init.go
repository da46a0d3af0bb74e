package main

import (
	"fmt"
	"io"
	"path/filepath"

	cmttypes "github.com/cometbft/cometbft/types"
	cmttime "github.com/cometbft/cometbft/types/time"
	"github.com/spf13/cobra"

	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/app/devkeys"
)

// Flags of init and testnet.
const (
	flagChainID   = "chain-id"
	flagDev       = "dev"
	flagMoniker   = "moniker"
	flagFund      = "fund"
	flagOverwrite = "overwrite"
)

// initOptions are the flags of `hyperiond init`.
type initOptions struct {
	home       string
	chainID    uint64
	chainIDSet bool
	dev        bool
	moniker    string
	funds      []string
	overwrite  bool
}

func newInitCmd() *cobra.Command {
	var opts initOptions
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write a node home: CometBFT config.toml, app.toml, keys and a single-validator genesis",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home, err := homeFlag(cmd)
			if err != nil {
				return err
			}
			opts.home = home
			opts.chainIDSet = cmd.Flags().Changed(flagChainID)
			return runInit(cmd.OutOrStdout(), opts)
		},
	}
	f := cmd.Flags()
	f.Uint64Var(&opts.chainID, flagChainID, 0, "EVM chain id (required without --dev)")
	f.BoolVar(&opts.dev, flagDev, false, "dev chain: chain id 31337, the ten `test ... junk` accounts funded with 10,000 tokens each")
	f.StringVar(&opts.moniker, flagMoniker, "node0", "node name")
	f.StringArrayVar(&opts.funds, flagFund, nil, "pre-fund ADDR=AMOUNT (tokens, or an integer with suffix wei); repeatable")
	f.BoolVar(&opts.overwrite, flagOverwrite, false, "replace an existing home's config and data (keys/ is kept)")
	return cmd
}

// runInit writes a single-validator home.
func runInit(out io.Writer, opts initOptions) error {
	chainID, err := resolveChainID(opts.dev, opts.chainID, opts.chainIDSet)
	if err != nil {
		return err
	}
	if err := checkHomeFree(opts.home, opts.overwrite); err != nil {
		return err
	}
	node, err := writeNodeHome(opts.home, opts.moniker, portsForNode(0))
	if err != nil {
		return err
	}
	gen, err := buildGenesis(genesisOptions{
		ChainID: chainID, Dev: opts.dev, Funds: opts.funds,
		Validators: []cmttypes.GenesisValidator{node.Validator}, GenesisTime: cmttime.Now(),
	})
	if err != nil {
		return err
	}
	if err := gen.SaveAs(node.Comet.GenesisFile()); err != nil {
		return err
	}
	fmt.Fprintf(out, "Initialized %s (chain id %d, CometBFT chain id %s, node id %s)\n",
		opts.home, chainID, gen.ChainID, node.NodeID)
	fmt.Fprintf(out, "  genesis:  %s\n  app.toml: %s\n", node.Comet.GenesisFile(),
		filepath.Join(opts.home, "config", "app.toml"))
	if opts.dev {
		return printDevAccounts(out)
	}
	return nil
}

// printDevAccounts prints the funded dev accounts with their private keys.
func printDevAccounts(out io.Writer) error {
	accs, err := devkeys.DevAccounts(devkeys.DevAccountCount)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Dev accounts (%s tokens each; mnemonic %q, path %s/i) — public keys, never use for real funds:\n",
		formatTokens(devAccountBalance), devkeys.DevMnemonic, devkeys.DevPathPrefix)
	for _, a := range accs {
		fmt.Fprintf(out, "  (%d) %s  %s\n", a.Index, a.Address.Hex(), a.PrivateKeyHex())
	}
	fmt.Fprintf(out, "Chain id %d. Start with: hyperiond start --home <home>\n", app.DevChainID)
	return nil
}
