package main

import (
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/spf13/cobra"
)

// ecdsaKey is a secp256k1 private key.
type ecdsaKey = ecdsa.PrivateKey

// Flags of the keys commands.
const (
	flagPassphraseFile = "passphrase-file"
	flagKeyFile        = "key-file"
)

func newKeysCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Manage secp256k1 account keys: scrypt-encrypted keystore files in HOME/keys",
		Long: "Keys are go-ethereum keystore (v3) JSON files named HOME/keys/NAME.json.\n" +
			"The passphrase comes from --passphrase-file, else $" + envPassphrase + ", else an interactive prompt.",
	}
	cmd.PersistentFlags().String(flagPassphraseFile, "", "file whose first line is the passphrase")
	cmd.AddCommand(newKeysAddCmd(), newKeysImportCmd(), newKeysListCmd(), newKeysShowCmd())
	return cmd
}

func newKeysAddCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "add NAME",
		Short: "Generate a new key",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			key, err := crypto.GenerateKey()
			if err != nil {
				return err
			}
			return storeNamedKey(cmd, args[0], key)
		},
	}
}

func newKeysImportCmd() *cobra.Command {
	var keyPath string
	cmd := &cobra.Command{
		Use:   "import NAME",
		Short: "Import a hex private key read from --key-file or stdin (never from a flag)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			text, err := readPrivateKeyInput(cmd.InOrStdin(), keyPath)
			if err != nil {
				return err
			}
			key, err := parsePrivateKeyHex(string(text))
			if err != nil {
				return err
			}
			return storeNamedKey(cmd, args[0], key)
		},
	}
	cmd.Flags().StringVar(&keyPath, flagKeyFile, "", "file holding the hex private key (default: stdin)")
	return cmd
}

// readPrivateKeyInput reads the hex key from path, or from stdin if path is "" or "-".
func readPrivateKeyInput(stdin io.Reader, path string) ([]byte, error) {
	if path == "" || path == "-" {
		return readLimited(stdin, maxPrivKeyHexSize, "stdin")
	}
	return readFileLimited(path, maxPrivKeyHexSize)
}

// storeNamedKey asks for a new passphrase and saves key as name.
func storeNamedKey(cmd *cobra.Command, name string, key *ecdsaKey) error {
	home, err := homeFlag(cmd)
	if err != nil {
		return err
	}
	if _, err := keyFile(home, name); err != nil {
		return err
	}
	pass, err := newPassphrase(cmd)
	if err != nil {
		return err
	}
	addr, err := saveKey(home, name, key, pass)
	if err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "%s %s\n", name, addr.Hex())
	return nil
}

func newKeysListCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List keys (name and address)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home, err := homeFlag(cmd)
			if err != nil {
				return err
			}
			keys, err := listKeys(home)
			if err != nil {
				return err
			}
			asJSON, err := outputJSON(cmd)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), nonNil(keys))
			}
			for _, k := range keys {
				fmt.Fprintf(cmd.OutOrStdout(), "%s %s\n", k.Name, k.Address.Hex())
			}
			return nil
		},
	}
	addOutputFlag(cmd)
	return cmd
}

func newKeysShowCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show NAME",
		Short: "Print a key's address",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			asJSON, err := outputJSON(cmd)
			if err != nil {
				return err
			}
			home, err := homeFlag(cmd)
			if err != nil {
				return err
			}
			addr, err := keyAddress(home, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), keyEntry{Name: args[0], Address: addr})
			}
			fmt.Fprintln(cmd.OutOrStdout(), addr.Hex())
			return nil
		},
	}
	addOutputFlag(cmd)
	return cmd
}

func nonNil(keys []keyEntry) []keyEntry {
	if keys == nil {
		return []keyEntry{}
	}
	return keys
}

// addOutputFlag adds --output text|json.
func addOutputFlag(cmd *cobra.Command) {
	cmd.Flags().StringP(flagOutput, "o", "text", "output format: text or json")
}

// ErrInvalidOutput is returned for an --output other than text or json.
var ErrInvalidOutput = errors.New("--output must be text or json")

// outputJSON reports whether --output json was asked for.
func outputJSON(cmd *cobra.Command) (bool, error) {
	v, err := cmd.Flags().GetString(flagOutput)
	if err != nil {
		return false, err
	}
	switch v {
	case "json":
		return true, nil
	case "text":
		return false, nil
	default:
		return false, fmt.Errorf("%w (got %q)", ErrInvalidOutput, v)
	}
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
