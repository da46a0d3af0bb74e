package jsonrpc

import (
	"github.com/ethereum/go-ethereum/common"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/x/tenc/keeper"
)

// EncryptionKey is the active eon's public key as hyperion_encryptionKey reports it.
type EncryptionKey struct {
	Eon       uint64 `json:"eon"`
	PublicKey []byte `json:"publicKey"` // compressed G2 (96 bytes)
	Threshold int    `json:"threshold"`
	Members   int    `json:"members"`
	Since     int64  `json:"since"`
}

// ThresholdBackend serves the threshold-encrypted mempool (the hyperion
// namespace is registered only when the backend implements it).
type ThresholdBackend interface {
	// SendEnvelope validates an envelope and adds it to the pool, returning its hash.
	SendEnvelope(env *htypes.EncryptedTx) (common.Hash, error)
	// EncryptionKey returns the active eon key, or nil before the first DKG completes.
	EncryptionKey() (*EncryptionKey, error)
	// Envelope returns an envelope's record, or nil when unknown.
	Envelope(hash common.Hash) (*keeper.Record, error)
	// EnvelopeNonce returns the next envelope nonce of sender in committed state.
	EnvelopeNonce(sender common.Address) (uint64, error)
}
