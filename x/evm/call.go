package evm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/store"
)

// Limits of simulated calls (eth_call, eth_estimateGas), go-ethereum's defaults.
const (
	// DefaultCallGasCap is the most gas one simulated call may use (geth's RPCGasCap).
	DefaultCallGasCap uint64 = 50_000_000
	// DefaultCallTimeout aborts a simulated call running longer (geth's RPCEVMTimeout).
	DefaultCallTimeout = 5 * time.Second
	// MaxOverrideAccounts bounds the accounts one state override may name.
	MaxOverrideAccounts = 1024
	// MaxOverrideSlots bounds the storage slots one state override may set, over all accounts.
	MaxOverrideSlots = 16384
)

// Sentinel errors of simulated calls.
var (
	// ErrOverrideBothStates is returned for an account override with both state and stateDiff.
	ErrOverrideBothStates = errors.New("has both 'state' and 'stateDiff'")
	// ErrOverrideTooLarge is returned for a state override above MaxOverrideAccounts or MaxOverrideSlots.
	ErrOverrideTooLarge = errors.New("state override too large")
	// ErrFeeFieldsMixed is returned when gasPrice comes with EIP-1559 fee fields.
	ErrFeeFieldsMixed = errors.New("both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified")
)

// CallMsg is a message to simulate: an unsigned transaction whose checks of nonce,
// sender code and fee payment are relaxed as in go-ethereum's eth_call.
type CallMsg struct {
	From       common.Address
	To         *common.Address // nil creates a contract
	Gas        uint64          // 0 means the gas cap
	GasPrice   *big.Int        // legacy price; excludes GasFeeCap/GasTipCap
	GasFeeCap  *big.Int
	GasTipCap  *big.Int
	Value      *big.Int
	Nonce      uint64
	Data       []byte
	AccessList types.AccessList
	AuthList   []types.SetCodeAuthorization
}

// AccountOverride replaces parts of one account for a simulated call. State
// replaces the whole storage; StateDiff changes only the slots it names.
type AccountOverride struct {
	Balance   *big.Int
	Nonce     *uint64
	Code      []byte // nil keeps the code; empty removes it
	State     map[common.Hash]common.Hash
	StateDiff map[common.Hash]common.Hash
}

// StateOverride maps accounts to their overrides.
type StateOverride map[common.Address]AccountOverride

// BlockOverrides replaces fields of the block context a call runs in.
type BlockOverrides struct {
	Number     *uint64
	Time       *uint64
	GasLimit   *uint64
	BaseFee    *big.Int
	Coinbase   *common.Address
	PrevRandao *common.Hash
}

// CallEnv is where a simulated call runs: the state after a block, and that
// block's context (go-ethereum runs eth_call in the block it reads the state of).
type CallEnv struct {
	Config *params.ChainConfig
	State  store.Reader
	Block  BlockContext
	// Hashes returns the hash of an earlier block by number (BLOCKHASH).
	Hashes func(n uint64) common.Hash
	// GasCap bounds the gas of one execution; 0 means DefaultCallGasCap.
	GasCap uint64
	// Timeout aborts one execution; 0 means DefaultCallTimeout.
	Timeout time.Duration
	// Overrides and BlockOverrides, both optional, change the state and the context.
	Overrides      StateOverride
	BlockOverrides *BlockOverrides
}

// CallResult is the outcome of a simulated call.
type CallResult struct {
	UsedGas    uint64 // after refunds
	MaxUsedGas uint64 // before refunds
	ReturnData []byte // return data, or revert data when Err is vm.ErrExecutionReverted
	Err        error  // the EVM error (revert, out of gas, ...), nil on success
}

// Failed reports whether the execution ended in an EVM error.
func (r *CallResult) Failed() bool { return r.Err != nil }

// Reverted reports whether the execution ended with REVERT.
func (r *CallResult) Reverted() bool { return errors.Is(r.Err, vm.ErrExecutionReverted) }

// Call executes msg in env without committing anything, as go-ethereum's
// eth_call: no nonce or sender-code checks, a zero price skips fee payment.
// A consensus-rule failure (intrinsic gas, funds, ...) is the error; an EVM
// failure (revert included) is in the result.
func Call(ctx context.Context, env CallEnv, msg CallMsg) (*CallResult, error) {
	prepared, err := prepareCall(env, msg)
	if err != nil {
		return nil, err
	}
	return prepared.run(ctx, prepared.gasLimit(msg.Gas))
}

// preparedCall is a call whose context, overrides and message are checked, ready
// to run any number of times with different gas limits.
type preparedCall struct {
	env  CallEnv
	bctx vm.BlockContext
	msg  *core.Message
}

