package staking

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
)

// Storage layout of contracts/Staking.sol (checked against Staking.layout.json by a test).
var (
	slotQueue          = solstore.Slot(0)
	slotActiveSet      = solstore.Slot(1)
	slotVals           = solstore.Slot(2)
	slotDels           = solstore.Slot(3)
	slotRewardRatio    = solstore.Slot(4)
	slotUnbondingQueue = solstore.Slot(5)
	slotUnbondingHead  = solstore.Slot(6)
	slotCommission     = solstore.Slot(7)
	slotAllValidators  = solstore.Slot(8)
	slotNextSet        = solstore.Slot(9)
	slotByConsAddr     = solstore.Slot(10)
	slotValState       = solstore.Slot(11)
	slotDelegatedTo    = solstore.Slot(12)
	slotParams         = uint64(13)
	slotTotals         = uint64(25)
	slotRedelegations  = solstore.Slot(31)
	slotRedelegHead    = solstore.Slot(32)
	slotMissedBlocks   = solstore.Slot(33)
	slotStakeHistory   = solstore.Slot(34)
)

// Indexes of the totals array.
const (
	totalBonded = iota
	totalUnbonding
	totalCommunityPool
	totalRewards
	totalCommission
	totalBurned
)

// paramValidatorPower is the params slot (not governable) holding the equal CometBFT power.
const paramValidatorPower = 10

// Bounds on what Go reads back from contract storage.
const (
	maxRequestData   = 1024
	maxKeyBytes      = 64
	maxMoniker       = 64
	maxValidatorList = 100_000
	maxDelegatedTo   = 32
)

// Validator is a validator record as the contract stores it.
type Validator struct {
	Operator        common.Address
	ConsensusPubKey []byte
	BLSPubKey       []byte
	Tokens          *uint256.Int
	Shares          *uint256.Int
	CommissionBps   uint16
	Active          bool
	Jailed          bool
	Tombstoned      bool
	Moniker         string
}

// Delegation is a delegator's shares of a validator and the validator's
// reward ratio when the delegation was last settled (F1's starting period).
type Delegation struct {
	Shares *uint256.Int
	Ratio  *uint256.Int
}

func valSlot(op common.Address) common.Hash {
	return solstore.MapSlot(slotVals, solstore.AddressKey(op))
}

func valStateSlot(op common.Address) common.Hash {
	return solstore.MapSlot(slotValState, solstore.AddressKey(op))
}

func delSlot(delegator, validator common.Address) common.Hash {
	return solstore.MapSlot(solstore.MapSlot(slotDels, solstore.AddressKey(delegator)), solstore.AddressKey(validator))
}

// readValidator returns the record of op; ok is false when none exists.
func readValidator(s solstore.Store, op common.Address) (v Validator, ok bool) {
	base := valSlot(op)
	v.Operator = s.Addr(base)
	if v.Operator == (common.Address{}) {
		return v, false
	}
	v.ConsensusPubKey, _ = s.Bytes(solstore.Offset(base, 1), maxKeyBytes)
	v.BLSPubKey, _ = s.Bytes(solstore.Offset(base, 2), maxKeyBytes)
	v.Tokens = s.Uint(solstore.Offset(base, 3))
	v.Shares = s.Uint(solstore.Offset(base, 4))
	flags := solstore.Offset(base, 5)
	v.CommissionBps = uint16(s.Field(flags, 0, 2).Uint64())
	v.Active, v.Jailed, v.Tombstoned = s.Bool(flags, 2), s.Bool(flags, 3), s.Bool(flags, 4)
	moniker, _ := s.Bytes(solstore.Offset(base, 6), maxMoniker)
	v.Moniker = string(moniker)
	return v, true
}

// writeValidator stores the record; unchanged slots are not written.
func writeValidator(s solstore.Store, v Validator) {
	base := valSlot(v.Operator)
	s.SetAddr(base, v.Operator)
	s.SetBytes(solstore.Offset(base, 1), v.ConsensusPubKey)
	s.SetBytes(solstore.Offset(base, 2), v.BLSPubKey)
	s.SetUint(solstore.Offset(base, 3), v.Tokens)
	s.SetUint(solstore.Offset(base, 4), v.Shares)
	flags := solstore.Offset(base, 5)
	s.SetField(flags, 0, 2, uint256.NewInt(uint64(v.CommissionBps)))
	s.SetBool(flags, 2, v.Active)
	s.SetBool(flags, 3, v.Jailed)
	s.SetBool(flags, 4, v.Tombstoned)
	s.SetBytes(solstore.Offset(base, 6), []byte(v.Moniker))
}

func readDelegation(s solstore.Store, delegator, validator common.Address) Delegation {
	base := delSlot(delegator, validator)
	return Delegation{Shares: s.Uint(base), Ratio: s.Uint(solstore.Offset(base, 1))}
}

func writeDelegation(s solstore.Store, delegator, validator common.Address, d Delegation) {
	base := delSlot(delegator, validator)
	s.SetUint(base, d.Shares)
	s.SetUint(solstore.Offset(base, 1), d.Ratio)
}

func rewardRatioSlot(v common.Address) common.Hash {
	return solstore.MapSlot(slotRewardRatio, solstore.AddressKey(v))
}

func commissionSlot(v common.Address) common.Hash {
	return solstore.MapSlot(slotCommission, solstore.AddressKey(v))
}

func consAddrSlot(addr []byte) common.Hash {
	var b [20]byte
	copy(b[:], addr)
	return solstore.MapSlot(slotByConsAddr, solstore.Bytes20Key(b))
}

func delegatedToSlot(delegator common.Address) common.Hash {
	return solstore.MapSlot(slotDelegatedTo, solstore.AddressKey(delegator))
}

func totalSlot(i int) common.Hash { return solstore.Slot(slotTotals + uint64(i)) }

func paramSlot(i int) common.Hash { return solstore.Slot(slotParams + uint64(i)) }

// readParams reads the parameters from storage.
func readParams(s solstore.Store) Params {
	return paramsFromWords(s.Uints(paramSlot(0), len(ParamKeys)))
}

// writeParams writes the parameters to storage.
func writeParams(s solstore.Store, p Params) { s.SetUints(paramSlot(0), p.words()) }
