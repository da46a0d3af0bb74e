package app

import (
	"github.com/ethereum/go-ethereum/common"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/app/jsonrpc"
	"github.com/hyperion-rollup/hyperion/x/tenc"
	"github.com/hyperion-rollup/hyperion/x/tenc/keeper"
)

var _ jsonrpc.ThresholdBackend = (*rpcBackend)(nil)

// SendEnvelope implements jsonrpc.ThresholdBackend.
func (b *rpcBackend) SendEnvelope(env *htypes.EncryptedTx) (common.Hash, error) {
	return b.app.SendEnvelope(env)
}

// EncryptionKey implements jsonrpc.ThresholdBackend from committed state.
func (b *rpcBackend) EncryptionKey() (*jsonrpc.EncryptionKey, error) {
	eon, err := keeper.NewView(b.store).ActiveEon()
	if err != nil || eon == nil {
		return nil, err
	}
	keys, err := tenc.EonKeysFromBytes(eon.Keys)
	if err != nil {
		return nil, err
	}
	return &jsonrpc.EncryptionKey{Eon: eon.Eon, PublicKey: keys.PublicKey.Bytes(), Threshold: keys.Threshold,
		Members: len(eon.Members), Since: eon.Since}, nil
}

// Envelope implements jsonrpc.ThresholdBackend: the committed record, else
// this node's own view (queued in its pool, or dropped from it unincluded).
func (b *rpcBackend) Envelope(hash common.Hash) (*keeper.Record, error) {
	r, err := keeper.NewView(b.store).Envelope(hash)
	if err != nil || r != nil {
		return r, err
	}
	if status, reason := b.app.LocalEnvelopeStatus(hash); status != "" {
		return &keeper.Record{Status: status, Reason: reason}, nil
	}
	return nil, nil
}

// EnvelopeNonce implements jsonrpc.ThresholdBackend.
func (b *rpcBackend) EnvelopeNonce(sender common.Address) (uint64, error) {
	return keeper.NewView(b.store).EnvelopeNonce(sender)
}
