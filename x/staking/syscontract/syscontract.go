// Package syscontract is what the modules that keep a system contract's
// storage (x/staking, x/gov) share: the contract's embedded ABI and code, its
// event logs, payments out of its escrow and the end-of-block drain of its
// request queue.
package syscontract

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
)

// ErrBadRequest rejects a queued request whose calldata does not decode; its
// text is the RequestRejected reason.
var ErrBadRequest = errors.New("malformed request")

// Ledger is the part of the block's EVM state that moves value and reverts.
type Ledger interface {
	AddBalance(common.Address, *uint256.Int, tracing.BalanceChangeReason) uint256.Int
	SubBalance(common.Address, *uint256.Int, tracing.BalanceChangeReason) uint256.Int
	Snapshot() int
	RevertToSnapshot(int)
}

// Contract is a system contract: where it lives and its ABI.
type Contract struct {
	// Addr is where genesis places the contract; it holds the escrow.
	Addr common.Address
	// ABI is the contract's ABI (its methods are the queued requests).
	ABI abi.ABI
}

// MustABI parses the embedded ABI JSON of module's contract; it panics when
// the JSON is bad (a build error).
func MustABI(module, abiJSON string) abi.ABI {
	a, err := abi.JSON(strings.NewReader(abiJSON))
	if err != nil {
		panic(fmt.Sprintf("%s: bad embedded ABI: %v", module, err))
	}
	return a
}

// MustCode decodes the embedded hex runtime code of module's contract; it
// panics when the hex is bad (a build error).
func MustCode(module, codeHex string) []byte {
	code, err := hex.DecodeString(strings.TrimSpace(codeHex))
	if err != nil {
		panic(fmt.Sprintf("%s: bad embedded code: %v", module, err))
	}
	return code
}

// Log builds the contract's event name with args in declaration order.
func (c Contract) Log(name string, args ...any) *types.Log {
	return MakeLog(c.ABI, c.Addr, name, args...)
}

// MakeLog builds the log of event name of contract with args in declaration order.
func MakeLog(contract abi.ABI, addr common.Address, name string, args ...any) *types.Log {
	ev := contract.Events[name]
	topics := []common.Hash{ev.ID}
	var data []any
	for i, in := range ev.Inputs {
		if in.Indexed {
			t, err := abi.MakeTopics([]any{args[i]})
			if err != nil {
				panic(fmt.Sprintf("event %s: %v", name, err))
			}
			topics = append(topics, t[0][0])
		} else {
			data = append(data, args[i])
		}
	}
	packed, err := ev.Inputs.NonIndexed().Pack(data...)
	if err != nil {
		panic(fmt.Sprintf("event %s: %v", name, err))
	}
	return &types.Log{Address: addr, Topics: topics, Data: packed}
}

// Pay moves amount of the contract's escrow to addr.
func (c Contract) Pay(db Ledger, to common.Address, amount *uint256.Int) {
	if amount.IsZero() {
		return
	}
	db.SubBalance(c.Addr, amount, tracing.BalanceChangeTransfer)
	db.AddBalance(to, amount, tracing.BalanceChangeTransfer)
}
