package convert

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// TestGoldenOnOtherArchitectures cross-compiles this package's tests and runs
// the pinned stories260K golden under GOARCH=386 (natively on amd64) and
// arm64 (through qemu-user where installed): the engine must give the same
// tokens and trace root on every architecture.
func TestGoldenOnOtherArchitectures(t *testing.T) {
	if testing.Short() || runtime.GOARCH != "amd64" || runtime.GOOS != "linux" {
		t.Skip("cross-architecture run: linux/amd64 host, not -short")
	}
	if _, err := os.Stat(storiesPath); err != nil {
		t.Skipf("stories260K not available: %v", err)
	}
	for _, arch := range []struct{ goarch, runner string }{{"386", ""}, {"arm64", "qemu-aarch64"}} {
		t.Run(arch.goarch, func(t *testing.T) {
			runGoldenFor(t, arch.goarch, arch.runner)
		})
	}
}

func runGoldenFor(t *testing.T, goarch, runner string) {
	if runner != "" {
		if _, err := exec.LookPath(runner); err != nil {
			t.Skipf("%s not installed (apt-get install qemu-user)", runner)
		}
	}
	bin := filepath.Join(t.TempDir(), "convert."+goarch+".test")
	build := exec.Command("go", "test", "-c", "-o", bin, ".")
	build.Env = append(os.Environ(), "GOARCH="+goarch, "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build for %s: %v\n%s", goarch, err, out)
	}
	args := []string{"-test.run", "^TestStoriesGreedyGolden$", "-test.count", "1"}
	cmd := exec.Command(bin, args...)
	if runner != "" {
		cmd = exec.Command(runner, append([]string{bin}, args...)...)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("golden under GOARCH=%s: %v\n%s", goarch, err, out)
	}
}
