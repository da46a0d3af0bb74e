package evm

import (
	"context"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
)

// ErrTraceAborted is returned when a traced execution is stopped by its
// context (timeout or cancellation) before it ends.
var ErrTraceAborted = errors.New("execution aborted")

// TraceTx applies tx as the next transaction of the block, exactly as ApplyTx
// does, with hooks installed for this transaction only: the EVM's tracer, the
// state-change hooks (balance, nonce, code, storage, logs) and OnTxStart /
// OnTxEnd around it, as go-ethereum's ApplyTransactionWithEVM calls them.
// The EVM is cancelled when ctx ends; the builder must not be used after a
// cancelled trace (ErrTraceAborted).
func (b *BlockBuilder) TraceTx(ctx context.Context, tx *types.Transaction, hooks *tracing.Hooks) (*types.Receipt, error) {
	if hooks == nil {
		return b.ApplyTx(tx)
	}
	from, err := types.Sender(b.signer, tx)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidSender, err)
	}
	stop := context.AfterFunc(ctx, b.evm.Cancel)
	defer stop()
	plain := b.evm.StateDB
	b.evm.StateDB = &hookedState{StateDB: b.state, hooks: hooks}
	b.evm.Config.Tracer = hooks
	defer func() { b.evm.StateDB, b.evm.Config.Tracer = plain, nil }()
	if hooks.OnTxStart != nil {
		hooks.OnTxStart(b.evm.GetVMContext(), tx, from)
	}
	receipt, err := b.ApplyTx(tx)
	if err == nil && b.evm.Cancelled() {
		err = fmt.Errorf("%w: %w", ErrTraceAborted, context.Cause(ctx))
	}
	if hooks.OnTxEnd != nil {
		hooks.OnTxEnd(receipt, err)
	}
	return receipt, err
}

// TraceCall executes msg in env like Call, with hooks installed as TraceTx
// installs them. The transaction handed to OnTxStart is the legacy
// transaction go-ethereum's debug_traceCall builds from the message.
func TraceCall(ctx context.Context, env CallEnv, msg CallMsg, hooks *tracing.Hooks) (*CallResult, error) {
	prepared, err := prepareCall(env, msg)
	if err != nil {
		return nil, err
	}
	return prepared.runHooked(ctx, prepared.gasLimit(msg.Gas), hooks)
}

// runHooked runs the prepared message once with hooks on the state and the EVM.
func (c *preparedCall) runHooked(ctx context.Context, gas uint64, hooks *tracing.Hooks) (*CallResult, error) {
	if hooks == nil {
		hooks = new(tracing.Hooks)
	}
	inner := c.newState()
	msg := *c.msg
	msg.GasLimit = gas
	evm := vm.NewEVM(c.bctx, &hookedState{StateDB: inner, hooks: hooks}, c.env.Config, vm.Config{NoBaseFee: true, Tracer: hooks})
	defer evm.Release()
	if err := installPrecompiles(evm, c.env.Config.Rules(c.bctx.BlockNumber, true, c.bctx.Time), c.env.Block.Precompiles); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.env.Timeout)
	defer cancel()
	stop := context.AfterFunc(ctx, evm.Cancel)
	defer stop()
	tx := callTransaction(&msg)
	if hooks.OnTxStart != nil {
		hooks.OnTxStart(evm.GetVMContext(), tx, msg.From)
	}
	res, err := core.ApplyMessage(evm, &msg, core.NewGasPool(gas))
	if err == nil {
		err = inner.Error()
	}
	if err == nil && evm.Cancelled() {
		err = fmt.Errorf("%w (timeout = %v)", ErrTraceAborted, c.env.Timeout)
	}
	var receipt *types.Receipt
	if err == nil {
		inner.Finalise(evm.GetRules())
		receipt = &types.Receipt{TxHash: tx.Hash(), GasUsed: res.UsedGas, Status: types.ReceiptStatusSuccessful}
		if res.Failed() {
			receipt.Status = types.ReceiptStatusFailed
		}
	}
	if hooks.OnTxEnd != nil {
		hooks.OnTxEnd(receipt, err)
	}
	if err != nil {
		return nil, err
	}
	return &CallResult{UsedGas: res.UsedGas, MaxUsedGas: res.MaxUsedGas, ReturnData: res.ReturnData, Err: res.Err}, nil
}

