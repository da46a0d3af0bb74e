package evm

import (
	"context"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
)

// Estimation stops once the bracket [lo, hi] is narrower than
// estimateErrorPerMille thousandths of hi (go-ethereum's 1.5%), always
// answering the upper end, which is known to succeed.
const estimateErrorPerMille = 15

// ErrGasAllowance is returned when a message fails even with all the gas it may use.
var ErrGasAllowance = errors.New("gas required exceeds allowance")

// EstimateGas returns the lowest gas limit (within 1.5%, rounded up) with which
// msg runs in env without failing, as go-ethereum's eth_estimateGas does. When
// the message reverts at the highest allowance it returns the revert data and
// an error wrapping vm.ErrExecutionReverted.
func EstimateGas(ctx context.Context, env CallEnv, msg CallMsg) (uint64, []byte, error) {
	c, err := prepareCall(env, msg)
	if err != nil {
		return 0, nil, err
	}
	hi, err := c.estimateCeiling(msg.Gas)
	if err != nil {
		return 0, nil, err
	}
	if used, ok := c.plainTransferGas(ctx); ok {
		return used, nil, nil
	}
	failed, res, err := c.tryGas(ctx, hi)
	if err != nil {
		return 0, nil, err
	}
	if failed {
		if res != nil && !errors.Is(res.Err, vm.ErrOutOfGas) {
			return 0, revertData(res), res.Err
		}
		return 0, nil, fmt.Errorf("%w (%d)", ErrGasAllowance, hi)
	}
	gas, err := c.bisect(ctx, res, hi)
	return gas, nil, err
}

func revertData(res *CallResult) []byte {
	if res.Reverted() {
		return res.ReturnData
	}
	return nil
}

// estimateCeiling is the highest gas limit to try: the requested gas or the block
// gas limit, at most the EIP-7825 cap, what the sender can pay for, and the gas cap.
func (c *preparedCall) estimateCeiling(requested uint64) (uint64, error) {
	hi := c.bctx.GasLimit
	if requested >= params.TxGas {
		hi = requested
	}
	if c.env.Config.IsOsaka(c.bctx.BlockNumber, c.bctx.Time) && hi > params.MaxTxGas {
		hi = params.MaxTxGas
	}
	if !c.msg.GasFeeCap.IsZero() {
		available := new(uint256.Int).Set(c.newState().GetBalance(c.msg.From))
		if c.msg.Value.Cmp(available) >= 0 {
			return 0, core.ErrInsufficientFundsForTransfer
		}
		available.Sub(available, c.msg.Value)
		allowance := new(uint256.Int).Div(available, c.msg.GasFeeCap)
		if allowance.IsUint64() && hi > allowance.Uint64() {
			hi = allowance.Uint64()
		}
	}
	return min(hi, c.env.GasCap), nil
}

// plainTransferGas runs a value transfer to an account without code once with
// 21000 gas: when that succeeds its gas used is exact (no code, no refunds).
func (c *preparedCall) plainTransferGas(ctx context.Context) (uint64, bool) {
	if len(c.msg.Data) != 0 || c.msg.To == nil || c.newState().GetCodeSize(*c.msg.To) != 0 {
		return 0, false
	}
	failed, res, err := c.tryGas(ctx, params.TxGas)
	if err != nil || failed {
		return 0, false
	}
	return res.UsedGas, true
}

// tryGas runs the message with gas and reports whether it failed for a reason
// more gas might fix. err is a failure no gas limit fixes.
func (c *preparedCall) tryGas(ctx context.Context, gas uint64) (bool, *CallResult, error) {
	res, err := c.run(ctx, gas)
	switch {
	case errors.Is(err, core.ErrIntrinsicGas), errors.Is(err, core.ErrGasLimitTooHigh):
		return true, nil, nil
	case err != nil:
		return true, nil, err
	}
	return res.Failed(), res, nil
}

// bisect narrows [used-1, hi] to the lowest succeeding gas limit, first trying
// the optimistic guess (max used + call stipend) * 64/63 and biasing midpoints low.
func (c *preparedCall) bisect(ctx context.Context, first *CallResult, hi uint64) (uint64, error) {
	lo := first.UsedGas - 1
	if optimistic := (first.MaxUsedGas + params.CallStipend) * 64 / 63; optimistic < hi {
		failed, _, err := c.tryGas(ctx, optimistic)
		if err != nil {
			return 0, err
		}
		if failed {
			lo = optimistic
		} else {
			hi = optimistic
		}
	}
	for lo+1 < hi && (hi-lo)*1000 >= estimateErrorPerMille*hi {
		mid := lo + (hi-lo)/2
		if mid > lo*2 {
			mid = lo * 2
		}
		failed, _, err := c.tryGas(ctx, mid)
		if err != nil {
			return 0, err
		}
		if failed {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi, nil
}
