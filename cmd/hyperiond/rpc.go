package main

import (
	"context"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// rpcTimeout bounds one JSON-RPC round trip of the CLI.
const rpcTimeout = 30 * time.Second

// addNodeFlag adds --node to the commands that talk to a node.
func addNodeFlag(flags *pflag.FlagSet) {
	flags.String(flagNode, "", "JSON-RPC URL of the node (default: http:// + [json-rpc] address of the home's app.toml)")
}

// nodeURL is --node, else the JSON-RPC address of the home's config.
func nodeURL(cmd *cobra.Command) (string, error) {
	if u, _ := cmd.Flags().GetString(flagNode); u != "" {
		return u, nil
	}
	home, err := homeFlag(cmd)
	if err != nil {
		return "", err
	}
	cfg, err := loadConfigWithFlags(home, pflag.NewFlagSet("none", pflag.ContinueOnError))
	if err != nil {
		return "", err
	}
	return "http://" + dialableAddress(cfg.JSONRPC.Address), nil
}

// dialableAddress turns a wildcard listen address into a loopback one.
func dialableAddress(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return listen
	}
	switch strings.Trim(host, "[]") {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return net.JoinHostPort(host, port)
}

// dialNode connects to the node's JSON-RPC.
func dialNode(ctx context.Context, cmd *cobra.Command) (*ethclient.Client, error) {
	url, err := nodeURL(cmd)
	if err != nil {
		return nil, err
	}
	client, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", url, err)
	}
	return client, nil
}
