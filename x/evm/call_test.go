package evm

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

var (
	callFrom = common.HexToAddress("0x1000000000000000000000000000000000000001")
	// returnSlot0: return sload(0).
	returnSlot0     = []byte{0x60, 0x00, 0x54, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3}
	returnSlot0Addr = common.HexToAddress("0x2000000000000000000000000000000000000002")
	// revertBoom: revert with Error("boom"), the 100 bytes of abi.encode placed by CODECOPY.
	revertBoomAddr = common.HexToAddress("0x2000000000000000000000000000000000000003")
	// setAndClear: sstore(0,1); sstore(0,0) — most of its gas comes back as a refund.
	setAndClear     = []byte{0x60, 0x01, 0x60, 0x00, 0x55, 0x60, 0x00, 0x60, 0x00, 0x55, 0x00}
	setAndClearAddr = common.HexToAddress("0x2000000000000000000000000000000000000004")
	// loopForever: jumpdest; push1 0; jump.
	loopForever     = []byte{0x5b, 0x60, 0x00, 0x56}
	loopForeverAddr = common.HexToAddress("0x2000000000000000000000000000000000000005")
)

// boomRevertData is abi.encodeWithSignature("Error(string)", "boom").
func boomRevertData(t testing.TB) []byte {
	t.Helper()
	str, err := abi.NewType("string", "", nil)
	require.NoError(t, err)
	packed, err := abi.Arguments{{Type: str}}.Pack("boom")
	require.NoError(t, err)
	return append([]byte{0x08, 0xc3, 0x79, 0xa0}, packed...)
}

// revertWith returns code that reverts with data (appended after the code).
func revertWith(data []byte) []byte {
	n, off := byte(len(data)), byte(12)
	// push1 n; push1 off; push1 0; codecopy; push1 n; push1 0; revert
	code := []byte{0x60, n, 0x60, off, 0x60, 0x00, 0x39, 0x60, n, 0x60, 0x00, 0xfd}
	return append(code, data...)
}

func callEnv(t testing.TB) CallEnv {
	t.Helper()
	st := newMemStore()
	st.apply(t, GenesisChanges([]GenesisAlloc{
		{Address: callFrom, Balance: uint256.NewInt(params.Ether)},
		{Address: returnSlot0Addr, Code: returnSlot0, Storage: map[common.Hash]common.Hash{{}: common.HexToHash("0x2a")}},
		{Address: revertBoomAddr, Code: revertWith(boomRevertData(t))},
		{Address: setAndClearAddr, Code: setAndClear},
		{Address: loopForeverAddr, Code: loopForever},
	}))
	return CallEnv{
		Config: ChainConfig(testChainID), State: st,
		Block: BlockContext{Number: 7, Time: 1_700_000_000, GasLimit: 30_000_000, BaseFee: big.NewInt(params.GWei)},
	}
}

func TestCallReturnsAndCommitsNothing(t *testing.T) {
	env := callEnv(t)
	res, err := Call(context.Background(), env, CallMsg{From: callFrom, To: &returnSlot0Addr})
	require.NoError(t, err)
	require.NoError(t, res.Err)
	require.Equal(t, common.HexToHash("0x2a").Bytes(), res.ReturnData)

	// A zero-price call from an account that does not exist still runs.
	nobody := common.Address{0xde, 0xad}
	res, err = Call(context.Background(), env, CallMsg{From: nobody, To: &setAndClearAddr})
	require.NoError(t, err)
	require.False(t, res.Failed())
	nonce, err := Nonce(env.State, nobody)
	require.NoError(t, err)
	require.Zero(t, nonce, "a call must not change the store")
}

func TestCallRevertKeepsData(t *testing.T) {
	res, err := Call(context.Background(), callEnv(t), CallMsg{From: callFrom, To: &revertBoomAddr})
	require.NoError(t, err)
	require.True(t, res.Reverted())
	require.Equal(t, boomRevertData(t), res.ReturnData)
}

