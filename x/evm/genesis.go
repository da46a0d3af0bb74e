package evm

import (
	"bytes"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/store"
)

// GenesisAlloc is one account of the genesis state.
type GenesisAlloc struct {
	Address common.Address
	Balance *uint256.Int
	Nonce   uint64
	Code    []byte
	Storage map[common.Hash]common.Hash
}

// emptyReader is a store with nothing in it.
type emptyReader struct{}

func (emptyReader) Get([]byte) ([]byte, error) { return nil, nil }

// GenesisChanges returns the state writes of the genesis allocation, sorted
// by key. It always installs the EIP-2935 block-hash history contract. An
// account left empty (no balance, nonce or code) is not created (EIP-161).
func GenesisChanges(alloc []GenesisAlloc) []store.Change {
	s := NewStateDB(emptyReader{})
	history := GenesisAlloc{Address: params.HistoryStorageAddress, Nonce: 1, Code: params.HistoryStorageCode}
	for _, a := range append([]GenesisAlloc{history}, alloc...) {
		s.CreateAccount(a.Address)
		if a.Balance != nil {
			s.SetBalance(a.Address, a.Balance)
		}
		s.SetNonce(a.Address, a.Nonce, tracing.NonceChangeGenesis)
		if len(a.Code) > 0 {
			s.SetCode(a.Address, a.Code, tracing.CodeChangeGenesis)
		}
		slots := make([]common.Hash, 0, len(a.Storage))
		for k := range a.Storage {
			slots = append(slots, k)
		}
		slices.SortFunc(slots, func(x, y common.Hash) int { return bytes.Compare(x[:], y[:]) })
		for _, k := range slots {
			s.SetState(a.Address, k, a.Storage[k])
		}
	}
	s.Finalise(ChainConfig(1).Rules(common.Big0, true, 0))
	changes, err := s.Changes()
	if err != nil {
		// The empty reader never fails; an error here is a bug.
		panic(err)
	}
	return changes
}