func prepareCall(env CallEnv, msg CallMsg) (*preparedCall, error) {
	if env.GasCap == 0 {
		env.GasCap = DefaultCallGasCap
	}
	if env.Timeout == 0 {
		env.Timeout = DefaultCallTimeout
	}
	if err := checkOverrides(env.Overrides); err != nil {
		return nil, err
	}
	bctx, err := callBlockContext(env)
	if err != nil {
		return nil, err
	}
	m, err := toCoreMessage(msg, bctx.BaseFee)
	if err != nil {
		return nil, err
	}
	if m.GasPrice.IsZero() {
		bctx.BaseFee = new(big.Int) // a zero-price call must not fail on the base fee
	}
	return &preparedCall{env: env, bctx: bctx, msg: m}, nil
}

// gasLimit returns the gas of a call asking for requested: the cap when 0 or above it.
func (c *preparedCall) gasLimit(requested uint64) uint64 {
	if requested == 0 || requested > c.env.GasCap {
		return c.env.GasCap
	}
	return requested
}

// callBlockContext builds the EVM block context of env, overrides applied.
func callBlockContext(env CallEnv) (vm.BlockContext, error) {
	bctx := env.Block
	coinbase := FeeVault
	if o := env.BlockOverrides; o != nil {
		setIf(&bctx.Number, o.Number)
		setIf(&bctx.Time, o.Time)
		setIf(&bctx.GasLimit, o.GasLimit)
		setIf(&bctx.PrevRandao, o.PrevRandao)
		setIf(&coinbase, o.Coinbase)
		if o.BaseFee != nil {
			bctx.BaseFee = o.BaseFee
		}
	}
	if bctx.BaseFee == nil {
		return vm.BlockContext{}, ErrMissingBaseFee
	}
	b := &BlockBuilder{cfg: env.Config, bctx: bctx}
	hashes := env.Hashes
	if hashes == nil {
		hashes = func(uint64) common.Hash { return common.Hash{} }
	}
	out := b.evmContext(hashes)
	out.Coinbase = coinbase
	return out, nil
}

