package txpool

import (
	"errors"

	"github.com/ethereum/go-ethereum/core"
	gethpool "github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/txpool/legacypool"
)

// The pool returns go-ethereum's own sentinel errors (wrapped with detail as
// go-ethereum wraps them), so errors.Is works against either name and wallets
// see the wording they know. They are re-exported here so that consumers need
// not import go-ethereum's pool packages.
var (
	ErrAlreadyKnown         = gethpool.ErrAlreadyKnown
	ErrInvalidSender        = gethpool.ErrInvalidSender
	ErrReplaceUnderpriced   = gethpool.ErrReplaceUnderpriced
	ErrAccountLimitExceeded = gethpool.ErrAccountLimitExceeded
	ErrGasLimit             = gethpool.ErrGasLimit
	ErrNegativeValue        = gethpool.ErrNegativeValue
	ErrOversizedData        = gethpool.ErrOversizedData
	ErrTxPoolOverflow       = legacypool.ErrTxPoolOverflow

	ErrNonceTooLow        = core.ErrNonceTooLow
	ErrNonceMax           = core.ErrNonceMax
	ErrInsufficientFunds  = core.ErrInsufficientFunds
	ErrIntrinsicGas       = core.ErrIntrinsicGas
	ErrFloorDataGas       = core.ErrFloorDataGas
	ErrTxTypeNotSupported = core.ErrTxTypeNotSupported
	ErrGasLimitTooHigh    = core.ErrGasLimitTooHigh
	ErrTipAboveFeeCap     = core.ErrTipAboveFeeCap
	ErrTipVeryHigh        = core.ErrTipVeryHigh
	ErrFeeCapVeryHigh     = core.ErrFeeCapVeryHigh
	ErrFeeCapTooLow       = core.ErrFeeCapTooLow
)

// Retryable reports whether err rejects a transaction only for the pool's
// current condition (full pool or queue, fee cap under the current base fee),
// so the same bytes may be accepted later. The ABCI glue maps these to a retry
// code so CometBFT forgets them from its seen cache sooner.
func Retryable(err error) bool {
	return errors.Is(err, ErrTxPoolOverflow) ||
		errors.Is(err, ErrAccountLimitExceeded) ||
		errors.Is(err, ErrFeeCapTooLow)
}
