package app_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/hyperion-rollup/hyperion/testutil"
)

// jsSuiteTimeout bounds the Node.js real-client suite.
const jsSuiteTimeout = 4 * time.Minute

// TestJSONRPCRealClients runs the Node.js suite in app/jsonrpc/e2e-js (ethers v6,
// viem and solc-js from the repository's node_modules) against one in-process
// validator. It skips when node or the npm packages are missing (run `npm ci`).
func TestJSONRPCRealClients(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the real-client suite needs Node.js >= 20")
	}
	for _, pkg := range []string{"ethers", "viem", "solc"} {
		if _, err := os.Stat(filepath.Join(root, "node_modules", pkg, "package.json")); err != nil {
			t.Skipf("node_modules/%s is missing: run `npm ci` at the repository root to enable the real-client suite", pkg)
		}
	}
	files, err := filepath.Glob(filepath.Join(root, "app", "jsonrpc", "e2e-js", "*.test.mjs"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files in app/jsonrpc/e2e-js: %v", err)
	}
	net := testutil.NewNetwork(t, 1)
	port := net.Ports[0].JSONRPC
	ctx, cancel := context.WithTimeout(context.Background(), jsSuiteTimeout)
	defer cancel()
	args := append([]string{"--test", "--test-concurrency=1"}, files...)
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(),
		fmt.Sprintf("HYPERION_RPC_URL=http://127.0.0.1:%d", port),
		fmt.Sprintf("HYPERION_WS_URL=ws://127.0.0.1:%d", port))
	out, err := cmd.CombinedOutput()
	t.Logf("node --test output:\n%s", out)
	if err != nil {
		t.Fatalf("real-client suite failed: %v (node log: %s)", err, filepath.Join(net.Homes[0], "node.log"))
	}
}
