package testutil

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPruneBinaryDirs: the build directory of an exited process goes, a
// running process's stays, other names are left alone.
func TestPruneBinaryDirs(t *testing.T) {
	done := exec.Command("true")
	require.NoError(t, done.Run())
	dead := filepath.Join(os.TempDir(), binDirPrefix+strconv.Itoa(done.Process.Pid))
	// The parent (go test) runs; this process's own directory may hold the
	// binary other tests use, so the test does not touch it.
	alive := filepath.Join(os.TempDir(), binDirPrefix+strconv.Itoa(os.Getppid()))
	other := filepath.Join(os.TempDir(), binDirPrefix+"keep-"+strconv.Itoa(os.Getpid()))
	for _, dir := range []string{dead, alive, other} {
		require.NoError(t, os.MkdirAll(dir, 0o700))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "file"), []byte("x"), 0o600))
	}
	t.Cleanup(func() {
		_ = os.RemoveAll(alive)
		_ = os.RemoveAll(other)
	})
	pruneBinaryDirs()
	require.NoDirExists(t, dead)
	require.DirExists(t, alive)
	require.DirExists(t, other)
}
