package jsonrpc

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"
)

// stateAt returns the state after the block named by blockNrOrHash (latest when omitted).
func (api *ethAPI) stateAt(blockNrOrHash *rpc.BlockNumberOrHash) (StateView, error) {
	head, err := api.headerByNumberOrHash(blockNrOrHash)
	if err != nil {
		return nil, err
	}
	return api.backend.StateAt(head.Number.Uint64())
}

// GetBalance returns the balance of address at a block (eth_getBalance).
func (api *ethAPI) GetBalance(address common.Address, blockNrOrHash *rpc.BlockNumberOrHash) (*hexutil.Big, error) {
	state, err := api.stateAt(blockNrOrHash)
	if err != nil {
		return nil, err
	}
	balance, err := state.Balance(address)
	if err != nil {
		return nil, err
	}
	return (*hexutil.Big)(new(big.Int).Set(balance)), nil
}

// GetTransactionCount returns the nonce of address at a block; for the pending tag it
// counts the mempool's transactions too (eth_getTransactionCount).
func (api *ethAPI) GetTransactionCount(address common.Address, blockNrOrHash *rpc.BlockNumberOrHash) (*hexutil.Uint64, error) {
	if blockNrOrHash != nil {
		if number, ok := blockNrOrHash.Number(); ok && number == rpc.PendingBlockNumber {
			nonce := hexutil.Uint64(api.backend.PendingNonce(address))
			return &nonce, nil
		}
	}
	state, err := api.stateAt(blockNrOrHash)
	if err != nil {
		return nil, err
	}
	nonce, err := state.Nonce(address)
	if err != nil {
		return nil, err
	}
	return (*hexutil.Uint64)(&nonce), nil
}

// GetCode returns the code of address at a block (eth_getCode).
func (api *ethAPI) GetCode(address common.Address, blockNrOrHash *rpc.BlockNumberOrHash) (hexutil.Bytes, error) {
	state, err := api.stateAt(blockNrOrHash)
	if err != nil {
		return nil, err
	}
	code, err := state.Code(address)
	if err != nil {
		return nil, err
	}
	return hexutil.Bytes(code), nil
}

// GetStorageAt returns a storage slot of address at a block (eth_getStorageAt). The key
// may be shorter than 32 bytes and have an odd number of hex digits, as in go-ethereum.
func (api *ethAPI) GetStorageAt(address common.Address, hexKey string, blockNrOrHash *rpc.BlockNumberOrHash) (hexutil.Bytes, error) {
	state, err := api.stateAt(blockNrOrHash)
	if err != nil {
		return nil, err
	}
	key, err := decodeStorageKey(hexKey)
	if err != nil {
		return nil, &invalidParamsError{fmt.Sprintf("%v: %q", err, hexKey)}
	}
	value, err := state.Storage(address, key)
	if err != nil {
		return nil, err
	}
	return value[:], nil
}

// decodeStorageKey parses a hex storage key of at most 32 bytes, with or without 0x.
func decodeStorageKey(s string) (common.Hash, error) {
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		s = s[2:]
	}
	if len(s)%2 == 1 {
		s = "0" + s
	}
	if len(s) > 2*common.HashLength {
		return common.Hash{}, fmt.Errorf("storage key too long (want at most %d bytes)", common.HashLength)
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return common.Hash{}, errors.New("invalid hex in storage key")
	}
	return common.BytesToHash(b), nil
}
