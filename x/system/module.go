package system

import (
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/store"
)

// Module is a state-machine module (staking, governance, …) that writes its
// genesis state and runs at the end of every block, after the block's
// transactions, on the block's own EVM state (so system-contract storage it
// writes is visible to the next block's eth_call and contracts).
type Module interface {
	// Name identifies the module in logs and errors.
	Name() string
	// InitGenesis returns the module's genesis writes. appState is CometBFT's
	// raw app_state; vals is the genesis validator set.
	InitGenesis(appState []byte, vals ValidatorSet) ([]store.Change, error)
	// EndBlock runs once per block in FinalizeBlock. It changes state through
	// ctx.Builder.State() (a vm.StateDB), may append logs to
	// ctx.Builder.SystemLogs (they go into the block's system receipt), and
	// returns validator updates (effective at height+2, CometBFT's offset).
	EndBlock(ctx *EndBlockContext) ([]abcitypes.ValidatorUpdate, error)
}

// EndBlockContext is what a module sees at the end of a block.
type EndBlockContext struct {
	Height   int64
	Time     time.Time
	Proposer []byte
	// Builder is the block's EVM state after its transactions.
	Builder *evm.BlockBuilder
	// LastCommit tells which validators signed the previous block.
	LastCommit abcitypes.CommitInfo
	// Misbehavior is the evidence CometBFT delivers with the block.
	Misbehavior []abcitypes.Misbehavior
	// WithheldShares are the CometBFT addresses (in address order) of the
	// validators whose vote extensions, carried by this block's commit-info
	// tx, lack a valid decryption share they owed (x/tenc); the slashing
	// module punishes them.
	WithheldShares [][]byte
	// Params is a copy of the chain parameters a module (governance) may
	// change; a change is validated, written to state with the block and in
	// force from the next block, the gas limit mirrored into CometBFT's
	// block.max_gas.
	Params *Params
}
