//go:build !linux

package testutil

import (
	"os"
	"syscall"
)

// childProcAttr leaves node processes with the default attributes.
func childProcAttr() *syscall.SysProcAttr { return nil }

// signalChild signals a node process.
func signalChild(p *os.Process, sig syscall.Signal) { _ = p.Signal(sig) }
