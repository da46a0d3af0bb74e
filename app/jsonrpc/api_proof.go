package jsonrpc

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"
)

// maxProofSlots bounds the storage keys of one eth_getProof request.
const maxProofSlots = 1024

// errNotSupported answers a method whose backend capability is missing.
var errNotSupported = errors.New("method not supported by this node")

// storageResult is one proven storage slot of eth_getProof.
type storageResult struct {
	Key   string          `json:"key"`
	Value *hexutil.Big    `json:"value"`
	Proof []hexutil.Bytes `json:"proof"`
}

// accountResult is eth_getProof's answer, in go-ethereum's shape. The proofs are IAVL
// ICS23 proofs, not Merkle-Patricia nodes: accountProof and each storage proof hold
// one element, the protobuf-encoded ICS23 CommitmentProof, and storageHash is the
// block's state root, which every proof verifies against (docs/JSONRPC.md).
type accountResult struct {
	Address      common.Address  `json:"address"`
	AccountProof []hexutil.Bytes `json:"accountProof"`
	Balance      *hexutil.Big    `json:"balance"`
	CodeHash     common.Hash     `json:"codeHash"`
	Nonce        hexutil.Uint64  `json:"nonce"`
	StorageHash  common.Hash     `json:"storageHash"`
	StorageProof []storageResult `json:"storageProof"`
}

// GetProof returns an account and some of its storage slots with IAVL proofs against
// the block's state root (eth_getProof).
func (api *ethAPI) GetProof(address common.Address, storageKeys []string, blockNrOrHash rpc.BlockNumberOrHash) (*accountResult, error) {
	prover, ok := api.backend.(ProofBackend)
	if !ok {
		return nil, errNotSupported
	}
	if len(storageKeys) > maxProofSlots {
		return nil, &invalidParamsError{fmt.Sprintf("too many storage keys: %d (the cap is %d)", len(storageKeys), maxProofSlots)}
	}
	slots := make([]common.Hash, len(storageKeys))
	for i, k := range storageKeys {
		slot, err := decodeStorageKey(k)
		if err != nil {
			return nil, &invalidParamsError{fmt.Sprintf("%v: %q", err, k)}
		}
		slots[i] = slot
	}
	head, err := api.headerByNumberOrHash(&blockNrOrHash)
	if err != nil {
		return nil, err
	}
	state, err := api.backend.StateAt(head.Number.Uint64())
	if err != nil {
		return nil, err
	}
	proof, err := prover.Proof(head.Number.Uint64(), address, slots)
	if err != nil {
		return nil, err
	}
	return buildAccountResult(state, address, storageKeys, slots, proof)
}

// buildAccountResult reads the account fields and pairs each slot with its proof.
func buildAccountResult(state StateView, address common.Address, keys []string, slots []common.Hash, proof *StateProof) (*accountResult, error) {
	if len(proof.StorageProof) != len(slots) {
		return nil, fmt.Errorf("proof has %d storage proofs for %d keys", len(proof.StorageProof), len(slots))
	}
	balance, err := state.Balance(address)
	if err != nil {
		return nil, err
	}
	nonce, err := state.Nonce(address)
	if err != nil {
		return nil, err
	}
	code, err := state.Code(address)
	if err != nil {
		return nil, err
	}
	codeHash := types.EmptyCodeHash
	if len(code) > 0 {
		codeHash = crypto.Keccak256Hash(code)
	}
	res := &accountResult{
		Address: address, AccountProof: []hexutil.Bytes{proof.AccountProof},
		Balance: (*hexutil.Big)(new(big.Int).Set(balance)), CodeHash: codeHash, Nonce: hexutil.Uint64(nonce),
		StorageHash: proof.Root, StorageProof: make([]storageResult, len(slots)),
	}
	for i, slot := range slots {
		value, err := state.Storage(address, slot)
		if err != nil {
			return nil, err
		}
		res.StorageProof[i] = storageResult{Key: keys[i], Value: (*hexutil.Big)(value.Big()),
			Proof: []hexutil.Bytes{proof.StorageProof[i]}}
	}
	return res, nil
}

// accessListResult is eth_createAccessList's answer.
type accessListResult struct {
	Accesslist *types.AccessList `json:"accessList"`
	Error      string            `json:"error,omitempty"`
	GasUsed    hexutil.Uint64    `json:"gasUsed"`
}

// CreateAccessList returns the addresses and storage slots a message touches (sender,
// recipient and precompiles excluded) and the gas it uses with that list; an EVM
// failure is reported in the error field, as go-ethereum does (eth_createAccessList).
func (api *ethAPI) CreateAccessList(ctx context.Context, args callArgs, blockNrOrHash *rpc.BlockNumberOrHash,
	overrides *stateOverride) (*accessListResult, error) {
	builder, ok := api.backend.(AccessListBackend)
	if !ok {
		return nil, errNotSupported
	}
	req, err := api.callRequest(args, blockNrOrHash, overrides, nil)
	if err != nil {
		return nil, err
	}
	list, res, err := builder.CreateAccessList(ctx, req)
	if err != nil {
		return nil, err
	}
	out := &accessListResult{Accesslist: &list, GasUsed: hexutil.Uint64(res.UsedGas)}
	if res.Err != nil {
		out.Error = res.Err.Error()
		if res.Reverted() {
			out.Error = newRevertError(res.ReturnData).Error()
		}
	}
	return out, nil
}
