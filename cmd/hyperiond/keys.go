package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/uuid"
)

// Keystore errors.
var (
	ErrInvalidKeyName = errors.New("key name must be 1-64 characters of a-z, A-Z, 0-9, '_' or '-'")
	ErrKeyExists      = errors.New("a key with this name already exists")
	ErrKeyNotFound    = errors.New("no key with this name")
	ErrInvalidKeyHex  = errors.New("private key must be 32 bytes of hex")
)

// keyDirName is the keystore directory under the home.
const keyDirName = "keys"

// Key file size bounds: a keystore JSON is ~500 bytes, a hex key 66.
const (
	maxKeyFileSize    = 64 << 10
	maxPrivKeyHexSize = 1 << 10
)

// keystoreScryptN and keystoreScryptP are go-ethereum's standard scrypt cost
// (256 MB, about a second); tests lower them.
var (
	keystoreScryptN = keystore.StandardScryptN
	keystoreScryptP = keystore.StandardScryptP
)

var keyNameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// keyDir is the keystore directory of a home.
func keyDir(home string) string { return filepath.Join(home, keyDirName) }

// keyFile is the keystore file of a named key.
func keyFile(home, name string) (string, error) {
	if !keyNameRE.MatchString(name) {
		return "", fmt.Errorf("%q: %w", name, ErrInvalidKeyName)
	}
	return filepath.Join(keyDir(home), name+".json"), nil
}

// saveKey encrypts priv with passphrase into the keystore as name; it never
// replaces an existing key.
func saveKey(home, name string, priv *ecdsaKey, passphrase string) (common.Address, error) {
	path, err := keyFile(home, name)
	if err != nil {
		return common.Address{}, err
	}
	id, err := uuid.NewRandom()
	if err != nil {
		return common.Address{}, err
	}
	key := &keystore.Key{Id: id, Address: crypto.PubkeyToAddress(priv.PublicKey), PrivateKey: priv}
	data, err := keystore.EncryptKey(key, passphrase, keystoreScryptN, keystoreScryptP)
	if err != nil {
		return common.Address{}, err
	}
	if err := os.MkdirAll(keyDir(home), 0o700); err != nil {
		return common.Address{}, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return common.Address{}, fmt.Errorf("%q: %w", name, ErrKeyExists)
	} else if err != nil {
		return common.Address{}, err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return common.Address{}, err
	}
	return key.Address, f.Close()
}

// readKeyFile reads a named keystore file.
func readKeyFile(home, name string) ([]byte, error) {
	path, err := keyFile(home, name)
	if err != nil {
		return nil, err
	}
	data, err := readFileLimited(path, maxKeyFileSize)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%q in %s: %w", name, keyDir(home), ErrKeyNotFound)
	}
	return data, err
}

// keyAddress reads a key's address without decrypting it.
func keyAddress(home, name string) (common.Address, error) {
	data, err := readKeyFile(home, name)
	if err != nil {
		return common.Address{}, err
	}
	var header struct {
		Address string `json:"address"`
	}
	if err := json.Unmarshal(data, &header); err != nil || !common.IsHexAddress(header.Address) {
		return common.Address{}, fmt.Errorf("key %q: not a keystore file", name)
	}
	return common.HexToAddress(header.Address), nil
}

// loadKey decrypts a named key.
func loadKey(home, name, passphrase string) (*ecdsaKey, error) {
	data, err := readKeyFile(home, name)
	if err != nil {
		return nil, err
	}
	key, err := keystore.DecryptKey(data, passphrase)
	if err != nil {
		return nil, fmt.Errorf("key %q: %w", name, err)
	}
	return key.PrivateKey, nil
}

// keyEntry is one listed key.
type keyEntry struct {
	Name    string
	Address common.Address
}

// MarshalJSON writes the address EIP-55 checksummed.
func (k keyEntry) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Name    string `json:"name"`
		Address string `json:"address"`
	}{k.Name, k.Address.Hex()})
}

// listKeys lists the keystore by name.
func listKeys(home string) ([]keyEntry, error) {
	entries, err := os.ReadDir(keyDir(home))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var keys []keyEntry
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok || e.IsDir() || !keyNameRE.MatchString(name) {
			continue
		}
		addr, err := keyAddress(home, name)
		if err != nil {
			return nil, err
		}
		keys = append(keys, keyEntry{Name: name, Address: addr})
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].Name < keys[j].Name })
	return keys, nil
}

// parsePrivateKeyHex parses a hex private key, with or without 0x.
func parsePrivateKeyHex(text string) (*ecdsaKey, error) {
	text = strings.TrimSpace(text)
	text = strings.TrimPrefix(strings.TrimPrefix(text, "0x"), "0X")
	if len(text) != 64 {
		return nil, ErrInvalidKeyHex
	}
	key, err := crypto.HexToECDSA(text)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidKeyHex, err)
	}
	return key, nil
}

// readFileLimited reads at most limit bytes of path; larger files are an error.
func readFileLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLimited(f, limit, path)
}

// readLimited reads r to EOF, failing if it holds more than limit bytes.
func readLimited(r io.Reader, limit int64, what string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: larger than %d bytes", what, limit)
	}
	return data, nil
}
