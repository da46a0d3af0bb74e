package main

import (
	"context"
	"fmt"
	"io"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/spf13/cobra"

	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/rollup/contracts"
	"github.com/hyperion-rollup/hyperion/rollup/verifier"
)

func newQueryRollupCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rollup",
		Short: "Latest posted batch, latest and finalized outputs, and the L1 costs of the batches",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadStartConfig(cmd)
			if err != nil {
				return err
			}
			if cfg.Rollup.L1RPC == "" {
				cfg.Rollup.L1RPC = "http://127.0.0.1:8645" // the embedded development L1
			}
			client, err := ethclient.DialContext(cmd.Context(), cfg.Rollup.L1RPC)
			if err != nil {
				return err
			}
			defer client.Close()
			addrs, err := app.RollupAddresses(cfg.Rollup)
			if err != nil {
				return err
			}
			if err := printBatches(cmd.Context(), cmd.OutOrStdout(), client, addrs.Inbox); err != nil {
				return err
			}
			return printOutputs(cmd.Context(), cmd.OutOrStdout(), client, addrs.Oracle)
		},
	}
	cmd.Flags().String(flagL1RPC, "", "L1 JSON-RPC URL (overrides [rollup] l1-rpc; default the embedded dev L1)")
	return cmd
}

func printBatches(ctx context.Context, out io.Writer, client *ethclient.Client, inbox common.Address) error {
	batches, err := verifier.ReadBatches(ctx, client, inbox)
	if err != nil {
		return err
	}
	if len(batches) == 0 {
		fmt.Fprintln(out, "batches: none posted")
		return nil
	}
	last := batches[len(batches)-1].Event
	fmt.Fprintf(out, "batches: %d posted; latest #%d blocks %d-%d medium %d (L1 block %d)\n",
		len(batches), last.Index, last.FirstBlock, last.LastBlock, last.Medium, batches[len(batches)-1].Block)
	gas, fee, blobGas := uint64(0), new(big.Int), uint64(0)
	for _, b := range batches {
		r, err := client.TransactionReceipt(ctx, b.Tx)
		if err != nil {
			return err
		}
		gas += r.GasUsed
		blobGas += r.BlobGasUsed
		fee.Add(fee, new(big.Int).Mul(new(big.Int).SetUint64(r.GasUsed), r.EffectiveGasPrice))
		if r.BlobGasPrice != nil {
			fee.Add(fee, new(big.Int).Mul(new(big.Int).SetUint64(r.BlobGasUsed), r.BlobGasPrice))
		}
	}
	l2Blocks := last.LastBlock - batches[0].Event.FirstBlock + 1
	fmt.Fprintf(out, "L1 costs: %d gas, %d blob gas, %s ether for %d L2 blocks (%d gas per L2 block)\n",
		gas, blobGas, new(big.Float).Quo(new(big.Float).SetInt(fee), big.NewFloat(params.Ether)).Text('f', 9), l2Blocks, gas/l2Blocks)
	return nil
}

func printOutputs(ctx context.Context, out io.Writer, client *ethclient.Client, oracle common.Address) error {
	o := contracts.NewOutputOracle()
	bound := o.Instance(client, oracle)
	opts := &bind.CallOpts{Context: ctx}
	count, err := bind.Call(bound, opts, o.PackOutputCount(), o.UnpackOutputCount)
	if err != nil {
		return err
	}
	fin, err := bind.Call(bound, opts, o.PackFinalizedCount(), o.UnpackFinalizedCount)
	if err != nil {
		return err
	}
	for _, c := range []struct {
		name string
		n    *big.Int
	}{{"output", count}, {"finalized output", fin}} {
		if c.n.Sign() == 0 {
			fmt.Fprintf(out, "latest %s: none\n", c.name)
			continue
		}
		idx := new(big.Int).Sub(c.n, big.NewInt(1))
		got, err := bind.Call(bound, opts, o.PackGetOutput(idx), o.UnpackGetOutput)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "latest %s: #%s L2 block %s root 0x%x (bond returned: %t)\n", c.name, idx, got.L2Block, got.OutputRoot, got.BondReturned)
	}
	return nil
}