// callTransaction is the unsigned legacy transaction of a simulated message.
func callTransaction(msg *core.Message) *types.Transaction {
	return types.NewTx(&types.LegacyTx{
		Nonce: msg.Nonce, To: msg.To, Gas: msg.GasLimit, GasPrice: msg.GasPrice.ToBig(),
		Value: msg.Value.ToBig(), Data: msg.Data,
	})
}

// hookedState is the StateDB with go-ethereum's state-change tracing hooks
// (as core/state's hooked state does for its own StateDB).
type hookedState struct {
	*StateDB
	hooks *tracing.Hooks
}

// SubBalance implements vm.StateDB.
func (s *hookedState) SubBalance(addr common.Address, amount *uint256.Int, reason tracing.BalanceChangeReason) uint256.Int {
	prev := s.StateDB.SubBalance(addr, amount, reason)
	s.balanceChanged(addr, &prev, reason)
	return prev
}

// AddBalance implements vm.StateDB.
func (s *hookedState) AddBalance(addr common.Address, amount *uint256.Int, reason tracing.BalanceChangeReason) uint256.Int {
	prev := s.StateDB.AddBalance(addr, amount, reason)
	s.balanceChanged(addr, &prev, reason)
	return prev
}

func (s *hookedState) balanceChanged(addr common.Address, prev *uint256.Int, reason tracing.BalanceChangeReason) {
	if s.hooks.OnBalanceChange == nil {
		return
	}
	now := s.StateDB.GetBalance(addr)
	if !now.Eq(prev) {
		s.hooks.OnBalanceChange(addr, prev.ToBig(), now.ToBig(), reason)
	}
}

// SetNonce implements vm.StateDB.
func (s *hookedState) SetNonce(addr common.Address, nonce uint64, reason tracing.NonceChangeReason) {
	prev := s.StateDB.GetNonce(addr)
	s.StateDB.SetNonce(addr, nonce, reason)
	if s.hooks.OnNonceChangeV2 != nil {
		s.hooks.OnNonceChangeV2(addr, prev, nonce, reason)
	} else if s.hooks.OnNonceChange != nil {
		s.hooks.OnNonceChange(addr, prev, nonce)
	}
}

// SetCode implements vm.StateDB.
func (s *hookedState) SetCode(addr common.Address, code []byte, reason tracing.CodeChangeReason) []byte {
	prev := s.StateDB.SetCode(addr, code, reason)
	if s.hooks.OnCodeChangeV2 == nil && s.hooks.OnCodeChange == nil {
		return prev
	}
	prevHash, codeHash := crypto.Keccak256Hash(prev), crypto.Keccak256Hash(code)
	if prevHash == codeHash {
		return prev
	}
	if s.hooks.OnCodeChangeV2 != nil {
		s.hooks.OnCodeChangeV2(addr, prevHash, prev, codeHash, code, reason)
	} else {
		s.hooks.OnCodeChange(addr, prevHash, prev, codeHash, code)
	}
	return prev
}

// SetState implements vm.StateDB.
func (s *hookedState) SetState(addr common.Address, key, value common.Hash) common.Hash {
	prev := s.StateDB.SetState(addr, key, value)
	if s.hooks.OnStorageChange != nil && prev != value {
		s.hooks.OnStorageChange(addr, key, prev, value)
	}
	return prev
}

// SelfDestruct implements vm.StateDB: the balance is cleared as a traced change.
func (s *hookedState) SelfDestruct(addr common.Address) {
	prev := *s.StateDB.GetBalance(addr)
	s.StateDB.SelfDestruct(addr)
	s.balanceChanged(addr, &prev, tracing.BalanceDecreaseSelfdestruct)
}

// AddLog implements vm.StateDB.
func (s *hookedState) AddLog(l *types.Log) {
	s.StateDB.AddLog(l)
	if s.hooks.OnLog != nil {
		s.hooks.OnLog(l)
	}
}
