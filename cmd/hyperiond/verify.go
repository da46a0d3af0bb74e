package main

import (
	"errors"
	"fmt"
	"os"
	"sort"

	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/spf13/cobra"

	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/rollup/batch"
	"github.com/hyperion-rollup/hyperion/rollup/verifier"
)

// Flags of the rollup commands.
const (
	flagL1RPC = "l1.rpc"
	flagBlobs = "blobs"
)

// ErrNoL1RPC is returned when no L1 endpoint is known.
var ErrNoL1RPC = errors.New("no L1 endpoint: pass --l1.rpc URL or set [rollup] l1-rpc")

func newVerifyCmd() *cobra.Command {
	var blobs string
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Rebuild the L2 chain from L1 batches alone and check every output root L1 holds",
		Long: "Reads the batch chain from L1's BatchInbox (calldata from L1, blobs from --blobs DIR, a batch archive),\n" +
			"re-executes it from the home's genesis with the node's own application on a fresh store, and compares\n" +
			"every output root of the OutputOracle. Uses no L2 peer.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadStartConfig(cmd)
			if err != nil {
				return err
			}
			if cfg.Rollup.L1RPC == "" {
				return ErrNoL1RPC
			}
			client, err := ethclient.DialContext(cmd.Context(), cfg.Rollup.L1RPC)
			if err != nil {
				return err
			}
			defer client.Close()
			var src verifier.BlobSource
			if blobs != "" {
				archive, err := batch.OpenArchive(blobs)
				if err != nil {
					return err
				}
				src = verifier.ArchiveBlobs{Archive: archive}
			}
			work, err := os.MkdirTemp("", "hyperion-verify-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(work)
			rep, err := app.VerifyHome(cmd.Context(), cfg, client, work, src)
			printVerifyReport(cmd, rep, src)
			return err
		},
	}
	cmd.Flags().String(flagL1RPC, "", "L1 JSON-RPC URL (overrides [rollup] l1-rpc)")
	cmd.Flags().StringVar(&blobs, flagBlobs, "", "blob source: a batch archive directory (e.g. HOME/data/hyperion/rollup/archive)")
	return cmd
}

func printVerifyReport(cmd *cobra.Command, rep *verifier.Report, src verifier.BlobSource) {
	out := cmd.OutOrStdout()
	if src == nil {
		fmt.Fprintln(out, "blob source: none (calldata batches only)")
	} else {
		fmt.Fprintln(out, "blob source:", src.Name())
	}
	if rep == nil {
		return
	}
	media := make([]string, 0, len(rep.Media))
	for m := range rep.Media {
		media = append(media, m)
	}
	sort.Strings(media)
	for _, m := range media {
		fmt.Fprintf(out, "batches from %s: %d\n", m, rep.Media[m])
	}
	rate := 0.0
	if s := rep.Execution.Seconds(); s > 0 {
		rate = float64(rep.Blocks) / s
	}
	fmt.Fprintf(out, "verified %d batches, %d blocks (to L2 block %d), %d output roots; execution %s (%.0f blocks/s)\n",
		rep.Batches, rep.Blocks, rep.LastBlock, rep.Outputs, rep.Execution, rate)
	if rep.CutPending {
		fmt.Fprintln(out, "last batch is shorter than the batch interval: its size cut is checked once the next batch is posted")
	}
}
