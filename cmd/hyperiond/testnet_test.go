package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cometbft/cometbft/p2p"
	"github.com/spf13/viper"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app"
)

func TestTestnetHomes(t *testing.T) {
	const n = 3
	dir := t.TempDir()
	mustRunCLI(t, "testnet", "--validators", fmt.Sprint(n), "--out", dir, "--dev")

	homes, err := testnetHomes(dir)
	require.NoError(t, err)
	require.Len(t, homes, n)

	genesis0, err := os.ReadFile(filepath.Join(homes[0], "config", "genesis.json"))
	require.NoError(t, err)
	ids := make([]p2p.ID, n)
	for i, home := range homes {
		g, err := os.ReadFile(filepath.Join(home, "config", "genesis.json"))
		require.NoError(t, err)
		require.Equal(t, genesis0, g, "node%d genesis differs", i)
		key, err := p2p.LoadNodeKey(filepath.Join(home, "config", "node_key.json"))
		require.NoError(t, err)
		ids[i] = key.ID()
	}

	doc, state := readGenesis(t, homes[0])
	require.Equal(t, uint64(app.DevChainID), state.ChainID)
	require.Len(t, doc.Validators, n)
	for _, v := range doc.Validators {
		require.Equal(t, doc.Validators[0].Power, v.Power)
	}

	for i, home := range homes {
		comet := readCometConfig(t, home)
		require.Equal(t, fmt.Sprintf("tcp://127.0.0.1:%d", 26656+10*i), comet.P2P.ListenAddress)
		require.Equal(t, fmt.Sprintf("tcp://127.0.0.1:%d", 26657+10*i), comet.RPC.ListenAddress)
		require.False(t, comet.P2P.AddrBookStrict)
		require.True(t, comet.P2P.AllowDuplicateIP)
		peers := strings.Split(comet.P2P.PersistentPeers, ",")
		require.Len(t, peers, n-1)
		for j := 0; j < n; j++ {
			want := fmt.Sprintf("%s@127.0.0.1:%d", ids[j], 26656+10*j)
			if j == i {
				require.NotContains(t, peers, want)
			} else {
				require.Contains(t, peers, want)
			}
		}
		cfg, err := app.LoadConfig(home, viper.New())
		require.NoError(t, err)
		require.Equal(t, fmt.Sprintf("127.0.0.1:%d", 8545+10*i), cfg.JSONRPC.Address)
	}

	_, err = runCLI(t, "", "testnet", "--validators", "2", "--out", dir, "--dev")
	require.ErrorIs(t, err, ErrHomeExists)
}

func TestTestnetValidation(t *testing.T) {
	for _, v := range []string{"0", "-1", "65"} {
		_, err := runCLI(t, "", "testnet", "--validators", v, "--out", t.TempDir(), "--dev")
		require.ErrorIs(t, err, ErrValidatorCount, v)
	}
	_, err := testnetHomes(t.TempDir())
	require.ErrorIs(t, err, ErrNoNodes)
}
