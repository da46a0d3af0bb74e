package main

import (
	"fmt"
	"math/big"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/spf13/cobra"

	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/rollup/l1"
)

// l1DevFunds is each dev account's L1 balance: 10,000 ether.
var l1DevFunds = new(big.Int).Mul(big.NewInt(10_000), big.NewInt(1e18))

// newL1Cmd builds `hyperiond l1`: the development L1 served over HTTP on loopback.
func newL1Cmd() *cobra.Command {
	var (
		port      int
		blockTime time.Duration
	)
	cmd := &cobra.Command{
		Use:   "l1",
		Short: "Serve a development L1 (go-ethereum simulated backend, Osaka last) over HTTP on " + l1.DefaultHost,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			alloc, err := devL1Alloc()
			if err != nil {
				return err
			}
			srv, err := l1.Start(l1.Config{Alloc: alloc, Port: port, BlockTime: blockTime})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "development L1 (chain id %s, Osaka) at %s, a block every %s\n",
				l1.ChainConfig().ChainID, srv.Endpoint(), blockTime)
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return srv.Wait(ctx)
		},
	}
	cmd.Flags().IntVar(&port, "port", l1.DefaultPort, "HTTP JSON-RPC port on "+l1.DefaultHost)
	cmd.Flags().DurationVar(&blockTime, "block-time", l1.DefaultBlockTime, "interval between L1 blocks")
	return cmd
}

// devL1Alloc prefunds the dev accounts of the well-known test mnemonic.
func devL1Alloc() (types.GenesisAlloc, error) {
	accs, err := devkeys.DevAccounts(devkeys.DevAccountCount)
	if err != nil {
		return nil, err
	}
	alloc := types.GenesisAlloc{}
	for _, a := range accs {
		alloc[a.Address] = types.Account{Balance: new(big.Int).Set(l1DevFunds)}
	}
	return alloc, nil
}
