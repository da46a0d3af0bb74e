// Package devkeys derives the well-known development accounts: the BIP-39
// mnemonic "test test ... junk" at m/44'/60'/0'/0/i, the same ten accounts
// Hardhat, Anvil and Foundry fund. It implements the BIP-39 seed and BIP-32
// secp256k1 private derivation used for that and nothing more (no wordlist
// checks, no extended-key serialization).
package devkeys

import (
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"golang.org/x/crypto/pbkdf2"
)

// DevMnemonic is the public development mnemonic. Never use it for real funds.
const DevMnemonic = "test test test test test test test test test test test junk"

// DevPathPrefix is the BIP-44 Ethereum path; account i is DevPathPrefix + "/i".
const DevPathPrefix = "m/44'/60'/0'/0"

// DevAccountCount is how many dev accounts `init --dev` funds.
const DevAccountCount = 10

// HardenedOffset marks a hardened BIP-32 child index.
const HardenedOffset uint32 = 0x80000000

// maxPathDepth bounds a parsed derivation path.
const maxPathDepth = 16

var (
	// ErrInvalidPath is returned for a malformed derivation path.
	ErrInvalidPath = errors.New("devkeys: invalid derivation path")
	// ErrInvalidChild is returned in the (probability < 2^-127) case where a
	// BIP-32 child key is invalid; BIP-32 says to skip to the next index.
	ErrInvalidChild = errors.New("devkeys: derived key is invalid for this index")
	// ErrInvalidSeed is returned for a seed outside BIP-32's 16..64 bytes.
	ErrInvalidSeed = errors.New("devkeys: seed must be 16 to 64 bytes")
)

// Account is one derived account.
type Account struct {
	// Index is i in m/44'/60'/0'/0/i.
	Index int
	// Address is the Ethereum address of Key.
	Address common.Address
	// Key is the secp256k1 private key.
	Key *ecdsa.PrivateKey
}

// PrivateKeyHex returns the private key as 0x-prefixed hex.
func (a Account) PrivateKeyHex() string {
	return "0x" + common.Bytes2Hex(crypto.FromECDSA(a.Key))
}

// SeedFromMnemonic returns the BIP-39 seed: PBKDF2-HMAC-SHA512 over the
// mnemonic with salt "mnemonic"+passphrase, 2048 rounds, 64 bytes. The
// mnemonic is used as given (words separated by single spaces); it is not
// NFKD-normalized, which only matters for non-ASCII input.
func SeedFromMnemonic(mnemonic, passphrase string) []byte {
	words := strings.Fields(mnemonic)
	normalized := strings.Join(words, " ")
	return pbkdf2.Key([]byte(normalized), []byte("mnemonic"+passphrase), 2048, 64, sha512.New)
}

// extendedKey is a BIP-32 private key with its chain code.
type extendedKey struct {
	key       []byte // 32 bytes, big-endian scalar
	chainCode []byte // 32 bytes
}

// masterKey derives the BIP-32 master key from a seed.
func masterKey(seed []byte) (extendedKey, error) {
	if len(seed) < 16 || len(seed) > 64 {
		return extendedKey{}, ErrInvalidSeed
	}
	sum := hmacSHA512([]byte("Bitcoin seed"), seed)
	if !validScalar(new(big.Int).SetBytes(sum[:32])) {
		return extendedKey{}, ErrInvalidChild
	}
	return extendedKey{key: sum[:32], chainCode: sum[32:]}, nil
}

// child derives the private child key at index (CKDpriv).
func (k extendedKey) child(index uint32) (extendedKey, error) {
	data := make([]byte, 0, 37)
	if index >= HardenedOffset {
		data = append(data, 0)
		data = append(data, k.key...)
	} else {
		priv, err := crypto.ToECDSA(k.key)
		if err != nil {
			return extendedKey{}, err
		}
		data = append(data, crypto.CompressPubkey(&priv.PublicKey)...)
	}
	data = binary.BigEndian.AppendUint32(data, index)
	sum := hmacSHA512(k.chainCode, data)

	n := crypto.S256().Params().N
	tweak := new(big.Int).SetBytes(sum[:32])
	if tweak.Cmp(n) >= 0 {
		return extendedKey{}, ErrInvalidChild
	}
	childKey := tweak.Add(tweak, new(big.Int).SetBytes(k.key))
	childKey.Mod(childKey, n)
	if childKey.Sign() == 0 {
		return extendedKey{}, ErrInvalidChild
	}
	return extendedKey{key: childKey.FillBytes(make([]byte, 32)), chainCode: sum[32:]}, nil
}

