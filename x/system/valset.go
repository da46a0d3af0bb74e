package system

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	cmtcrypto "github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/crypto/ed25519"
)

// Validator is one member of the consensus set as stored in application state.
type Validator struct {
	// Address is CometBFT's 20-byte validator address (truncated SHA-256 of the key).
	Address []byte `json:"address"`
	// PubKey is the 32-byte ed25519 consensus key.
	PubKey []byte `json:"pub_key"`
	// Power is the voting power.
	Power int64 `json:"power"`
}

// ValidatorSet is the consensus set, sorted by address.
type ValidatorSet struct {
	Validators []Validator `json:"validators"`
}

// Errors of validator-set handling.
var (
	ErrUnknownValidator = errors.New("unknown validator")
	ErrBadPubKey        = errors.New("invalid validator public key")
)

// NewValidatorSet validates and sorts the members.
func NewValidatorSet(vals []Validator) (ValidatorSet, error) {
	out := make([]Validator, len(vals))
	copy(out, vals)
	sort.Slice(out, func(i, j int) bool { return bytes.Compare(out[i].Address, out[j].Address) < 0 })
	for i, v := range out {
		if len(v.PubKey) != ed25519.PubKeySize {
			return ValidatorSet{}, fmt.Errorf("%w: %d bytes", ErrBadPubKey, len(v.PubKey))
		}
		if !bytes.Equal(ed25519.PubKey(v.PubKey).Address(), v.Address) {
			return ValidatorSet{}, fmt.Errorf("%w: address does not match key", ErrBadPubKey)
		}
		if v.Power <= 0 {
			return ValidatorSet{}, fmt.Errorf("validator %X: power %d must be positive", v.Address, v.Power)
		}
		if i > 0 && bytes.Equal(out[i-1].Address, v.Address) {
			return ValidatorSet{}, fmt.Errorf("validator %X listed twice", v.Address)
		}
	}
	return ValidatorSet{Validators: out}, nil
}

// TotalPower sums the members' power.
func (s ValidatorSet) TotalPower() int64 {
	var total int64
	for _, v := range s.Validators {
		total += v.Power
	}
	return total
}

// Find returns the member with the address.
func (s ValidatorSet) Find(addr []byte) (Validator, error) {
	i := sort.Search(len(s.Validators), func(i int) bool {
		return bytes.Compare(s.Validators[i].Address, addr) >= 0
	})
	if i < len(s.Validators) && bytes.Equal(s.Validators[i].Address, addr) {
		return s.Validators[i], nil
	}
	return Validator{}, fmt.Errorf("%w: %X", ErrUnknownValidator, addr)
}

// PubKeyOf returns the member's consensus key as a CometBFT key.
func (v Validator) PubKeyOf() cmtcrypto.PubKey { return ed25519.PubKey(v.PubKey) }

// Encode is the state encoding of the set (JSON of sorted slices: deterministic).
func (s ValidatorSet) Encode() []byte {
	bz, err := json.Marshal(s)
	if err != nil {
		panic(fmt.Sprintf("system: encode validator set: %v", err))
	}
	return bz
}

// DecodeValidatorSet decodes the state encoding.
func DecodeValidatorSet(bz []byte) (ValidatorSet, error) {
	var s ValidatorSet
	if err := json.Unmarshal(bz, &s); err != nil {
		return s, fmt.Errorf("system: decode validator set: %w", err)
	}
	return NewValidatorSet(s.Validators)
}
