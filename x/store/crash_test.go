package store

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// envCrashDir names the store directory of the crash child process.
const envCrashDir = "HYPERION_STORE_CRASH_DIR"

// Crash workload: each version writes more than IAVL's default 100 KB flush
// threshold, so a version that was not written as one atomic batch would be
// torn by a kill.
const (
	crashChanges    = 600
	crashAccounts   = 5000
	crashValueLen   = 200
	crashKeepRecent = 4
)

func crashWorkload(version int64) []Change {
	return workloadChanges(version, crashChanges, crashAccounts, crashValueLen)
}

// TestCrashChild is the child process of TestCrashRecovery: it reopens the
// store, then commits versions and reports each one until it is killed.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(envCrashDir)
	if dir == "" {
		t.Skip("helper process of TestCrashRecovery")
	}
	s, err := Open(Options{Dir: dir, KeepRecent: crashKeepRecent})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	for v := s.LastVersion() + 1; ; v++ {
		if _, err := s.Apply(crashWorkload(v)); err != nil {
			fmt.Println("error", err)
			os.Exit(2)
		}
		if _, _, err := s.Commit(); err != nil {
			fmt.Println("error", err)
			os.Exit(2)
		}
		fmt.Println("committed", v)
	}
}

// TestCrashRecovery SIGKILLs a committing child process several times at
// varying points and checks after each kill that the store reopens at a
// version no older than the last one reported, with the hash a reference
// replay of the same versions gives.
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	dir := t.TempDir()
	ref := openTestStore(t, Options{})
	for round, killAfter := range []int{3, 7, 5, 9, 4, 6} {
		reported := runAndKill(t, dir, killAfter, time.Duration(round)*4*time.Millisecond)
		s, err := Open(Options{Dir: dir, KeepRecent: crashKeepRecent})
		require.NoError(t, err, "round %d", round)
		last := s.LastVersion()
		require.GreaterOrEqual(t, last, reported, "round %d: a reported commit was lost", round)
		for ref.LastVersion() < last {
			commitVersion(t, ref, crashWorkload(ref.LastVersion()+1))
		}
		require.Equal(t, ref.LastHash(), s.LastHash(), "round %d: version %d", round, last)
		_, err = s.Apply(crashWorkload(last + 1))
		require.NoError(t, err)
		s.Rollback()
		require.Equal(t, s.LastHash(), s.WorkingHash())
		require.NoError(t, s.Close())
		t.Logf("round %d: killed after %d reported commits, reopened at %d", round, reported, last)
	}
}

// runAndKill starts the child on dir, waits until it reports killAfter new
// commits, waits delay more, SIGKILLs it and returns the last reported version.
func runAndKill(t *testing.T, dir string, killAfter int, delay time.Duration) int64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
	cmd.Env = append(os.Environ(), envCrashDir+"="+dir)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	lines := bufio.NewScanner(stdout)
	var reported int64
	for seen := 0; seen < killAfter && lines.Scan(); {
		line := lines.Text()
		if v, ok := strings.CutPrefix(line, "committed "); ok {
			reported, err = strconv.ParseInt(v, 10, 64)
			require.NoError(t, err)
			seen++
		}
		require.False(t, strings.HasPrefix(line, "error"), "child: %s", line)
	}
	time.Sleep(delay)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	err = cmd.Wait()
	var exitErr *exec.ExitError
	require.True(t, errors.As(err, &exitErr), "child must die by the signal, got %v", err)
	require.NotZero(t, reported, "child reported no commit")
	return reported
}
