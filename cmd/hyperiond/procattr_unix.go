//go:build unix

package main

import "syscall"

// detachedProcAttr puts a child in its own process group, so a terminal's
// Ctrl-C reaches only us and we stop the children in order.
func detachedProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }
