package testutil

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/ethclient"
)

// GethVersion is the go-ethereum release whose geth tests run against: the version go.mod pins.
const GethVersion = "v1.17.10"

// gethStartWait bounds how long a started geth may take to answer RPC.
const gethStartWait = 60 * time.Second

var gethInstall struct {
	once sync.Once
	path string
	err  error
}

// InstallGeth builds geth GethVersion once into $(go env GOCACHE)/hyperion-geth/VERSION, so later test
// runs reuse it, and returns the binary's path.
func InstallGeth() (string, error) {
	gethInstall.once.Do(func() { gethInstall.path, gethInstall.err = installGeth() })
	return gethInstall.path, gethInstall.err
}

func installGeth() (string, error) {
	out, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOCACHE: %w", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "hyperion-geth", GethVersion)
	bin := filepath.Join(dir, "geth")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	cmd := exec.Command("go", "install", "github.com/ethereum/go-ethereum/cmd/geth@"+GethVersion)
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=")
	cmd.Dir = dir // outside the module: @version installs ignore go.mod
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go install geth %s: %w\n%s", GethVersion, err, out)
	}
	return bin, nil
}

// OsakaDevGenesis is go-ethereum's developer genesis (system contracts, precompile balances) with the
// given chain id, faucet funded, and Osaka as the last fork (plain --dev also enables later forks).
func OsakaDevGenesis(chainID *big.Int, faucet common.Address) ([]byte, error) {
	g := core.DeveloperGenesisBlock(30_000_000, &faucet)
	g.Config.ChainID = chainID
	g.Config.AmsterdamTime, g.Config.BogotaTime = nil, nil
	return json.Marshal(g)
}

// GethDev is a running `geth --dev` over an init'ed datadir.
type GethDev struct {
	URL     string
	LogPath string
}

// ErrGethNotReady is returned when geth does not answer RPC with the genesis chain id in time.
var ErrGethNotReady = errors.New("geth did not start")

// StartGethDev runs `geth init` of genesis into a datadir under t's temporary directory, then `geth --dev`
// mining every period seconds (0: on demand) with HTTP on a free loopback port; t's cleanup kills it.
func StartGethDev(t testing.TB, bin string, genesis []byte, chainID *big.Int, period int) (*GethDev, error) {
	dir := t.TempDir()
	gpath, datadir := filepath.Join(dir, "genesis.json"), filepath.Join(dir, "data")
	if err := os.WriteFile(gpath, genesis, 0o600); err != nil {
		return nil, err
	}
	if out, err := exec.Command(bin, "init", "--datadir", datadir, "--state.scheme", "hash", gpath).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("geth init: %w: %s", err, out)
	}
	ports, err := FreePorts(2)
	if err != nil {
		return nil, err
	}
	g := &GethDev{URL: fmt.Sprintf("http://127.0.0.1:%d", ports[0]), LogPath: filepath.Join(dir, "geth.log")}
	logFile, err := os.Create(g.LogPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "--dev", "--dev.period", strconv.Itoa(period), "--datadir", datadir, "--gcmode", "archive",
		"--state.scheme", "hash", "--http", "--http.addr", "127.0.0.1", "--http.port", strconv.Itoa(ports[0]),
		"--http.api", "eth,net,web3", "--authrpc.port", strconv.Itoa(ports[1]), "--port", "0",
		"--nodiscover", "--maxpeers", "0", "--ipcdisable", "--verbosity", "2")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, err
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		_ = logFile.Close()
	})
	if !WaitFor(gethStartWait, func() bool { return gethAnswers(g.URL, chainID) }) {
		return nil, fmt.Errorf("%w with chain id %v; log in %s", ErrGethNotReady, chainID, g.LogPath)
	}
	return g, nil
}

func gethAnswers(url string, chainID *big.Int) bool {
	c, err := ethclient.Dial(url)
	if err != nil {
		return false
	}
	defer c.Close()
	id, err := c.ChainID(context.Background())
	return err == nil && id.Cmp(chainID) == 0
}
