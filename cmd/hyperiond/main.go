// Command hyperiond runs and operates a Hyperion sequencer node: it writes
// node homes and local test networks, starts nodes, manages keystore keys and
// talks to a running node over its Ethereum JSON-RPC.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
)

// Flag names shared by several commands.
const (
	flagHome   = "home"
	flagNode   = "node"
	flagOutput = "output"
)

// envHome overrides the default home when --home is not given.
const envHome = "HYPERION_HOME"

func main() {
	if err := newRootCmd().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
}

// newRootCmd builds the command tree.
func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "hyperiond",
		Short:         "Hyperion: the decentralized sequencer of an EVM optimistic rollup",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().String(flagHome, defaultHome(), "node home directory (env "+envHome+")")
	root.AddCommand(newL1Cmd())
	root.AddCommand(newVerifyCmd())
	root.AddCommand(newModelCmd())
	root.AddCommand(
		newInitCmd(),
		newStartCmd(),
		newTestnetCmd(),
		newKeysCmd(),
		newTxCmd(),
		newQueryCmd(),
		newVersionCmd(),
	)
	return root
}

// defaultHome is $HYPERION_HOME or ~/.hyperion.
func defaultHome() string {
	if h := os.Getenv(envHome); h != "" {
		return h
	}
	if dir, err := os.UserHomeDir(); err == nil {
		return filepath.Join(dir, ".hyperion")
	}
	return ".hyperion"
}

// homeFlag returns the --home of cmd, made absolute.
func homeFlag(cmd *cobra.Command) (string, error) {
	home, err := cmd.Flags().GetString(flagHome)
	if err != nil {
		return "", err
	}
	if home == "" {
		return "", fmt.Errorf("--%s is empty", flagHome)
	}
	return filepath.Abs(home)
}
