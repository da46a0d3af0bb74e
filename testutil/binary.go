// Package testutil holds Hyperion's test harnesses: in-process networks of
// real CometBFT validators on loopback, process networks for fault tests,
// and transaction generators.
package testutil

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

var (
	buildOnce sync.Once
	builtPath string
	buildErr  error
)

// Binary builds cmd/hyperiond once per test process and returns its path.
func Binary() (string, error) {
	buildOnce.Do(func() {
		root, err := ModuleRoot()
		if err != nil {
			buildErr = err
			return
		}
		dir, err := os.MkdirTemp("", "hyperiond-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtPath = filepath.Join(dir, "hyperiond")
		cmd := exec.Command("go", "build", "-o", builtPath, "./cmd/hyperiond")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("build hyperiond: %v\n%s", err, out)
		}
	})
	return builtPath, buildErr
}

// ModuleRoot is the directory of the repository's go.mod.
func ModuleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("not inside the hyperion module")
	}
	return filepath.Dir(mod), nil
}

// FreePorts reserves n distinct loopback TCP ports and releases them, so a
// test can hand them to nodes (a small race with other processes remains).
func FreePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
