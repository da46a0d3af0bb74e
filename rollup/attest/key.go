package attest

import (
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/hyperion-rollup/hyperion/rollup/bls"
)

// KeyFile is the node's BLS key file under its home: a 32-byte hex seed, the same file (and the same
// derivation: seed reduced modulo the group order) that staking registration uses, so the key that signs
// batches is the key registered on L2.
const KeyFile = "config/bls_key.hex"

// ErrBadKeyFile is returned for an unreadable key file.
var ErrBadKeyFile = errors.New("attest: bad BLS key file")

// KeyFromSeed derives the BLS secret key of a 32-byte seed.
func KeyFromSeed(seed []byte) (*bls.SecretKey, error) {
	if len(seed) != 32 {
		return nil, fmt.Errorf("%w: %d-byte seed", ErrBadKeyFile, len(seed))
	}
	s := new(big.Int).SetBytes(seed)
	s.Mod(s, fr.Modulus())
	return bls.SecretKeyFromBytes(s.FillBytes(make([]byte, bls.SecretKeyLen)))
}

// LoadKey reads the BLS key of a home.
func LoadKey(home string) (*bls.SecretKey, error) {
	raw, err := os.ReadFile(filepath.Join(home, KeyFile))
	if err != nil {
		return nil, err
	}
	seed, err := hexutil.Decode(strings.TrimSpace(string(raw)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadKeyFile, err)
	}
	return KeyFromSeed(seed)
}
