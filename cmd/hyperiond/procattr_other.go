//go:build !unix

package main

import "syscall"

// detachedProcAttr returns nil: process groups are a unix notion.
func detachedProcAttr() *syscall.SysProcAttr { return nil }
