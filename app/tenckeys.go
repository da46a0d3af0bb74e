package app

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
)

// dkgKeyFile is the validator's DKG encryption key, next to its consensus
// key (the file `hyperiond staking create-validator` registers the public
// half of).
const dkgKeyFile = "dkg_key.hex"

// loadDKGKey reads the node's secp256k1 DKG key from the directory of the
// consensus key file, writing a fresh one (0600) on first use.
func loadDKGKey(privValidatorKeyFile string) (*ecdsa.PrivateKey, error) {
	path := filepath.Join(filepath.Dir(privValidatorKeyFile), dkgKeyFile)
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		key, kerr := crypto.GenerateKey()
		if kerr != nil {
			return nil, kerr
		}
		return key, os.WriteFile(path, []byte(hexutil.Encode(crypto.FromECDSA(key))+"\n"), 0o600)
	}
	if err != nil {
		return nil, err
	}
	seed, err := hexutil.Decode(strings.TrimSpace(string(raw)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return crypto.ToECDSA(seed)
}