func setIf[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// toCoreMessage converts msg to go-ethereum's message with the fee rules of
// go-ethereum's eth_call: a legacy price is used as both caps; 1559 caps give an
// effective price of min(feeCap, tip+baseFee), or zero when both are absent.
func toCoreMessage(msg CallMsg, baseFee *big.Int) (*core.Message, error) {
	if msg.GasPrice != nil && (msg.GasFeeCap != nil || msg.GasTipCap != nil) {
		return nil, ErrFeeFieldsMixed
	}
	if msg.To == nil && len(msg.AuthList) > 0 {
		return nil, core.ErrSetCodeTxCreate
	}
	price, feeCap, tipCap, err := callFees(msg, baseFee)
	if err != nil {
		return nil, err
	}
	value, err := bigToU256("value", msg.Value)
	if err != nil {
		return nil, err
	}
	m := &core.Message{
		From: msg.From, To: msg.To, Nonce: msg.Nonce, Value: value,
		GasPrice: price, GasFeeCap: feeCap, GasTipCap: tipCap,
		Data: msg.Data, AccessList: msg.AccessList, SetCodeAuthorizations: msg.AuthList,
	}
	return m.SkipNonceCheck().SkipEOACheck().SkipGasLimitCapCheck(), nil
}

func callFees(msg CallMsg, baseFee *big.Int) (price, feeCap, tipCap *uint256.Int, err error) {
	if msg.GasPrice != nil {
		if price, err = bigToU256("gasPrice", msg.GasPrice); err != nil {
			return nil, nil, nil, err
		}
		return price, price, price, nil
	}
	if feeCap, err = bigToU256("maxFeePerGas", msg.GasFeeCap); err != nil {
		return nil, nil, nil, err
	}
	if tipCap, err = bigToU256("maxPriorityFeePerGas", msg.GasTipCap); err != nil {
		return nil, nil, nil, err
	}
	price = new(uint256.Int)
	if !feeCap.IsZero() || !tipCap.IsZero() {
		price.Add(tipCap, uint256.MustFromBig(baseFee))
		if price.Cmp(feeCap) > 0 {
			price.Set(feeCap)
		}
	}
	return price, feeCap, tipCap, nil
}

// bigToU256 converts an optional non-negative amount (nil is zero).
func bigToU256(field string, v *big.Int) (*uint256.Int, error) {
	if v == nil {
		return new(uint256.Int), nil
	}
	u, overflow := uint256.FromBig(v)
	if overflow || v.Sign() < 0 {
		return nil, fmt.Errorf("%s out of range: %v", field, v)
	}
	return u, nil
}

// checkOverrides bounds the override and rejects state together with stateDiff.
func checkOverrides(o StateOverride) error {
	if len(o) > MaxOverrideAccounts {
		return fmt.Errorf("%w: %d accounts (at most %d)", ErrOverrideTooLarge, len(o), MaxOverrideAccounts)
	}
	slots := 0
	for addr, acc := range o {
		if acc.State != nil && acc.StateDiff != nil {
			return fmt.Errorf("account %s %w", addr.Hex(), ErrOverrideBothStates)
		}
		slots += len(acc.State) + len(acc.StateDiff)
	}
	if slots > MaxOverrideSlots {
		return fmt.Errorf("%w: %d slots (at most %d)", ErrOverrideTooLarge, slots, MaxOverrideSlots)
	}
	return nil
}

// newState returns a fresh StateDB over the env's state with the overrides applied
// and finalised, so that they count as the state before the call.
func (c *preparedCall) newState() *StateDB {
	r := c.env.State
	if cleared := clearedStorage(c.env.Overrides); len(cleared) > 0 {
		r = storageHidingReader{Reader: r, cleared: cleared}
	}
	s := NewStateDB(r)
	for _, addr := range sortedAddresses(c.env.Overrides) {
		applyAccountOverride(s, addr, c.env.Overrides[addr])
	}
	s.Finalise(c.env.Config.Rules(c.bctx.BlockNumber, true, c.bctx.Time))
	return s
}

func applyAccountOverride(s *StateDB, addr common.Address, o AccountOverride) {
	if o.Nonce != nil {
		s.SetNonce(addr, *o.Nonce, tracing.NonceChangeUnspecified)
	}
	if o.Code != nil {
		s.SetCode(addr, o.Code, tracing.CodeChangeUnspecified)
	}
	if o.Balance != nil {
		s.SetBalance(addr, uint256.MustFromBig(o.Balance))
	}
	for _, slots := range []map[common.Hash]common.Hash{o.State, o.StateDiff} {
		for _, k := range sortedSlots(slots) {
			s.SetState(addr, k, slots[k])
		}
	}
}

// clearedStorage returns the accounts whose whole storage an override replaces.
func clearedStorage(o StateOverride) map[common.Address]struct{} {
	out := make(map[common.Address]struct{})
	for addr, acc := range o {
		if acc.State != nil {
			out[addr] = struct{}{}
		}
	}
	return out
}

// storageHidingReader reads the store as if the named accounts had no storage.
type storageHidingReader struct {
	store.Reader
	cleared map[common.Address]struct{}
}

// Get implements store.Reader.
func (r storageHidingReader) Get(key []byte) ([]byte, error) {
	storagePrefix := prefixedKey(kindStorage)
	if len(key) == len(storagePrefix)+common.AddressLength+common.HashLength && bytes.HasPrefix(key, storagePrefix) {
		addr := common.BytesToAddress(key[len(storagePrefix) : len(storagePrefix)+common.AddressLength])
		if _, ok := r.cleared[addr]; ok {
			return nil, nil
		}
	}
	return r.Reader.Get(key)
}

func sortedAddresses(o StateOverride) []common.Address {
	out := make([]common.Address, 0, len(o))
	for addr := range o {
		out = append(out, addr)
	}
	slices.SortFunc(out, func(a, b common.Address) int { return bytes.Compare(a[:], b[:]) })
	return out
}

func sortedSlots(m map[common.Hash]common.Hash) []common.Hash {
	out := make([]common.Hash, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b common.Hash) int { return bytes.Compare(a[:], b[:]) })
	return out
}

// run executes the message once with the given gas limit on a fresh state,
// aborting the EVM when ctx ends or the timeout passes.
func (c *preparedCall) run(ctx context.Context, gas uint64) (*CallResult, error) {
	return c.runTraced(ctx, gas, nil)
}

// runTraced is run with tracing hooks (nil for none) installed in the EVM.
func (c *preparedCall) runTraced(ctx context.Context, gas uint64, hooks *tracing.Hooks) (*CallResult, error) {
	state := c.newState()
	msg := *c.msg
	msg.GasLimit = gas
	evm := vm.NewEVM(c.bctx, state, c.env.Config, vm.Config{NoBaseFee: true, Tracer: hooks})
	defer evm.Release()
	if err := installPrecompiles(evm, c.env.Config.Rules(c.bctx.BlockNumber, true, c.bctx.Time), c.env.Block.Precompiles); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.env.Timeout)
	defer cancel()
	stop := context.AfterFunc(ctx, evm.Cancel)
	defer stop()
	res, err := core.ApplyMessage(evm, &msg, core.NewGasPool(gas))
	if dbErr := state.Error(); dbErr != nil {
		return nil, dbErr
	}
	if evm.Cancelled() {
		return nil, fmt.Errorf("execution aborted (timeout = %v)", c.env.Timeout)
	}
	if err != nil {
		return nil, fmt.Errorf("err: %w (supplied gas %d)", err, gas)
	}
	return &CallResult{UsedGas: res.UsedGas, MaxUsedGas: res.MaxUsedGas, ReturnData: res.ReturnData, Err: res.Err}, nil
}
