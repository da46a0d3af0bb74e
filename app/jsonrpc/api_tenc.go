package jsonrpc

import (
	"errors"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/x/tenc/envelope"
)

// maxEnvelopeRequestBytes bounds a submitted envelope encoding.
const maxEnvelopeRequestBytes = envelope.MaxCiphertextBytes + 1024

var errNoEncryptionKey = errors.New("no encryption key yet: the DKG has not completed")

// tencAPI is the hyperion namespace: threshold-encrypted transactions.
type tencAPI struct{ b ThresholdBackend }

// RPCEncryptionKey is the JSON form of EncryptionKey.
type RPCEncryptionKey struct {
	Eon       hexutil.Uint64 `json:"eon"`
	PublicKey hexutil.Bytes  `json:"publicKey"`
	Threshold hexutil.Uint64 `json:"threshold"`
	Members   hexutil.Uint64 `json:"members"`
	Since     hexutil.Uint64 `json:"since"`
}

// RPCEnvelope is hyperion_getEnvelope's answer. Included envelopes carry
// their block, sender and nonce; "queued" (in this node's pool) and
// "dropped" (left it unincluded, with the reason) come from the node itself.
type RPCEnvelope struct {
	Status   string          `json:"status"` // queued, pending, revealed, expired, invalid, dropped
	Block    *hexutil.Uint64 `json:"blockNumber,omitempty"`
	Sender   *common.Address `json:"sender,omitempty"`
	Nonce    *hexutil.Uint64 `json:"envelopeNonce,omitempty"`
	Resolved *hexutil.Uint64 `json:"resolvedBlock,omitempty"`
	InnerTx  *common.Hash    `json:"innerTransactionHash,omitempty"`
	Reason   string          `json:"reason,omitempty"`
}

// SendEncryptedTransaction submits a protobuf-encoded hyperion.tx.v1.EncryptedTx
// and returns its envelope hash.
func (api *tencAPI) SendEncryptedTransaction(raw hexutil.Bytes) (common.Hash, error) {
	if len(raw) > maxEnvelopeRequestBytes {
		return common.Hash{}, envelope.ErrTooLarge
	}
	var e htypes.EncryptedTx
	if err := e.Unmarshal(raw); err != nil {
		return common.Hash{}, &invalidParamsError{message: "decode envelope: " + err.Error()}
	}
	return api.b.SendEnvelope(&e)
}

// EncryptionKey returns the active eon's public key.
func (api *tencAPI) EncryptionKey() (*RPCEncryptionKey, error) {
	k, err := api.b.EncryptionKey()
	if err != nil {
		return nil, err
	}
	if k == nil {
		return nil, errNoEncryptionKey
	}
	return &RPCEncryptionKey{Eon: hexutil.Uint64(k.Eon), PublicKey: k.PublicKey, Threshold: hexutil.Uint64(k.Threshold),
		Members: hexutil.Uint64(k.Members), Since: hexutil.Uint64(k.Since)}, nil
}

// GetEnvelope returns an envelope's status, or null when unknown.
func (api *tencAPI) GetEnvelope(hash common.Hash) (*RPCEnvelope, error) {
	r, err := api.b.Envelope(hash)
	if err != nil || r == nil {
		return nil, err
	}
	out := &RPCEnvelope{Status: r.Status, InnerTx: r.InnerTx, Reason: r.Reason}
	if r.Height > 0 {
		block, nonce, sender := hexutil.Uint64(r.Height), hexutil.Uint64(r.Nonce), r.Sender
		out.Block, out.Nonce, out.Sender = &block, &nonce, &sender
	}
	if r.Resolved > 0 {
		res := hexutil.Uint64(r.Resolved)
		out.Resolved = &res
	}
	return out, nil
}

// GetEnvelopeNonce returns the next envelope nonce of sender.
func (api *tencAPI) GetEnvelopeNonce(sender common.Address) (hexutil.Uint64, error) {
	n, err := api.b.EnvelopeNonce(sender)
	return hexutil.Uint64(n), err
}
