package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/spf13/cobra"
)

// Query errors.
var (
	ErrInvalidAddress = errors.New("invalid address (want 0x + 40 hex digits)")
	ErrInvalidHash    = errors.New("invalid hash (want 0x + 64 hex digits)")
	ErrInvalidBlock   = errors.New("invalid block (want a number, 0x-hex number or latest|pending|earliest|safe|finalized)")
	ErrNotFound       = errors.New("not found")
)

func newQueryCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "query",
		Short: "Read chain data through the node's JSON-RPC",
	}
	addNodeFlag(cmd.PersistentFlags())
	cmd.AddCommand(newQueryBalanceCmd(), newQueryBlockCmd(), newQueryTxCmd(), newQueryStakingCmd(), newQueryGovCmd())
	cmd.AddCommand(newQueryRollupCmd())
	return cmd
}

func newQueryBalanceCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "balance ADDR",
		Short: "Print an account's balance in wei (decimal integer)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			asJSON, err := outputJSON(cmd)
			if err != nil {
				return err
			}
			addr, err := parseAddress(args[0])
			if err != nil {
				return err
			}
			return withNode(cmd, func(ctx context.Context, c *ethclient.Client) error {
				bal, err := c.BalanceAt(ctx, addr, nil)
				if err != nil {
					return err
				}
				return printBalance(cmd.OutOrStdout(), addr, bal, asJSON)
			})
		},
	}
	addOutputFlag(cmd)
	return cmd
}

func printBalance(w io.Writer, addr common.Address, bal *big.Int, asJSON bool) error {
	if asJSON {
		return writeJSON(w, struct {
			Address string `json:"address"`
			Balance string `json:"balance"`
		}{addr.Hex(), bal.String()})
	}
	_, err := fmt.Fprintln(w, bal.String())
	return err
}

func newQueryBlockCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "block [N]",
		Short: "Print an Ethereum block as JSON, with its transactions (default: latest)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			tag := "latest"
			if len(args) == 1 {
				var err error
				if tag, err = parseBlockTag(args[0]); err != nil {
					return err
				}
			}
			return withNode(cmd, func(ctx context.Context, c *ethclient.Client) error {
				var block json.RawMessage
				if err := c.Client().CallContext(ctx, &block, "eth_getBlockByNumber", tag, true); err != nil {
					return err
				}
				if isNull(block) {
					return fmt.Errorf("block %s: %w", tag, ErrNotFound)
				}
				return writeIndented(cmd.OutOrStdout(), block)
			})
		},
	}
}

func newQueryTxCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "tx HASH",
		Short: "Print a transaction and its receipt as JSON",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			hash, err := parseHash(args[0])
			if err != nil {
				return err
			}
			return withNode(cmd, func(ctx context.Context, c *ethclient.Client) error {
				return queryTx(ctx, cmd.OutOrStdout(), c, hash)
			})
		},
	}
}

// queryTx prints {"transaction": ..., "receipt": ...}; receipt is null while pending.
func queryTx(ctx context.Context, w io.Writer, c *ethclient.Client, hash common.Hash) error {
	var tx, receipt json.RawMessage
	if err := c.Client().CallContext(ctx, &tx, "eth_getTransactionByHash", hash); err != nil {
		return err
	}
	if isNull(tx) {
		return fmt.Errorf("transaction %s: %w", hash, ErrNotFound)
	}
	if err := c.Client().CallContext(ctx, &receipt, "eth_getTransactionReceipt", hash); err != nil {
		return err
	}
	if len(receipt) == 0 {
		receipt = json.RawMessage("null")
	}
	return writeJSON(w, struct {
		Transaction json.RawMessage `json:"transaction"`
		Receipt     json.RawMessage `json:"receipt"`
	}{tx, receipt})
}

// withNode dials the node and runs f with a bounded context.
func withNode(cmd *cobra.Command, f func(context.Context, *ethclient.Client) error) error {
	ctx, cancel := context.WithTimeout(cmd.Context(), rpcTimeout)
	defer cancel()
	client, err := dialNode(ctx, cmd)
	if err != nil {
		return err
	}
	defer client.Close()
	return f(ctx, client)
}

// parseAddress parses a 0x-prefixed 20-byte hex address.
func parseAddress(s string) (common.Address, error) {
	if !strings.HasPrefix(s, "0x") && !strings.HasPrefix(s, "0X") || !common.IsHexAddress(s) {
		return common.Address{}, fmt.Errorf("%w: %q", ErrInvalidAddress, s)
	}
	return common.HexToAddress(s), nil
}

// parseHash parses a 0x-prefixed 32-byte hex hash.
func parseHash(s string) (common.Hash, error) {
	b, err := hexutil.Decode(s)
	if err != nil || len(b) != common.HashLength {
		return common.Hash{}, fmt.Errorf("%w: %q", ErrInvalidHash, s)
	}
	return common.BytesToHash(b), nil
}

// parseBlockTag turns a decimal, 0x-hex or named block into a JSON-RPC tag.
func parseBlockTag(s string) (string, error) {
	switch s {
	case "latest", "pending", "earliest", "safe", "finalized":
		return s, nil
	}
	if strings.HasPrefix(s, "0x") {
		n, err := hexutil.DecodeUint64(s)
		if err != nil {
			return "", fmt.Errorf("%w: %q", ErrInvalidBlock, s)
		}
		return hexutil.EncodeUint64(n), nil
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return "", fmt.Errorf("%w: %q", ErrInvalidBlock, s)
	}
	return hexutil.EncodeUint64(n), nil
}

func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

// writeIndented writes raw JSON indented, with a final newline.
func writeIndented(w io.Writer, raw json.RawMessage) error {
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return err
	}
	buf.WriteByte('\n')
	_, err := w.Write(buf.Bytes())
	return err
}
