package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
)

// lightKDF makes scrypt cheap for the test (go-ethereum's light parameters).
func lightKDF(t *testing.T) {
	n, p := keystoreScryptN, keystoreScryptP
	keystoreScryptN, keystoreScryptP = keystore.LightScryptN, keystore.LightScryptP
	t.Cleanup(func() { keystoreScryptN, keystoreScryptP = n, p })
}

func writePassFile(t *testing.T, pass string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pass")
	require.NoError(t, os.WriteFile(path, []byte(pass+"\n"), 0o600))
	return path
}

func TestKeysRoundTrip(t *testing.T) {
	lightKDF(t)
	t.Setenv(envPassphrase, "")
	os.Unsetenv(envPassphrase)
	home := t.TempDir()
	pass := writePassFile(t, "correct horse")

	out := mustRunCLI(t, "keys", "add", "alice", "--home", home, "--passphrase-file", pass)
	fields := strings.Fields(out)
	require.Len(t, fields, 2)
	require.Equal(t, "alice", fields[0])
	alice := common.HexToAddress(fields[1])

	// import bob's key from stdin
	bobKey, err := crypto.GenerateKey()
	require.NoError(t, err)
	bobHex := "0x" + common.Bytes2Hex(crypto.FromECDSA(bobKey)) + "\n"
	root := []string{"keys", "import", "bob", "--home", home, "--passphrase-file", pass}
	out, err = runCLI(t, bobHex, root...)
	require.NoError(t, err, out)
	bob := crypto.PubkeyToAddress(bobKey.PublicKey)
	require.Contains(t, out, bob.Hex())

	require.Equal(t, "alice "+alice.Hex()+"\nbob "+bob.Hex()+"\n", mustRunCLI(t, "keys", "list", "--home", home))
	require.Equal(t, bob.Hex()+"\n", mustRunCLI(t, "keys", "show", "bob", "--home", home))
	require.Contains(t, mustRunCLI(t, "keys", "show", "bob", "--home", home, "-o", "json"), `"address": "`+bob.Hex())

	// the stored key decrypts with the passphrase, to the imported key
	got, err := loadKey(home, "bob", "correct horse")
	require.NoError(t, err)
	require.Equal(t, crypto.FromECDSA(bobKey), crypto.FromECDSA(got))
	_, err = loadKey(home, "bob", "wrong")
	require.ErrorIs(t, err, keystore.ErrDecrypt)

	// the file is a standard go-ethereum keystore file
	data, err := os.ReadFile(filepath.Join(home, "keys", "alice.json"))
	require.NoError(t, err)
	k, err := keystore.DecryptKey(data, "correct horse")
	require.NoError(t, err)
	require.Equal(t, alice, k.Address)
	info, err := os.Stat(filepath.Join(home, "keys", "alice.json"))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
}

func TestKeysErrors(t *testing.T) {
	lightKDF(t)
	home := t.TempDir()
	pass := writePassFile(t, "pw")
	t.Setenv(envPassphrase, "from-env")

	mustRunCLI(t, "keys", "add", "k1", "--home", home) // passphrase from env
	_, err := loadKey(home, "k1", "from-env")
	require.NoError(t, err)

	_, err = runCLI(t, "", "keys", "add", "k1", "--home", home, "--passphrase-file", pass)
	require.ErrorIs(t, err, ErrKeyExists)
	_, err = runCLI(t, "", "keys", "add", "../evil", "--home", home, "--passphrase-file", pass)
	require.ErrorIs(t, err, ErrInvalidKeyName)
	_, err = runCLI(t, "", "keys", "show", "nobody", "--home", home)
	require.ErrorIs(t, err, ErrKeyNotFound)
	_, err = runCLI(t, "not-hex", "keys", "import", "k2", "--home", home, "--passphrase-file", pass)
	require.ErrorIs(t, err, ErrInvalidKeyHex)
	_, err = runCLI(t, "", "keys", "add", "k3", "--home", home, "--passphrase-file", writePassFile(t, ""))
	require.ErrorIs(t, err, ErrEmptyPassphrase)
	_, err = runCLI(t, "", "keys", "list", "--home", home, "-o", "yaml")
	require.ErrorIs(t, err, ErrInvalidOutput)

	// key from a file; the file's key wins over stdin
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	keyPath := filepath.Join(t.TempDir(), "key.hex")
	require.NoError(t, os.WriteFile(keyPath, []byte(common.Bytes2Hex(crypto.FromECDSA(key))), 0o600))
	out, err := runCLI(t, "garbage", "keys", "import", "k4", "--home", home, "--key-file", keyPath, "--passphrase-file", pass)
	require.NoError(t, err, out)
	require.Contains(t, out, crypto.PubkeyToAddress(key.PublicKey).Hex())
}

func TestKeysListEmpty(t *testing.T) {
	require.Equal(t, "", mustRunCLI(t, "keys", "list", "--home", t.TempDir()))
	require.Equal(t, "[]\n", mustRunCLI(t, "keys", "list", "--home", t.TempDir(), "-o", "json"))
}
