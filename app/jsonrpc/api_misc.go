package jsonrpc

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
)

// web3API serves the web3 namespace.
type web3API struct {
	clientVersion string
}

// ClientVersion returns the node's client version string (web3_clientVersion).
func (api *web3API) ClientVersion() string {
	return api.clientVersion
}

// Sha3 returns the Keccak-256 hash of input (web3_sha3).
func (api *web3API) Sha3(input hexutil.Bytes) hexutil.Bytes {
	return crypto.Keccak256(input)
}

// netAPI serves the net namespace.
type netAPI struct {
	chainID *big.Int
	peers   PeerCounter // nil: no peers
}

// Version returns the chain id in decimal: a rollup's network id is its chain id (net_version).
func (api *netAPI) Version() string {
	return api.chainID.String()
}

// Listening reports true: the server answers only while it listens (net_listening).
func (api *netAPI) Listening() bool {
	return true
}

// PeerCount returns the number of connected consensus peers (net_peerCount).
func (api *netAPI) PeerCount() hexutil.Uint {
	if api.peers == nil {
		return 0
	}
	return hexutil.Uint(api.peers.PeerCount())
}
