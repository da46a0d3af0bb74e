package jsonrpc

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/hyperion-rollup/hyperion/x/evm"
)

// errCodeReverted is the JSON-RPC error code of an execution revert (EIP-1474 / geth).
const errCodeReverted = 3

// Errors of call arguments, with go-ethereum's wording.
var (
	errDataInputMismatch = errors.New(`both "data" and "input" are set and not equal. Please use "input" to pass transaction call data`)
)

// callArgs are the transaction fields of eth_call and eth_estimateGas, as go-ethereum's
// TransactionArgs (blob fields are not accepted: the chain has no blob transactions).
type callArgs struct {
	From                 *common.Address              `json:"from"`
	To                   *common.Address              `json:"to"`
	Gas                  *hexutil.Uint64              `json:"gas"`
	GasPrice             *hexutil.Big                 `json:"gasPrice"`
	MaxFeePerGas         *hexutil.Big                 `json:"maxFeePerGas"`
	MaxPriorityFeePerGas *hexutil.Big                 `json:"maxPriorityFeePerGas"`
	Value                *hexutil.Big                 `json:"value"`
	Nonce                *hexutil.Uint64              `json:"nonce"`
	Data                 *hexutil.Bytes               `json:"data"`
	Input                *hexutil.Bytes               `json:"input"`
	AccessList           *types.AccessList            `json:"accessList"`
	AuthorizationList    []types.SetCodeAuthorization `json:"authorizationList"`
	ChainID              *hexutil.Big                 `json:"chainId"`
}

// overrideAccount is one account of a state override (go-ethereum's OverrideAccount).
type overrideAccount struct {
	Nonce     *hexutil.Uint64             `json:"nonce"`
	Code      *hexutil.Bytes              `json:"code"`
	Balance   *hexutil.Big                `json:"balance"`
	State     map[common.Hash]common.Hash `json:"state"`
	StateDiff map[common.Hash]common.Hash `json:"stateDiff"`
}

// stateOverride is the state override parameter of eth_call and eth_estimateGas.
type stateOverride map[common.Address]overrideAccount

// blockOverrides is the block override parameter (go-ethereum's BlockOverrides subset).
type blockOverrides struct {
	Number        *hexutil.Big    `json:"number"`
	Time          *hexutil.Uint64 `json:"time"`
	GasLimit      *hexutil.Uint64 `json:"gasLimit"`
	FeeRecipient  *common.Address `json:"feeRecipient"`
	PrevRandao    *common.Hash    `json:"prevRandao"`
	BaseFeePerGas *hexutil.Big    `json:"baseFeePerGas"`
}

// revertError is a revert answered as go-ethereum does: code 3, message
// "execution reverted[: reason]", data the hex revert data.
type revertError struct {
	error
	data string
}

// ErrorCode returns 3.
func (e *revertError) ErrorCode() int { return errCodeReverted }

// ErrorData returns the hex-encoded revert data.
func (e *revertError) ErrorData() any { return e.data }

// newRevertError decodes an Error(string) reason from revert data when there is one.
func newRevertError(revert []byte) *revertError {
	err := vm.ErrExecutionReverted
	if reason, unpackErr := abi.UnpackRevert(revert); unpackErr == nil {
		err = fmt.Errorf("%w: %v", vm.ErrExecutionReverted, reason)
	}
	return &revertError{error: err, data: hexutil.Encode(revert)}
}

// Call executes a message on the state of a block without creating a transaction
// (eth_call). A revert answers error code 3 with the revert data.
func (api *ethAPI) Call(ctx context.Context, args callArgs, blockNrOrHash *rpc.BlockNumberOrHash,
	overrides *stateOverride, blockOverrides *blockOverrides) (hexutil.Bytes, error) {
	req, err := api.callRequest(args, blockNrOrHash, overrides, blockOverrides)
	if err != nil {
		return nil, err
	}
	res, err := api.backend.Call(ctx, req)
	if err != nil {
		return nil, err
	}
	if res.Reverted() {
		return nil, newRevertError(res.ReturnData)
	}
	if res.Err != nil {
		return nil, res.Err
	}
	return res.ReturnData, nil
}

// EstimateGas returns the least gas limit (within 1.5%) with which the message
// succeeds on the state of a block (eth_estimateGas).
func (api *ethAPI) EstimateGas(ctx context.Context, args callArgs, blockNrOrHash *rpc.BlockNumberOrHash,
	overrides *stateOverride, blockOverrides *blockOverrides) (hexutil.Uint64, error) {
	req, err := api.callRequest(args, blockNrOrHash, overrides, blockOverrides)
	if err != nil {
		return 0, err
	}
	gas, revert, err := api.backend.EstimateGas(ctx, req)
	if errors.Is(err, vm.ErrExecutionReverted) {
		return 0, newRevertError(revert)
	}
	return hexutil.Uint64(gas), err
}

