package rpcbench

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/testutil"
)

// gethVersion is the go-ethereum release whose geth the benchmark runs: the
// version go.mod pins.
const gethVersion = "v1.17.10"

// installGeth builds geth into a temporary GOBIN, or skips the test.
func installGeth(t *testing.T) string {
	gobin := t.TempDir()
	cmd := exec.Command("go", "install", "github.com/ethereum/go-ethereum/cmd/geth@"+gethVersion)
	cmd.Env = append(os.Environ(), "GOBIN="+gobin, "GOFLAGS=")
	cmd.Dir = gobin // outside the module: @version installs ignore go.mod
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("cannot install geth %s (%v), skipping the geth comparison:\n%s", gethVersion, err, out)
	}
	return filepath.Join(gobin, "geth")
}

// osakaGenesis is go-ethereum's developer genesis (system contracts, precompile
// balances, the faucet funded) with chain id 31337 and Osaka as the last fork:
// plain --dev also enables a later fork with different gas pricing.
func osakaGenesis(t *testing.T) []byte {
	accounts, err := devkeys.DevAccounts(1)
	require.NoError(t, err)
	faucet := accounts[0].Address
	g := core.DeveloperGenesisBlock(30_000_000, &faucet)
	g.Config.ChainID = chainID
	g.Config.AmsterdamTime, g.Config.BogotaTime = nil, nil
	out, err := json.Marshal(g)
	require.NoError(t, err)
	return out
}

// startGeth runs `geth init` of the Osaka-last genesis, then `geth --dev
// --gcmode=archive` on it (blocks mined on demand), and returns its HTTP URL.
func startGeth(t *testing.T, bin string) string {
	dir := t.TempDir()
	genesis := filepath.Join(dir, "genesis.json")
	require.NoError(t, os.WriteFile(genesis, osakaGenesis(t), 0o600))
	datadir := filepath.Join(dir, "data")
	out, err := exec.Command(bin, "init", "--datadir", datadir, "--state.scheme", "hash", genesis).CombinedOutput()
	require.NoError(t, err, "geth init: %s", out)
	ports, err := testutil.FreePorts(2)
	require.NoError(t, err)
	logFile, err := os.Create(filepath.Join(dir, "geth.log"))
	require.NoError(t, err)
	cmd := exec.Command(bin, "--dev", "--dev.period", "0", "--datadir", datadir, "--gcmode", "archive",
		"--state.scheme", "hash", "--http", "--http.addr", "127.0.0.1", "--http.port", strconv.Itoa(ports[0]),
		"--http.api", "eth,net,web3", "--authrpc.port", strconv.Itoa(ports[1]), "--port", "0",
		"--nodiscover", "--maxpeers", "0", "--ipcdisable", "--verbosity", "2")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		_ = logFile.Close()
	})
	url := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	ok := testutil.WaitFor(60*time.Second, func() bool {
		c, err := ethclient.Dial(url)
		if err != nil {
			return false
		}
		defer c.Close()
		id, err := c.ChainID(context.Background())
		return err == nil && id.Cmp(chainID) == 0
	})
	require.True(t, ok, "geth did not start with chain id %v; log in %s", chainID, logFile.Name())
	return url
}
