package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer safe for the supervisor's concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// writeScript writes an executable shell script that stands in for the
// hyperiond binary: the supervisor only execs it with `start --home DIR`.
func writeScript(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "node.sh")
	require.NoError(t, os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o700))
	return path
}

// makeTestnetDirs creates n minimal node homes (testnetHomes looks for genesis.json).
func makeTestnetDirs(t *testing.T, n int) string {
	dir := t.TempDir()
	for i := 0; i < n; i++ {
		cfg := filepath.Join(testnetNodeHome(dir, i), "config")
		require.NoError(t, os.MkdirAll(cfg, 0o700))
		require.NoError(t, os.WriteFile(filepath.Join(cfg, "genesis.json"), []byte("{}"), 0o600))
	}
	return dir
}

func TestTestnetStartForwardsStop(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := makeTestnetDirs(t, 2)
	exe := writeScript(t, `echo "args: $*"; trap 'echo got-term; exit 0' TERM; while :; do sleep 0.05; done`+"\n")
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- runTestnetStart(ctx, &out, dir, exe, false) }()

	require.Eventually(t, func() bool { return strings.Contains(out.String(), "Press Ctrl-C") }, 5*time.Second, 10*time.Millisecond)
	require.Eventually(t, func() bool {
		log, _ := os.ReadFile(filepath.Join(dir, "node1", "node.log"))
		return strings.Contains(string(log), "args: start --home "+testnetNodeHome(dir, 1))
	}, 5*time.Second, 10*time.Millisecond)
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("testnet start did not stop")
	}
	require.Contains(t, out.String(), "stopped 2 nodes")
	for i := 0; i < 2; i++ {
		log, err := os.ReadFile(filepath.Join(testnetNodeHome(dir, i), "node.log"))
		require.NoError(t, err)
		require.Contains(t, string(log), "got-term", "node%d was not sent SIGTERM", i)
	}
}

func TestTestnetStartReportsDeadNodes(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := makeTestnetDirs(t, 2)
	exe := writeScript(t, "echo boom; exit 3\n")
	var out syncBuffer
	err := runTestnetStart(context.Background(), &out, dir, exe, false)
	require.ErrorContains(t, err, "every node has exited")
	require.Contains(t, out.String(), "node0 exited unexpectedly (exit status 3)")
	require.Contains(t, out.String(), "node1 exited unexpectedly (exit status 3)")
}
