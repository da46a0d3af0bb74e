// Package envelope holds the rules of a threshold-encrypted envelope
// (hyperion.tx.v1.EncryptedTx) that need no chain state: the signing hash the
// fee payer signs, sender recovery, the envelope hash, the decryption
// identity and the fee. Nodes, the JSON-RPC server and the Go client share
// them.
package envelope

import (
	"crypto/ecdsa"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/x/tenc"
)

// Bounds and gas of an envelope.
const (
	// SigningTag prefixes the signing preimage.
	SigningTag = "HYPERION-TENC-V1/ENVELOPE"
	// MaxCiphertextBytes bounds the ciphertext (an Ethereum tx is at most 128 KiB in the pool).
	MaxCiphertextBytes = 128<<10 + 512
	// MaxGasLimit is the EIP-7825 per-tx cap, also applied to envelopes.
	MaxGasLimit = 16_777_216
	// BaseGas is the envelope gas before ciphertext bytes (covers the decryption work).
	BaseGas = 50_000
	// GasPerByte is charged per ciphertext byte.
	GasPerByte = 16
)

// Errors of envelope validation.
var (
	ErrMalformed    = errors.New("envelope: malformed")
	ErrSignature    = errors.New("envelope: invalid signature")
	ErrGasLimit     = errors.New("envelope: gas limit below intrinsic gas or above cap")
	ErrFeeCap       = errors.New("envelope: fee cap below base fee or tip above fee cap")
	ErrTooLarge     = errors.New("envelope: ciphertext too large")
	errFieldOverrun = errors.New("envelope: fee field longer than 32 bytes")
)

// IntrinsicGas is the least gas limit an envelope with ctLen ciphertext bytes may declare.
func IntrinsicGas(ctLen int) uint64 { return BaseGas + GasPerByte*uint64(ctLen) }

// SigningHash is keccak256(SigningTag ‖ chainID ‖ eon ‖ sender ‖ nonce ‖ salt ‖
// gas limit ‖ max fee (32) ‖ max tip (32) ‖ keccak256(ciphertext)): every field
// of the envelope but the signature.
func SigningHash(chainID uint64, e *htypes.EncryptedTx) (common.Hash, error) {
	fee, tip, err := FeeCaps(e)
	if err != nil {
		return common.Hash{}, err
	}
	if len(e.Sender) != common.AddressLength || len(e.Salt) != tenc.SaltSize {
		return common.Hash{}, fmt.Errorf("%w: sender or salt size", ErrMalformed)
	}
	buf := make([]byte, 0, 256)
	buf = append(buf, SigningTag...)
	buf = binary.BigEndian.AppendUint64(buf, chainID)
	buf = binary.BigEndian.AppendUint64(buf, e.Eon)
	buf = append(buf, e.Sender...)
	buf = binary.BigEndian.AppendUint64(buf, e.EnvelopeNonce)
	buf = append(buf, e.Salt...)
	buf = binary.BigEndian.AppendUint64(buf, e.GasLimit)
	fb, tb := fee.Bytes32(), tip.Bytes32()
	buf = append(append(buf, fb[:]...), tb[:]...)
	buf = append(buf, crypto.Keccak256(e.Ciphertext)...)
	return crypto.Keccak256Hash(buf), nil
}

// FeeCaps decodes the two big-endian fee fields.
func FeeCaps(e *htypes.EncryptedTx) (fee, tip *uint256.Int, err error) {
	if len(e.MaxFeePerGas) > 32 || len(e.MaxPriorityFeePerGas) > 32 {
		return nil, nil, errFieldOverrun
	}
	return new(uint256.Int).SetBytes(e.MaxFeePerGas), new(uint256.Int).SetBytes(e.MaxPriorityFeePerGas), nil
}

// Sign sets e.Sender to key's address and e.Signature to its signature.
func Sign(chainID uint64, e *htypes.EncryptedTx, key *ecdsa.PrivateKey) error {
	e.Sender = crypto.PubkeyToAddress(key.PublicKey).Bytes()
	h, err := SigningHash(chainID, e)
	if err != nil {
		return err
	}
	sig, err := crypto.Sign(h[:], key)
	if err != nil {
		return err
	}
	e.Signature = sig
	return nil
}

// Verify checks the stateless rules: sizes, gas limit bounds, a signature by
// the declared sender. It returns the sender.
func Verify(chainID uint64, e *htypes.EncryptedTx) (common.Address, error) {
	if len(e.Ciphertext) > MaxCiphertextBytes {
		return common.Address{}, ErrTooLarge
	}
	if e.GasLimit < IntrinsicGas(len(e.Ciphertext)) || e.GasLimit > MaxGasLimit {
		return common.Address{}, ErrGasLimit
	}
	fee, tip, err := FeeCaps(e)
	if err != nil {
		return common.Address{}, err
	}
	if tip.Cmp(fee) > 0 {
		return common.Address{}, ErrFeeCap
	}
	h, err := SigningHash(chainID, e)
	if err != nil {
		return common.Address{}, err
	}
	if len(e.Signature) != crypto.SignatureLength {
		return common.Address{}, ErrSignature
	}
	pub, err := crypto.SigToPub(h[:], e.Signature)
	if err != nil || crypto.PubkeyToAddress(*pub) != common.BytesToAddress(e.Sender) {
		return common.Address{}, ErrSignature
	}
	if _, err := tenc.CiphertextFromBytes(e.Ciphertext); err != nil {
		return common.Address{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return common.BytesToAddress(e.Sender), nil
}

// Hash names an envelope: keccak256(signing hash ‖ signature).
func Hash(chainID uint64, e *htypes.EncryptedTx) (common.Hash, error) {
	h, err := SigningHash(chainID, e)
	if err != nil {
		return common.Hash{}, err
	}
	return crypto.Keccak256Hash(h[:], e.Signature), nil
}

// Identity is the decryption identity of an envelope, from its public fields.
func Identity(chainID uint64, e *htypes.EncryptedTx) tenc.Identity {
	var salt [tenc.SaltSize]byte
	copy(salt[:], e.Salt)
	return tenc.ComputeIdentity(chainID, e.Eon, common.BytesToAddress(e.Sender), e.EnvelopeNonce, salt)
}

// Fee is what the envelope pays at inclusion: gas limit × min(fee cap, base
// fee + tip). It fails when the fee cap is below the base fee.
func Fee(e *htypes.EncryptedTx, baseFee *big.Int) (*uint256.Int, error) {
	fee, tip, err := FeeCaps(e)
	if err != nil {
		return nil, err
	}
	base, overflow := uint256.FromBig(baseFee)
	if overflow || fee.Cmp(base) < 0 {
		return nil, ErrFeeCap
	}
	price := new(uint256.Int).Add(base, tip)
	if price.Cmp(fee) > 0 {
		price = fee
	}
	total, overflow := new(uint256.Int).MulOverflow(price, uint256.NewInt(e.GasLimit))
	if overflow {
		return nil, ErrFeeCap
	}
	return total, nil
}
