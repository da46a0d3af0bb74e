package inference

import (
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"

	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
)

// The registry is consensus state: the storage of the account at
// PrecompileAddress (nonce 1 from genesis, so EIP-161 never deletes it).
//
//	slot 0: bytes32[] ids (registration order)
//	slot 1: mapping(bytes32 => uint256[4]) size, gasBase, gasPerPosition, macsPerGas
var (
	slotIDs     = solstore.Slot(0)
	slotEntries = solstore.Slot(1)
)

// MaxRegisteredModels bounds the registry.
const MaxRegisteredModels = 64

// Governance parameter keys of module "inference".
const (
	GovModule      = "inference"
	GovKeyRegister = "register"
	GovKeyRemove   = "remove"
)

// Registry-state errors.
var (
	ErrRegistryFull      = errors.New("inference: registry full")
	ErrAlreadyRegistered = errors.New("inference: model already registered")
	ErrBadRegistration   = errors.New("inference: malformed registration")
)

// registrationArgs is the ABI of a governance registration value:
// (bytes32 id, uint64 size, uint64 gasBase, uint64 gasPerPosition, uint64 macsPerGas).
var registrationArgs = func() abi.Arguments {
	b32, _ := abi.NewType("bytes32", "", nil)
	u64, _ := abi.NewType("uint64", "", nil)
	return abi.Arguments{{Type: b32}, {Type: u64}, {Type: u64}, {Type: u64}, {Type: u64}}
}()

// EncodeRegistration ABI-encodes e as the value of a governance
// `inference/register` (or `inference/remove`) parameter change.
func EncodeRegistration(e RegistryEntry) []byte {
	out, _ := registrationArgs.Pack([32]byte(e.ID), e.Size, e.Gas.Base, e.Gas.PerPosition, e.Gas.MACsPerGas)
	return out
}

// DecodeRegistration decodes a governance registration value.
func DecodeRegistration(value []byte) (RegistryEntry, error) {
	if len(value) != 5*32 {
		return RegistryEntry{}, fmt.Errorf("%w: %d bytes, want 160", ErrBadRegistration, len(value))
	}
	v, err := registrationArgs.Unpack(value)
	if err != nil {
		return RegistryEntry{}, fmt.Errorf("%w: %v", ErrBadRegistration, err)
	}
	return RegistryEntry{ID: ID(v[0].([32]byte)), Size: v[1].(uint64),
		Gas: GasParams{Base: v[2].(uint64), PerPosition: v[3].(uint64), MACsPerGas: v[4].(uint64)}}, nil
}

// RegistryState is the registry in consensus state.
type RegistryState struct{ st solstore.Store }

// NewRegistryState opens the registry in db.
func NewRegistryState(db solstore.State) RegistryState {
	return RegistryState{st: solstore.New(db, PrecompileAddress)}
}

// Entries returns the registered models in registration order.
func (r RegistryState) Entries() []RegistryEntry {
	ids := r.st.WordArray(slotIDs, MaxRegisteredModels)
	out := make([]RegistryEntry, len(ids))
	for i, id := range ids {
		v := r.st.Uints(solstore.MapSlot(slotEntries, id), 4)
		out[i] = RegistryEntry{ID: ID(id), Size: v[0].Uint64(),
			Gas: GasParams{Base: v[1].Uint64(), PerPosition: v[2].Uint64(), MACsPerGas: v[3].Uint64()}}
	}
	return out
}

// Register adds a validated entry.
func (r RegistryState) Register(e RegistryEntry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	ids := r.st.WordArray(slotIDs, MaxRegisteredModels)
	for _, id := range ids {
		if id == common.Hash(e.ID) {
			return fmt.Errorf("%w: %x", ErrAlreadyRegistered, e.ID)
		}
	}
	if len(ids) >= MaxRegisteredModels {
		return fmt.Errorf("%w: %d models", ErrRegistryFull, len(ids))
	}
	r.st.SetWordArray(slotIDs, append(ids, common.Hash(e.ID)))
	r.writeEntry(e)
	return nil
}

// Remove deregisters a model.
func (r RegistryState) Remove(id ID) error {
	ids := r.st.WordArray(slotIDs, MaxRegisteredModels)
	for i, have := range ids {
		if have == common.Hash(id) {
			r.st.SetWordArray(slotIDs, append(ids[:i:i], ids[i+1:]...))
			r.writeEntry(RegistryEntry{ID: id})
			return nil
		}
	}
	return fmt.Errorf("%w: %x", ErrModelNotFound, id)
}

func (r RegistryState) writeEntry(e RegistryEntry) {
	first := solstore.MapSlot(slotEntries, common.Hash(e.ID))
	for i, v := range []uint64{e.Size, e.Gas.Base, e.Gas.PerPosition, e.Gas.MACsPerGas} {
		r.st.SetUint64(solstore.Offset(first, uint64(i)), v)
	}
}

// ApplyGovChange applies a passed governance parameter change of module
// GovModule: key GovKeyRegister adds the entry in value, GovKeyRemove removes
// the model whose id value carries (same encoding; only the id is read). The
// new registry takes effect from the next block.
func ApplyGovChange(db solstore.State, key string, value []byte) error {
	e, err := DecodeRegistration(value)
	if err != nil {
		return err
	}
	r := NewRegistryState(db)
	switch key {
	case GovKeyRegister:
		return r.Register(e)
	case GovKeyRemove:
		return r.Remove(e.ID)
	}
	return fmt.Errorf("%w: unknown key %q", ErrBadRegistration, key)
}
