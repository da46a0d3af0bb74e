// Package txpool is Hyperion's application-side mempool for plaintext Ethereum
// transactions. CometBFT runs with mempool.type = "app": it hands transactions
// to the application (InsertTx, CheckTx), polls it for gossip (ReapTxs), and
// never passes transactions to PrepareProposal, which builds the plaintext lane
// from Pool.Pending instead. Every method is safe for concurrent use.
//
// The pool validates with go-ethereum's rules and error values, keeps one
// nonce-sorted list per sender (an executable "pending" prefix followed by a
// "queued" tail of future or over-limit transactions), and never lets map
// iteration order reach any ordering it returns.
//
// Policies:
//   - A fee cap below the base fee of the block being built is refused at Add
//     (ErrFeeCapTooLow, Retryable). A pooled transaction that falls below a
//     risen base fee at Reset is kept, but Pending and Reap skip it and its
//     sender's later nonces until the base fee falls, and eviction takes it
//     first (its effective tip is negative).
//   - A failed EIP-7623 floor check wraps both ErrIntrinsicGas and
//     go-ethereum's ErrFloorDataGas.
//   - At most AccountSlots pending and AccountQueue queued transactions per
//     sender (ErrAccountLimitExceeded beyond the queue limit; contiguous
//     transactions beyond AccountSlots wait queued). When GlobalSlots or
//     GlobalQueue is reached, the newcomer evicts the cheapest (lowest
//     effective tip, then largest hash) last pending, respectively last
//     queued, transaction of another sender if its own effective tip is
//     strictly higher; otherwise it gets ErrTxPoolOverflow.
//   - Reset promotes queued transactions sender by sender in address order.
package txpool

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
)

// State is the latest committed state the pool validates against. It is only
// read, possibly from several goroutines at once.
type State interface {
	// Nonce returns the next nonce of addr.
	Nonce(addr common.Address) uint64
	// Balance returns the balance of addr in wei. The pool does not modify it.
	Balance(addr common.Address) *uint256.Int
}

// Head describes the block the pool validates for: the next block to be built
// on top of the latest committed state.
type Head struct {
	Number   uint64
	Time     uint64
	BaseFee  *big.Int // nil is treated as zero
	GasLimit uint64
}

// Config bounds the pool. Zero or negative fields are replaced by defaults.
type Config struct {
	// AccountSlots is the most executable transactions kept per sender.
	AccountSlots int
	// GlobalSlots is the most executable transactions kept in total.
	GlobalSlots int
	// PriceBump is the minimum fee cap and tip increase, in percent, for a
	// transaction to replace another one with the same sender and nonce.
	PriceBump uint64
	// MaxTxSize is the largest encoded transaction accepted, in bytes.
	MaxTxSize uint64
	// AccountQueue is the most non-executable (future) transactions per sender.
	AccountQueue int
	// GlobalQueue is the most non-executable transactions kept in total.
	GlobalQueue int
}

// Default limits, following go-ethereum's legacy pool where it has one.
const (
	DefaultAccountSlots = 64
	DefaultGlobalSlots  = 8192
	DefaultPriceBump    = 10
	DefaultMaxTxSize    = 128 * 1024
	DefaultAccountQueue = 64
	DefaultGlobalQueue  = 1024
)

// DefaultConfig returns the default pool limits.
func DefaultConfig() Config {
	return Config{
		AccountSlots: DefaultAccountSlots,
		GlobalSlots:  DefaultGlobalSlots,
		PriceBump:    DefaultPriceBump,
		MaxTxSize:    DefaultMaxTxSize,
		AccountQueue: DefaultAccountQueue,
		GlobalQueue:  DefaultGlobalQueue,
	}
}

// sanitize replaces unset or invalid fields with their defaults.
func (c Config) sanitize() Config {
	d := DefaultConfig()
	if c.AccountSlots <= 0 {
		c.AccountSlots = d.AccountSlots
	}
	if c.GlobalSlots <= 0 {
		c.GlobalSlots = d.GlobalSlots
	}
	if c.PriceBump == 0 {
		c.PriceBump = d.PriceBump
	}
	if c.MaxTxSize == 0 {
		c.MaxTxSize = d.MaxTxSize
	}
	if c.AccountQueue <= 0 {
		c.AccountQueue = d.AccountQueue
	}
	if c.GlobalQueue <= 0 {
		c.GlobalQueue = d.GlobalQueue
	}
	return c
}