func TestCallStateOverrides(t *testing.T) {
	env := callEnv(t)
	call := func(o StateOverride) []byte {
		env.Overrides = o
		res, err := Call(context.Background(), env, CallMsg{From: callFrom, To: &returnSlot0Addr})
		require.NoError(t, err)
		require.NoError(t, res.Err)
		return res.ReturnData
	}
	seven := common.HexToHash("0x07")
	require.Equal(t, seven.Bytes(), call(StateOverride{returnSlot0Addr: {StateDiff: map[common.Hash]common.Hash{{}: seven}}}))
	// A full state replaces the storage: slot 0 is gone.
	require.Equal(t, common.Hash{}.Bytes(), call(StateOverride{returnSlot0Addr: {State: map[common.Hash]common.Hash{{31: 1}: seven}}}))
	// Code installed on an empty account runs; its storage comes from the override.
	other := common.Address{0x77}
	env.Overrides = StateOverride{other: {Code: returnSlot0, StateDiff: map[common.Hash]common.Hash{{}: seven}}}
	res, err := Call(context.Background(), env, CallMsg{From: callFrom, To: &other})
	require.NoError(t, err)
	require.Equal(t, seven.Bytes(), res.ReturnData)
}

func TestCallBalanceAndNonceOverride(t *testing.T) {
	env := callEnv(t)
	nonce := uint64(9)
	env.Overrides = StateOverride{callFrom: {Balance: big.NewInt(5), Nonce: &nonce}}
	c, err := prepareCall(env, CallMsg{From: callFrom})
	require.NoError(t, err)
	state := c.newState()
	require.Equal(t, uint64(5), state.GetBalance(callFrom).Uint64())
	require.Equal(t, nonce, state.GetNonce(callFrom))
	// With the balance overridden to 5 wei, paying for 21000 gas at 1 gwei fails.
	_, err = Call(context.Background(), env, CallMsg{From: callFrom, To: &other0, Gas: 21000, GasPrice: big.NewInt(params.GWei)})
	require.ErrorIs(t, err, core.ErrInsufficientFunds)
	require.Contains(t, err.Error(), "(supplied gas 21000)")
}

var other0 = common.Address{0x01, 0x23}

func TestCallOverrideChecks(t *testing.T) {
	env := callEnv(t)
	env.Overrides = StateOverride{returnSlot0Addr: {State: map[common.Hash]common.Hash{}, StateDiff: map[common.Hash]common.Hash{}}}
	_, err := Call(context.Background(), env, CallMsg{From: callFrom, To: &returnSlot0Addr})
	require.ErrorIs(t, err, ErrOverrideBothStates)

	env.Overrides = StateOverride{}
	for i := 0; i <= MaxOverrideAccounts; i++ {
		env.Overrides[common.BigToAddress(big.NewInt(int64(i+1)))] = AccountOverride{}
	}
	_, err = Call(context.Background(), env, CallMsg{From: callFrom, To: &returnSlot0Addr})
	require.ErrorIs(t, err, ErrOverrideTooLarge)

	env.Overrides = nil
	_, err = Call(context.Background(), env, CallMsg{From: callFrom, GasPrice: big.NewInt(1), GasFeeCap: big.NewInt(1)})
	require.ErrorIs(t, err, ErrFeeFieldsMixed)
}

func TestCallBlockOverrides(t *testing.T) {
	env := callEnv(t)
	// mstore(0,number) mstore(32,timestamp) mstore(64,coinbase) mstore(96,basefee) mstore(128,gaslimit) return(0,160)
	code := []byte{0x43, 0x60, 0x00, 0x52, 0x42, 0x60, 0x20, 0x52, 0x41, 0x60, 0x40, 0x52,
		0x48, 0x60, 0x60, 0x52, 0x45, 0x60, 0x80, 0x52, 0x60, 0xa0, 0x60, 0x00, 0xf3}
	target := common.Address{0xb1}
	env.Overrides = StateOverride{target: {Code: code}}
	number, when, limit, coinbase := uint64(99), uint64(1_800_000_000), uint64(12_345_678), common.Address{0xcb}
	words := func() []common.Hash {
		res, err := Call(context.Background(), env, CallMsg{From: callFrom, To: &target})
		require.NoError(t, err)
		require.NoError(t, res.Err)
		out := make([]common.Hash, 5)
		for i := range out {
			out[i] = common.BytesToHash(res.ReturnData[32*i : 32*i+32])
		}
		return out
	}
	// A zero-price call sees base fee 0, as in go-ethereum.
	require.Equal(t, []common.Hash{hashOf(7), hashOf(1_700_000_000), common.BytesToHash(FeeVault[:]), {}, hashOf(30_000_000)}, words())
	env.BlockOverrides = &BlockOverrides{Number: &number, Time: &when, GasLimit: &limit, Coinbase: &coinbase}
	require.Equal(t, []common.Hash{hashOf(number), hashOf(when), common.BytesToHash(coinbase[:]), {}, hashOf(limit)}, words())
}

