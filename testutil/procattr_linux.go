//go:build linux

package testutil

import (
	"os"
	"syscall"
)

// childProcAttr puts a node process in its own process group and has the
// kernel kill it if the test process dies first (a timed-out `go test` runs
// no cleanup).
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// signalChild signals the process group of a child started with
// childProcAttr (the group id is the child's pid).
func signalChild(p *os.Process, sig syscall.Signal) {
	if err := syscall.Kill(-p.Pid, sig); err != nil {
		_ = p.Signal(sig)
	}
}
