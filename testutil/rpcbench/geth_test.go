package rpcbench

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/testutil"
)

// installGeth returns the cached geth build of testutil.InstallGeth, or skips the test.
func installGeth(t *testing.T) string {
	bin, err := testutil.InstallGeth()
	if err != nil {
		t.Skipf("cannot install geth %s, skipping the geth comparison: %v", testutil.GethVersion, err)
	}
	return bin
}

// startGeth runs `geth init` of the Osaka-last genesis, then `geth --dev
// --gcmode=archive` on it (blocks mined on demand), and returns its HTTP URL.
func startGeth(t *testing.T, bin string) string {
	accounts, err := devkeys.DevAccounts(1)
	require.NoError(t, err)
	genesis, err := testutil.OsakaDevGenesis(chainID, accounts[0].Address)
	require.NoError(t, err)
	g, err := testutil.StartGethDev(t, bin, genesis, chainID, 0)
	require.NoError(t, err)
	return g.URL
}
