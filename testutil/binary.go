// Package testutil holds Hyperion's test harnesses: in-process networks of
// real CometBFT validators on loopback, process networks for fault tests,
// and transaction generators.
package testutil

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

var (
	buildOnce sync.Once
	builtPath string
	buildErr  error
)

// binDirPrefix starts the names of the directories Binary builds into, one
// per test process: binDirPrefix and the process id.
const binDirPrefix = "hyperiond-bin-"

// Binary builds cmd/hyperiond once per test process and returns its path.
// The binary (about 100 MB) stays while the process runs; a later process's
// Binary removes it once the process is gone, so test runs do not fill the
// temporary directory.
func Binary() (string, error) {
	buildOnce.Do(func() {
		root, err := ModuleRoot()
		if err != nil {
			buildErr = err
			return
		}
		pruneBinaryDirs()
		dir := filepath.Join(os.TempDir(), binDirPrefix+strconv.Itoa(os.Getpid()))
		if err := os.MkdirAll(dir, 0o700); err != nil {
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

// pruneBinaryDirs removes the build directories of test processes that
// have exited.
func pruneBinaryDirs() {
	entries, err := os.ReadDir(os.TempDir())
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(strings.TrimPrefix(e.Name(), binDirPrefix))
		if !e.IsDir() || !strings.HasPrefix(e.Name(), binDirPrefix) || err != nil || processAlive(pid) {
			continue
		}
		_ = os.RemoveAll(filepath.Join(os.TempDir(), e.Name()))
	}
}

// processAlive reports whether a process with id pid exists.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
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