func hashOf(v uint64) common.Hash { return common.BigToHash(new(big.Int).SetUint64(v)) }

func TestCallTimeoutAborts(t *testing.T) {
	env := callEnv(t)
	env.Timeout = time.Millisecond
	_, err := Call(context.Background(), env, CallMsg{From: callFrom, To: &loopForeverAddr})
	require.EqualError(t, err, "execution aborted (timeout = 1ms)")
}

func TestCallGasCapAndOutOfGas(t *testing.T) {
	env := callEnv(t)
	env.GasCap = 100_000
	res, err := Call(context.Background(), env, CallMsg{From: callFrom, To: &loopForeverAddr, Gas: 10_000_000})
	require.NoError(t, err)
	require.ErrorIs(t, res.Err, vm.ErrOutOfGas)
	require.Equal(t, uint64(100_000), res.UsedGas, "the gas is capped at GasCap")
}

func TestEstimateGasTransfer(t *testing.T) {
	gas, _, err := EstimateGas(context.Background(), callEnv(t), CallMsg{From: callFrom, To: &other0, Value: big.NewInt(1)})
	require.NoError(t, err)
	require.Equal(t, params.TxGas, gas)
}

func TestEstimateGasCoversRefunds(t *testing.T) {
	env := callEnv(t)
	msg := CallMsg{From: callFrom, To: &setAndClearAddr, GasFeeCap: big.NewInt(2 * params.GWei)}
	gas, _, err := EstimateGas(context.Background(), env, msg)
	require.NoError(t, err)
	probe := msg
	probe.Gas = gas
	res, err := Call(context.Background(), env, probe)
	require.NoError(t, err)
	require.NoError(t, res.Err, "the estimate must be enough")
	require.Less(t, res.UsedGas, gas, "refunds lower gas used below what the call needs")
	probe.Gas = res.UsedGas
	res, err = Call(context.Background(), env, probe)
	require.NoError(t, err)
	require.ErrorIs(t, res.Err, vm.ErrOutOfGas, "gas used alone is not enough")
	probe.Gas = gas * 985 / 1000
	res, err = Call(context.Background(), env, probe)
	require.NoError(t, err)
	require.True(t, res.Failed(), "the estimate is within 1.5%% of the least gas that works")
}

func TestEstimateGasErrors(t *testing.T) {
	env := callEnv(t)
	ctx := context.Background()
	_, revert, err := EstimateGas(ctx, env, CallMsg{From: callFrom, To: &revertBoomAddr})
	require.ErrorIs(t, err, vm.ErrExecutionReverted)
	require.Equal(t, boomRevertData(t), revert)

	_, _, err = EstimateGas(ctx, env, CallMsg{From: callFrom, To: &loopForeverAddr})
	require.EqualError(t, err, "gas required exceeds allowance (16777216)")

	tooMuch := new(big.Int).Mul(big.NewInt(2), big.NewInt(params.Ether))
	_, _, err = EstimateGas(ctx, env, CallMsg{From: callFrom, To: &other0, Value: tooMuch, GasFeeCap: big.NewInt(1)})
	require.ErrorIs(t, err, core.ErrInsufficientFundsForTransfer)

	// The balance caps the allowance: 1 ether at 100 gwei pays for 10,000,000 gas.
	_, _, err = EstimateGas(ctx, env, CallMsg{From: callFrom, To: &loopForeverAddr, GasPrice: big.NewInt(100 * params.GWei)})
	require.EqualError(t, err, "gas required exceeds allowance (10000000)")
}
