// Package client seals Ethereum transactions into threshold-encrypted
// envelopes and submits them through a node's JSON-RPC (the hyperion
// namespace): fetch the eon key, encrypt to the envelope's identity, sign
// every field, send, then poll the envelope's status.
package client

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/x/tenc"
	"github.com/hyperion-rollup/hyperion/x/tenc/envelope"
)

// Key is the active eon key a node reports.
type Key struct {
	Eon       hexutil.Uint64 `json:"eon"`
	PublicKey hexutil.Bytes  `json:"publicKey"`
	Threshold hexutil.Uint64 `json:"threshold"`
	Members   hexutil.Uint64 `json:"members"`
	Since     hexutil.Uint64 `json:"since"`
}

// Envelope is an envelope's status.
type Envelope struct {
	Status   string          `json:"status"`
	Block    hexutil.Uint64  `json:"blockNumber"`
	Sender   common.Address  `json:"sender"`
	Nonce    hexutil.Uint64  `json:"envelopeNonce"`
	Resolved *hexutil.Uint64 `json:"resolvedBlock"`
	InnerTx  *common.Hash    `json:"innerTransactionHash"`
	Reason   string          `json:"reason"`
}

// Final reports whether the envelope's fate is settled: revealed, expired,
// invalid, or dropped by the node without inclusion. "queued" (in the
// node's pool) and "pending" (included, waiting for its key) are not.
func (e *Envelope) Final() bool {
	return e != nil && e.Status != "queued" && e.Status != "pending"
}

// Fees are an envelope's gas caps (the inner tx carries its own).
type Fees struct {
	MaxFeePerGas, MaxPriorityFeePerGas *big.Int
}

// Client talks to one node.
type Client struct {
	rpc     *rpc.Client
	chainID uint64
}

// New wraps an RPC client of a node of the given EIP-155 chain.
func New(c *rpc.Client, chainID uint64) *Client { return &Client{rpc: c, chainID: chainID} }

// EncryptionKey fetches the active eon key.
func (c *Client) EncryptionKey(ctx context.Context) (*Key, error) {
	var k Key
	if err := c.rpc.CallContext(ctx, &k, "hyperion_encryptionKey"); err != nil {
		return nil, err
	}
	return &k, nil
}

// EnvelopeNonce fetches sender's next envelope nonce.
func (c *Client) EnvelopeNonce(ctx context.Context, sender common.Address) (uint64, error) {
	var n hexutil.Uint64
	err := c.rpc.CallContext(ctx, &n, "hyperion_getEnvelopeNonce", sender)
	return uint64(n), err
}

// Send submits a sealed envelope and returns its hash.
func (c *Client) Send(ctx context.Context, e *htypes.EncryptedTx) (common.Hash, error) {
	raw, err := e.Marshal()
	if err != nil {
		return common.Hash{}, err
	}
	var h common.Hash
	err = c.rpc.CallContext(ctx, &h, "hyperion_sendEncryptedTransaction", hexutil.Bytes(raw))
	return h, err
}

// Envelope fetches an envelope's status (nil when the node does not know it).
func (c *Client) Envelope(ctx context.Context, hash common.Hash) (*Envelope, error) {
	var e *Envelope
	err := c.rpc.CallContext(ctx, &e, "hyperion_getEnvelope", hash)
	return e, err
}

// SealAndSend seals inner with the node's current eon key and the sender's
// next envelope nonce, and submits it.
func (c *Client) SealAndSend(ctx context.Context, key *ecdsa.PrivateKey, inner *types.Transaction, fees Fees) (common.Hash, error) {
	k, err := c.EncryptionKey(ctx)
	if err != nil {
		return common.Hash{}, err
	}
	nonce, err := c.EnvelopeNonce(ctx, crypto.PubkeyToAddress(key.PublicKey))
	if err != nil {
		return common.Hash{}, err
	}
	e, err := Seal(c.chainID, uint64(k.Eon), k.PublicKey, key, nonce, inner, fees)
	if err != nil {
		return common.Hash{}, err
	}
	return c.Send(ctx, e)
}

// Seal encrypts inner to the identity of a fresh envelope (random salt) and
// signs every field with key, the fee payer.
func Seal(chainID, eon uint64, eonKey []byte, key *ecdsa.PrivateKey, nonce uint64, inner *types.Transaction, fees Fees) (*htypes.EncryptedTx, error) {
	pub, err := tenc.EonPublicKeyFromBytes(eonKey)
	if err != nil {
		return nil, fmt.Errorf("eon key: %w", err)
	}
	raw, err := inner.MarshalBinary()
	if err != nil {
		return nil, err
	}
	e := &htypes.EncryptedTx{Eon: eon, EnvelopeNonce: nonce, Salt: make([]byte, tenc.SaltSize),
		Sender: crypto.PubkeyToAddress(key.PublicKey).Bytes()}
	if _, err := rand.Read(e.Salt); err != nil {
		return nil, err
	}
	id := envelope.Identity(chainID, e)
	ct, err := tenc.Encrypt(nil, pub, id.Point(), raw)
	if err != nil {
		return nil, err
	}
	e.Ciphertext = ct.Bytes()
	e.GasLimit = envelope.IntrinsicGas(len(e.Ciphertext))
	e.MaxFeePerGas = fees.MaxFeePerGas.Bytes()
	if fees.MaxPriorityFeePerGas != nil {
		e.MaxPriorityFeePerGas = fees.MaxPriorityFeePerGas.Bytes()
	}
	return e, envelope.Sign(chainID, e, key)
}
