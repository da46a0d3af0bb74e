// Package staking is the sequencer-set module: validators, delegations,
// unbonding, epoch set changes, F1-style rewards from the fee vault, slashing
// and jailing. Its state is the storage of the Staking system contract
// (contracts/Staking.sol, at StakingAddress); the contract queues requests and
// the keeper applies them at the end of every block.
package staking

import (
	_ "embed"
	"errors"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
	"github.com/hyperion-rollup/hyperion/x/staking/syscontract"
)

// StakingAddress is where genesis places the staking system contract.
var StakingAddress = common.HexToAddress("0x0000000000000000000000000000000000000800")

// RatioScale is the fixed-point scale of the per-share reward ratios.
var RatioScale = new(uint256.Int).Exp(uint256.NewInt(10), uint256.NewInt(27))

var (
	//go:embed contracts/Staking.abi
	stakingABIJSON string
	//go:embed contracts/Staking.bin-runtime
	stakingCodeHex string

	// ABI is the staking contract's ABI.
	ABI = syscontract.MustABI("staking", stakingABIJSON)
)

// contract is the staking system contract.
var contract = syscontract.Contract{Addr: StakingAddress, ABI: ABI}

// Code returns the staking contract's runtime code.
func Code() []byte { return syscontract.MustCode("staking", stakingCodeHex) }

// StateDB is the part of the block's EVM state the keeper uses.
type StateDB interface {
	solstore.State
	syscontract.Ledger
	GetBalance(common.Address) *uint256.Int
}

// Errors of request handling; their text is the RequestRejected reason.
var (
	ErrUnknownValidator = errors.New("unknown validator")
	ErrValidatorExists  = errors.New("validator already exists for this operator")
	ErrConsKeyTaken     = errors.New("consensus key already registered")
	ErrBadPoP           = errors.New("invalid BLS proof of possession")
	ErrSelfBond         = errors.New("self-bond below min_self_bond")
	ErrNoDelegation     = errors.New("no delegation to this validator")
	ErrExceeds          = errors.New("amount exceeds delegation")
	ErrZeroAmount       = errors.New("amount rounds to zero")
	ErrTombstoned       = errors.New("validator is tombstoned")
	ErrNotJailed        = errors.New("validator is not jailed")
	ErrStillJailed      = errors.New("jail period not over")
	ErrTooMany          = errors.New("too many entries")
	ErrNoTokens         = errors.New("validator has no tokens left")
	ErrBadRequest       = syscontract.ErrBadRequest
	ErrInsufficientPool = errors.New("community pool too small")
)

// Keeper applies staking rules to the contract's storage for one block.
type Keeper struct {
	db     StateDB
	st     solstore.Store
	params Params
	height int64
	time   uint64
	logs   []*types.Log
}

// NewKeeper returns a keeper over db for the block at height with time (unix seconds).
func NewKeeper(db StateDB, height int64, blockTime uint64) *Keeper {
	st := solstore.New(db, StakingAddress)
	return &Keeper{db: db, st: st, params: readParams(st), height: height, time: blockTime}
}

// Logs returns the events emitted so far (for the block's system receipt).
func (k *Keeper) Logs() []*types.Log { return k.logs }

// Params returns the current parameters.
func (k *Keeper) Params() Params { return k.params }

// SetParams validates and stores new parameters (the gov authority only).
func (k *Keeper) SetParams(p Params) error {
	if err := p.Validate(); err != nil {
		return err
	}
	k.params = p
	writeParams(k.st, p)
	return nil
}

func (k *Keeper) total(i int) *uint256.Int { return k.st.Uint(totalSlot(i)) }

func (k *Keeper) addTotal(i int, v *uint256.Int) {
	k.st.SetUint(totalSlot(i), new(uint256.Int).Add(k.total(i), v))
}

// subTotal lowers a total; it saturates at zero (a bug elsewhere must not halt the chain).
func (k *Keeper) subTotal(i int, v *uint256.Int) {
	cur := k.total(i)
	if cur.Lt(v) {
		cur.Clear()
	} else {
		cur.Sub(cur, v)
	}
	k.st.SetUint(totalSlot(i), cur)
}

// pay moves amount of the contract's escrow to addr.
func (k *Keeper) pay(to common.Address, amount *uint256.Int) { contract.Pay(k.db, to, amount) }

// emit appends an event of the staking ABI to the block's system logs.
func (k *Keeper) emit(name string, args ...any) { k.logs = append(k.logs, contract.Log(name, args...)) }

// byConsAddr returns the operator of a CometBFT validator address (zero when unknown).
func (k *Keeper) byConsAddr(addr []byte) common.Address { return k.st.Addr(consAddrSlot(addr)) }