// callRequest resolves the block and converts the parameters for the backend.
func (api *ethAPI) callRequest(args callArgs, blockNrOrHash *rpc.BlockNumberOrHash,
	overrides *stateOverride, blockOverrides *blockOverrides) (*CallRequest, error) {
	msg, err := args.toCallMsg(api.backend.ChainID())
	if err != nil {
		return nil, err
	}
	bo, err := blockOverrides.toEVM()
	if err != nil {
		return nil, err
	}
	head, err := api.headerByNumberOrHash(blockNrOrHash)
	if err != nil {
		return nil, err
	}
	return &CallRequest{Block: head.Number.Uint64(), Msg: msg, Overrides: overrides.toEVM(), BlockOverrides: bo}, nil
}

// toCallMsg checks the arguments as go-ethereum's CallDefaults does and converts them.
func (args *callArgs) toCallMsg(chainID *big.Int) (evm.CallMsg, error) {
	if args.ChainID != nil && args.ChainID.ToInt().Cmp(chainID) != 0 {
		return evm.CallMsg{}, fmt.Errorf("chainId does not match node's (have=%v, want=%v)", args.ChainID.ToInt(), chainID)
	}
	if args.Data != nil && args.Input != nil && string(*args.Data) != string(*args.Input) {
		return evm.CallMsg{}, errDataInputMismatch
	}
	msg := evm.CallMsg{
		To: args.To, GasPrice: args.GasPrice.ToInt(), GasFeeCap: args.MaxFeePerGas.ToInt(),
		GasTipCap: args.MaxPriorityFeePerGas.ToInt(), Value: args.Value.ToInt(), AuthList: args.AuthorizationList,
	}
	if args.From != nil {
		msg.From = *args.From
	}
	if args.Gas != nil {
		msg.Gas = uint64(*args.Gas)
	}
	if args.Nonce != nil {
		msg.Nonce = uint64(*args.Nonce)
	}
	if args.Input != nil {
		msg.Data = *args.Input
	} else if args.Data != nil {
		msg.Data = *args.Data
	}
	if args.AccessList != nil {
		msg.AccessList = *args.AccessList
	}
	return msg, nil
}

// toEVM converts the override; nil stays nil.
func (o *stateOverride) toEVM() evm.StateOverride {
	if o == nil {
		return nil
	}
	out := make(evm.StateOverride, len(*o))
	for addr, acc := range *o {
		conv := evm.AccountOverride{Balance: acc.Balance.ToInt(), State: acc.State, StateDiff: acc.StateDiff}
		if acc.Nonce != nil {
			nonce := uint64(*acc.Nonce)
			conv.Nonce = &nonce
		}
		if acc.Code != nil {
			conv.Code = append([]byte{}, *acc.Code...)
		}
		out[addr] = conv
	}
	return out
}

// toEVM converts the block override; nil stays nil.
func (o *blockOverrides) toEVM() (*evm.BlockOverrides, error) {
	if o == nil {
		return nil, nil
	}
	out := &evm.BlockOverrides{
		Time: (*uint64)(o.Time), GasLimit: (*uint64)(o.GasLimit), Coinbase: o.FeeRecipient,
		PrevRandao: o.PrevRandao, BaseFee: o.BaseFeePerGas.ToInt(),
	}
	if o.Number != nil {
		if !o.Number.ToInt().IsUint64() {
			return nil, &invalidParamsError{fmt.Sprintf("block number override out of range: %v", o.Number.ToInt())}
		}
		n := o.Number.ToInt().Uint64()
		out.Number = &n
	}
	return out, nil
}

// pendingTx renders a mempool transaction the way go-ethereum renders a pending one:
// no block hash, number, timestamp or index; the price is the one it would pay in
// the next block.
func (api *ethAPI) pendingTx(hash common.Hash) (*rpcTransaction, error) {
	tx := api.backend.PoolTx(hash)
	if tx == nil {
		return nil, nil
	}
	return api.pendingTxObject(tx)
}

// pendingTxObject renders a pool transaction without block fields.
func (api *ethAPI) pendingTxObject(tx *types.Transaction) (*rpcTransaction, error) {
	baseFee, err := api.nextBaseFee()
	if err != nil {
		return nil, err
	}
	pending := &types.Header{Number: new(big.Int), BaseFee: baseFee}
	out := newRPCTransaction(tx, pending, 0, api.signer)
	out.BlockHash, out.BlockNumber, out.BlockTimestamp, out.TransactionIndex = nil, nil, nil, nil
	return out, nil
}
