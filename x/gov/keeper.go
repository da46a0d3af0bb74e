// Package gov is the governance module: proposals with deposits,
// stake-weighted votes (delegators inherit their validator's vote unless they
// vote), tally with quorum, threshold and veto, and execution of passed
// proposals by the gov authority, the only writer of module parameters. Its
// state is the storage of the Gov system contract (contracts/Gov.sol, at
// GovAddress).
package gov

import (
	_ "embed"
	"errors"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/staking"
	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
	"github.com/hyperion-rollup/hyperion/x/staking/syscontract"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// GovAddress is where genesis places the governance system contract.
var GovAddress = common.HexToAddress("0x0000000000000000000000000000000000000801")

var (
	//go:embed contracts/Gov.abi
	govABIJSON string
	//go:embed contracts/Gov.bin-runtime
	govCodeHex string

	// ABI is the gov contract's ABI.
	ABI = syscontract.MustABI("gov", govABIJSON)
)

// contract is the gov system contract.
var contract = syscontract.Contract{Addr: GovAddress, ABI: ABI}

// Code returns the gov contract's runtime code.
func Code() []byte { return syscontract.MustCode("gov", govCodeHex) }

// Errors of request handling; their text is the RequestRejected reason.
var (
	ErrUnknownProposal = errors.New("unknown proposal")
	ErrNotVoting       = errors.New("proposal is not in its voting period")
	ErrClosed          = errors.New("proposal no longer takes deposits")
	ErrTooMany         = errors.New("too many entries")
	ErrBadRequest      = syscontract.ErrBadRequest
	ErrBadPayload      = errors.New("invalid proposal payload")
)

// Keeper applies governance rules to the contract's storage for one block.
type Keeper struct {
	db      staking.StateDB
	st      solstore.Store
	staking StakingKeeper
	chain   *system.Params
	params  Params
	height  int64
	logs    []*types.Log
	voted   []uint64 // proposals voted on this block, for the live tally
}

// NewKeeper returns a keeper for the block at height; chain is the chain
// parameters the gov authority may change (the block gas limit).
func NewKeeper(db staking.StateDB, sk StakingKeeper, chain *system.Params, height int64) *Keeper {
	st := solstore.New(db, GovAddress)
	return &Keeper{db: db, st: st, staking: sk, chain: chain, params: readParams(st), height: height}
}

// Logs returns the events emitted so far.
func (k *Keeper) Logs() []*types.Log { return k.logs }

// Params returns the gov parameters.
func (k *Keeper) Params() Params { return k.params }

// emit appends an event of the gov ABI to the block's system logs.
func (k *Keeper) emit(name string, args ...any) { k.logs = append(k.logs, contract.Log(name, args...)) }

// pay moves escrowed value of the contract to addr.
func (k *Keeper) pay(to common.Address, amount *uint256.Int) { contract.Pay(k.db, to, amount) }

// burn destroys escrowed value and counts it.
func (k *Keeper) burn(amount *uint256.Int) {
	k.db.SubBalance(GovAddress, amount, tracing.BalanceDecreaseSelfdestructBurn)
	k.st.SetUint(slotBurned, new(uint256.Int).Add(k.st.Uint(slotBurned), amount))
}

// Burned is the total of deposits burned so far.
func (k *Keeper) Burned() *uint256.Int { return k.st.Uint(slotBurned) }

// Proposal returns a stored proposal.
func (k *Keeper) Proposal(id uint64) (Proposal, bool) { return readProposal(k.st, id) }
