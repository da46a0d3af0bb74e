package service

import (
	"crypto/ecdsa"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/hyperion-rollup/hyperion/rollup/attest"
	"github.com/hyperion-rollup/hyperion/rollup/bls"
)

// maxSeedFile bounds the key files read.
const maxSeedFile = 4096

// ErrBadSeed is returned for a key file that does not hold a 32-byte hex seed.
var ErrBadSeed = errors.New("rollup: bad key seed file")

// NodeKeys are a node's rollup keys: the BLS key that attests batches (the staking registration's key,
// config/bls_key.hex) and the L1 key that posts.
type NodeKeys struct {
	BLS *bls.SecretKey
	L1  *ecdsa.PrivateKey
}

// LoadOrCreateKeys reads home's BLS seed, creating it (0600) if missing. The L1 key is read from
// l1KeyFile (a hex private key) when given; otherwise it is derived from the BLS seed (a development
// convention: DevDeploy funds those addresses on the development L1).
func LoadOrCreateKeys(home, l1KeyFile string) (NodeKeys, error) {
	seed, err := loadOrCreateSeed(filepath.Join(home, attest.KeyFile))
	if err != nil {
		return NodeKeys{}, err
	}
	sk, err := attest.KeyFromSeed(seed)
	if err != nil {
		return NodeKeys{}, err
	}
	var l1key *ecdsa.PrivateKey
	if l1KeyFile != "" {
		raw, err := readSeed(l1KeyFile)
		if err != nil {
			return NodeKeys{}, err
		}
		l1key, err = crypto.ToECDSA(raw)
		if err != nil {
			return NodeKeys{}, fmt.Errorf("%w: %v", ErrBadSeed, err)
		}
	} else if l1key, err = DevL1Key(seed); err != nil {
		return NodeKeys{}, err
	}
	return NodeKeys{BLS: sk, L1: l1key}, nil
}

// DevL1Key derives the development L1 posting key of a BLS seed.
func DevL1Key(seed []byte) (*ecdsa.PrivateKey, error) {
	return crypto.ToECDSA(crypto.Keccak256([]byte("hyperion.rollup.dev-l1-key"), seed))
}

func loadOrCreateSeed(path string) ([]byte, error) {
	seed, err := readSeed(path)
	if !errors.Is(err, os.ErrNotExist) {
		return seed, err
	}
	seed = make([]byte, 32)
	if _, err := rand.Read(seed); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(hexutil.Encode(seed)+"\n"), 0o600); err != nil {
		return nil, err
	}
	return seed, nil
}

func readSeed(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, maxSeedFile)
	n, _ := f.Read(buf)
	seed, err := hexutil.Decode(strings.TrimSpace(string(buf[:n])))
	if err != nil || len(seed) != 32 {
		return nil, fmt.Errorf("%w: %s", ErrBadSeed, path)
	}
	return seed, nil
}
