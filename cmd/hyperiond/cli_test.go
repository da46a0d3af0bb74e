package main

import (
	"path/filepath"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app"
)

func TestStartConfigPrecedence(t *testing.T) {
	home := t.TempDir()
	mustRunCLI(t, "init", "--home", home, "--chain-id", "9")
	cfg := app.DefaultConfig(home)
	cfg.LogLevel = "error"
	cfg.JSONRPC.Address = "127.0.0.1:1000"
	cfg.TxPool.AccountSlots = 5
	require.NoError(t, app.WriteAppTOML(cfg.AppConfigFile(), cfg))
	t.Setenv("HYPERION_JSON_RPC_ADDRESS", "127.0.0.1:2000")
	t.Setenv("HYPERION_TXPOOL_ACCOUNT_SLOTS", "6")

	cmd := newStartCmd()
	cmd.Flags().String(flagHome, home, "")
	require.NoError(t, cmd.ParseFlags([]string{"--json-rpc.address", "127.0.0.1:3000"}))
	got, err := loadStartConfig(cmd)
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:3000", got.JSONRPC.Address, "flag beats env")
	require.Equal(t, 6, got.TxPool.AccountSlots, "env beats file")
	require.Equal(t, "error", got.LogLevel, "file beats an unset flag")
	require.Equal(t, home, got.Home)

	cmd = newStartCmd()
	cmd.Flags().String(flagHome, filepath.Join(home, "missing"), "")
	_, err = loadStartConfig(cmd)
	require.ErrorIs(t, err, ErrNotInitialized)
}

func TestNodeURL(t *testing.T) {
	home := t.TempDir()
	mustRunCLI(t, "testnet", "--validators", "2", "--out", home, "--chain-id", "3")
	cmd := &cobra.Command{}
	cmd.Flags().String(flagHome, filepath.Join(home, "node1"), "")
	addNodeFlag(cmd.Flags())
	url, err := nodeURL(cmd)
	require.NoError(t, err)
	require.Equal(t, "http://127.0.0.1:8555", url)
	require.NoError(t, cmd.Flags().Set(flagNode, "http://example:1"))
	url, err = nodeURL(cmd)
	require.NoError(t, err)
	require.Equal(t, "http://example:1", url)

	require.Equal(t, "127.0.0.1:8545", dialableAddress("0.0.0.0:8545"))
	require.Equal(t, "[::1]:8545", dialableAddress("[::]:8545"))
	require.Equal(t, "10.0.0.1:1", dialableAddress("10.0.0.1:1"))
}

func TestParseArgs(t *testing.T) {
	for in, want := range map[string]string{"latest": "latest", "0": "0x0", "255": "0xff", "0x1f": "0x1f"} {
		got, err := parseBlockTag(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got)
	}
	for _, in := range []string{"-1", "x", "0xzz", "1.5", "18446744073709551616"} {
		_, err := parseBlockTag(in)
		require.ErrorIs(t, err, ErrInvalidBlock, in)
	}
	_, err := parseHash("0x1234")
	require.ErrorIs(t, err, ErrInvalidHash)
	h, err := parseHash("0x" + "ab" + "00000000000000000000000000000000000000000000000000000000000000")
	require.NoError(t, err)
	require.Equal(t, byte(0xab), h[0])
	_, err = parseAddress("f39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
	require.ErrorIs(t, err, ErrInvalidAddress)
	_, err = parseAddress("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb9226")
	require.ErrorIs(t, err, ErrInvalidAddress)
}

func TestParseSendOptions(t *testing.T) {
	to := "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
	req, err := parseSendOptions(sendOptions{from: "a", devAccount: -1, to: to, value: "1.5", maxFee: "2gwei", priorityFee: "1wei"})
	require.NoError(t, err)
	require.Equal(t, "1500000000000000000", req.value.String())
	require.Equal(t, "2000000000", req.maxFee.String())
	require.Equal(t, "1", req.tip.String())

	_, err = parseSendOptions(sendOptions{devAccount: -1, to: to, value: "1"})
	require.ErrorIs(t, err, ErrSignerChoice)
	_, err = parseSendOptions(sendOptions{from: "a", devAccount: 0, to: to, value: "1"})
	require.ErrorIs(t, err, ErrSignerChoice)
	_, err = parseSendOptions(sendOptions{devAccount: 0, to: to, value: "1.0000000000000000001"})
	require.ErrorIs(t, err, ErrInvalidAmount)
	_, err = parseSendOptions(sendOptions{devAccount: 0, to: "0x12", value: "1"})
	require.ErrorIs(t, err, ErrInvalidAddress)
	_, err = parseSendOptions(sendOptions{devAccount: 0, to: to, value: "1", maxFee: "1wei", priorityFee: "2wei"})
	require.ErrorIs(t, err, ErrFeeCap)
	_, err = parseSendOptions(sendOptions{devAccount: 0, to: to, value: "1", data: "0xzz"})
	require.Error(t, err)
}

func TestVersion(t *testing.T) {
	out := mustRunCLI(t, "version")
	require.Contains(t, out, "hyperiond ")
	require.Contains(t, out, "go:")
	require.Contains(t, out, "github.com/cometbft/cometbft")
}