// DeriveKey derives the private key at path from a BIP-39 seed.
func DeriveKey(seed []byte, path []uint32) (*ecdsa.PrivateKey, error) {
	k, err := masterKey(seed)
	if err != nil {
		return nil, err
	}
	for _, index := range path {
		if k, err = k.child(index); err != nil {
			return nil, fmt.Errorf("%w (index %d)", err, index)
		}
	}
	return crypto.ToECDSA(k.key)
}

// ParsePath parses a BIP-32 path such as "m/44'/60'/0'/0/1" (h or H also mark
// hardened indexes).
func ParsePath(path string) ([]uint32, error) {
	parts := strings.Split(path, "/")
	if parts[0] != "m" || len(parts) > maxPathDepth+1 {
		return nil, fmt.Errorf("%w: %q", ErrInvalidPath, path)
	}
	out := make([]uint32, 0, len(parts)-1)
	for _, p := range parts[1:] {
		index, err := parseIndex(p)
		if err != nil {
			return nil, fmt.Errorf("%w: %q: %v", ErrInvalidPath, path, err)
		}
		out = append(out, index)
	}
	return out, nil
}

// parseIndex parses one path element.
func parseIndex(p string) (uint32, error) {
	hardened := strings.HasSuffix(p, "'") || strings.HasSuffix(p, "h") || strings.HasSuffix(p, "H")
	if hardened {
		p = p[:len(p)-1]
	}
	n, err := strconv.ParseUint(p, 10, 31)
	if err != nil {
		return 0, err
	}
	if hardened {
		return uint32(n) + HardenedOffset, nil
	}
	return uint32(n), nil
}

// AccountFromMnemonic derives account i (m/44'/60'/0'/0/i) of a mnemonic.
func AccountFromMnemonic(mnemonic string, i int) (Account, error) {
	if i < 0 || uint64(i) >= uint64(HardenedOffset) {
		return Account{}, fmt.Errorf("%w: account index %d", ErrInvalidPath, i)
	}
	return accountFromSeed(SeedFromMnemonic(mnemonic, ""), i)
}

// accountFromSeed derives account i from a seed.
func accountFromSeed(seed []byte, i int) (Account, error) {
	path, err := ParsePath(DevPathPrefix)
	if err != nil {
		return Account{}, err
	}
	key, err := DeriveKey(seed, append(path, uint32(i)))
	if err != nil {
		return Account{}, err
	}
	return Account{Index: i, Address: crypto.PubkeyToAddress(key.PublicKey), Key: key}, nil
}

// DevAccount returns dev account i of DevMnemonic.
func DevAccount(i int) (Account, error) {
	return AccountFromMnemonic(DevMnemonic, i)
}

// DevAccounts returns the first n dev accounts of DevMnemonic.
func DevAccounts(n int) ([]Account, error) {
	if n < 0 || n > 1000 {
		return nil, fmt.Errorf("devkeys: account count %d out of range [0, 1000]", n)
	}
	seed := SeedFromMnemonic(DevMnemonic, "")
	out := make([]Account, n)
	for i := range out {
		acc, err := accountFromSeed(seed, i)
		if err != nil {
			return nil, err
		}
		out[i] = acc
	}
	return out, nil
}

func hmacSHA512(key, data []byte) []byte {
	mac := hmac.New(sha512.New, key)
	mac.Write(data)
	return mac.Sum(nil)
}

func validScalar(k *big.Int) bool {
	return k.Sign() > 0 && k.Cmp(crypto.S256().Params().N) < 0
}
