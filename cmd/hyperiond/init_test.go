package main

import (
	"math/big"
	"os"
	"path/filepath"
	"testing"

	cmtcfg "github.com/cometbft/cometbft/config"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/viper"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/app/devkeys"
)

// readGenesis loads and validates a written genesis and its app_state.
func readGenesis(t *testing.T, home string) (*cmttypes.GenesisDoc, app.GenesisState) {
	t.Helper()
	doc, err := cmttypes.GenesisDocFromFile(filepath.Join(home, "config", "genesis.json"))
	require.NoError(t, err)
	require.NoError(t, doc.ConsensusParams.ValidateBasic())
	state, err := app.ParseGenesisState(doc.AppState)
	require.NoError(t, err)
	return doc, state
}

func TestInitDev(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home")
	out := mustRunCLI(t, "init", "--home", home, "--dev", "--moniker", "alice")
	require.Contains(t, out, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")

	doc, state := readGenesis(t, home)
	require.Equal(t, "hyperion-31337", doc.ChainID)
	require.Equal(t, int64(1), doc.InitialHeight)
	require.Equal(t, int64(app.DefaultBlockGasLimit), doc.ConsensusParams.Block.MaxGas)
	require.Equal(t, int64(1), doc.ConsensusParams.ABCI.VoteExtensionsEnableHeight)
	require.Len(t, doc.Validators, 1)
	require.Equal(t, cmttypes.ABCIPubKeyTypeEd25519, doc.Validators[0].PubKey.Type())
	require.Equal(t, "alice", doc.Validators[0].Name)

	require.Equal(t, uint64(app.DevChainID), state.ChainID)
	require.Len(t, state.Alloc, devkeys.DevAccountCount)
	accs, err := devkeys.DevAccounts(devkeys.DevAccountCount)
	require.NoError(t, err)
	want := new(big.Int).Mul(big.NewInt(10_000), new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil))
	for _, a := range accs {
		require.Equal(t, want.String(), state.Alloc[a.Address].Balance, a.Address.Hex())
	}

	cfg, err := app.LoadConfig(home, viper.New())
	require.NoError(t, err)
	require.Equal(t, app.DefaultConfig(home), cfg)

	comet := readCometConfig(t, home)
	require.Equal(t, "alice", comet.Moniker)
	require.Equal(t, cmtcfg.MempoolTypeApp, comet.Mempool.Type)
	require.True(t, comet.Consensus.CreateEmptyBlocks)
	require.Equal(t, devTimeoutCommit, comet.Consensus.TimeoutCommit)
	require.Equal(t, "tcp://127.0.0.1:26657", comet.RPC.ListenAddress)
	require.Equal(t, "tcp://127.0.0.1:26656", comet.P2P.ListenAddress)
	for _, f := range []string{comet.PrivValidatorKeyFile(), comet.PrivValidatorStateFile(), comet.NodeKeyFile()} {
		_, err := os.Stat(f)
		require.NoError(t, err, f)
	}
}

func TestInitRefusesOverwrite(t *testing.T) {
	home := t.TempDir()
	mustRunCLI(t, "init", "--home", home, "--chain-id", "5")
	first, _ := readGenesis(t, home)

	_, err := runCLI(t, "", "init", "--home", home, "--chain-id", "5")
	require.ErrorIs(t, err, ErrHomeExists)
	again, _ := readGenesis(t, home)
	require.Equal(t, first.Validators[0].PubKey, again.Validators[0].PubKey, "refused init changed the home")

	mustRunCLI(t, "init", "--home", home, "--chain-id", "6", "--overwrite")
	replaced, state := readGenesis(t, home)
	require.Equal(t, uint64(6), state.ChainID)
	require.NotEqual(t, first.Validators[0].PubKey, replaced.Validators[0].PubKey)
}

func TestInitChainIDAndFunds(t *testing.T) {
	_, err := runCLI(t, "", "init", "--home", t.TempDir())
	require.ErrorContains(t, err, "--chain-id is required")
	_, err = runCLI(t, "", "init", "--home", t.TempDir(), "--dev", "--chain-id", "7")
	require.Error(t, err)
	_, err = runCLI(t, "", "init", "--home", t.TempDir(), "--chain-id", "7", "--fund", "0x12=1")
	require.ErrorIs(t, err, ErrInvalidFund)
	_, err = runCLI(t, "", "init", "--home", t.TempDir(), "--chain-id", "7", "--fund", "0x0000000000000000000000000000000000000001=1.0000000000000000001")
	require.ErrorIs(t, err, ErrInvalidFund)

	home := t.TempDir()
	a := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	b := common.HexToAddress("0x00000000000000000000000000000000000000bb")
	mustRunCLI(t, "init", "--home", home, "--chain-id", "4242",
		"--fund", a.Hex()+"=2.5", "--fund", b.Hex()+"=7wei")
	doc, state := readGenesis(t, home)
	require.Equal(t, "hyperion-4242", doc.ChainID)
	require.Equal(t, uint64(4242), state.ChainID)
	require.Len(t, state.Alloc, 2)
	require.Equal(t, "2500000000000000000", state.Alloc[a].Balance)
	require.Equal(t, "7", state.Alloc[b].Balance)

	_, err = runCLI(t, "", "init", "--home", t.TempDir(), "--chain-id", "7", "--fund", a.Hex()+"=1", "--fund", a.Hex()+"=2")
	require.ErrorIs(t, err, ErrInvalidFund)
}
