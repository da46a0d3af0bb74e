package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// envPassphrase supplies the keystore passphrase to scripts.
const envPassphrase = "HYPERION_PASSPHRASE"

// maxPassphraseLen bounds a passphrase read from a file, env or terminal.
const maxPassphraseLen = 1024

// Passphrase errors.
var (
	ErrEmptyPassphrase    = errors.New("empty passphrase")
	ErrPassphraseMismatch = errors.New("passphrases do not match")
	ErrNoTerminal         = errors.New("no terminal to prompt for the passphrase; use --passphrase-file or $" + envPassphrase)
)

// newPassphrase returns the passphrase for a new key; a prompt asks twice.
func newPassphrase(cmd *cobra.Command) (string, error) {
	return passphrase(cmd, true)
}

// existingPassphrase returns the passphrase to unlock a key.
func existingPassphrase(cmd *cobra.Command) (string, error) {
	return passphrase(cmd, false)
}

// passphrase reads --passphrase-file, else $HYPERION_PASSPHRASE, else prompts.
func passphrase(cmd *cobra.Command, confirm bool) (string, error) {
	var pass string
	path, _ := cmd.Flags().GetString(flagPassphraseFile)
	switch env, envSet := os.LookupEnv(envPassphrase); {
	case path != "":
		p, err := passphraseFromFile(path)
		if err != nil {
			return "", err
		}
		pass = p
	case envSet:
		pass = env
	default:
		p, err := promptPassphrase(confirm)
		if err != nil {
			return "", err
		}
		pass = p
	}
	if pass == "" {
		return "", ErrEmptyPassphrase
	}
	if len(pass) > maxPassphraseLen {
		return "", fmt.Errorf("passphrase longer than %d bytes", maxPassphraseLen)
	}
	return pass, nil
}

// passphraseFromFile returns the first line of path, without its line ending.
func passphraseFromFile(path string) (string, error) {
	data, err := readFileLimited(path, maxPassphraseLen+2)
	if err != nil {
		return "", fmt.Errorf("passphrase file: %w", err)
	}
	line, _, _ := strings.Cut(string(data), "\n")
	return strings.TrimSuffix(line, "\r"), nil
}

// promptPassphrase asks on the controlling terminal with echo off.
func promptPassphrase(confirm bool) (string, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return "", ErrNoTerminal
	}
	defer tty.Close()
	pass, err := promptNoEcho(tty, "Passphrase: ")
	if err != nil || !confirm {
		return pass, err
	}
	again, err := promptNoEcho(tty, "Repeat passphrase: ")
	if err != nil {
		return "", err
	}
	if again != pass {
		return "", ErrPassphraseMismatch
	}
	return pass, nil
}

// promptNoEcho writes prompt to tty and reads one line with echo disabled.
func promptNoEcho(tty *os.File, prompt string) (string, error) {
	fmt.Fprint(tty, prompt)
	restore, err := disableEcho(tty)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoTerminal, err)
	}
	line, readErr := bufio.NewReader(tty).ReadString('\n')
	restore()
	fmt.Fprintln(tty)
	if readErr != nil && line == "" {
		return "", readErr
	}
	return strings.TrimRight(line, "\r\n"), nil
}
