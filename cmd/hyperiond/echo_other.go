//go:build !linux

package main

import (
	"errors"
	"os"
)

// disableEcho is implemented for Linux only; elsewhere use --passphrase-file
// or $HYPERION_PASSPHRASE.
func disableEcho(*os.File) (func(), error) {
	return nil, errors.New("echo-free prompt is only implemented on Linux")
}
