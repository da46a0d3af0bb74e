package gov

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
)

// Storage layout of contracts/Gov.sol (checked against Gov.layout.json by a test).
var (
	slotQueue      = solstore.Slot(0)
	slotProposals  = solstore.Slot(2)
	slotTallies    = solstore.Slot(3)
	slotParamViews = solstore.Slot(4)
	slotVotes      = solstore.Slot(5)
	slotVoters     = solstore.Slot(6)
	slotDepositors = solstore.Slot(7)
	slotDeposits   = solstore.Slot(8)
	slotOpen       = solstore.Slot(9)
	slotGovParams  = uint64(10)
	slotBurned     = solstore.Slot(18)
)

// Proposal statuses and kinds.
const (
	StatusDeposit  uint8 = 1
	StatusVoting   uint8 = 2
	StatusPassed   uint8 = 3
	StatusRejected uint8 = 4
	StatusVetoed   uint8 = 5
	StatusFailed   uint8 = 6

	KindText      uint8 = 0
	KindParams    uint8 = 1
	KindPoolSpend uint8 = 2
)

// Bounds.
const (
	maxRequestData = 8192
	maxPayload     = 4096
	maxDescription = 1024
	maxOpen        = 64
	maxVoters      = 4096
	maxDepositors  = 256
)

// Proposal is a proposal as the contract stores it. VotingEnd is the end of
// the deposit period while the status is StatusDeposit.
type Proposal struct {
	ID          uint64
	Kind        uint8
	Proposer    common.Address
	Payload     []byte
	Description string
	Deposit     *uint256.Int
	VotingEnd   uint64
	Status      uint8
}

func proposalSlot(id uint64) common.Hash {
	return solstore.MapSlot(slotProposals, solstore.Uint64Key(id))
}

func readProposal(s solstore.Store, id uint64) (Proposal, bool) {
	base := proposalSlot(id)
	p := Proposal{ID: s.Field(base, 0, 8).Uint64(), Kind: uint8(s.Field(base, 8, 1).Uint64())}
	if p.ID == 0 {
		return p, false
	}
	p.Proposer = common.BytesToAddress(s.Field(base, 9, 20).Bytes())
	p.Payload, _ = s.Bytes(solstore.Offset(base, 1), maxPayload)
	desc, _ := s.Bytes(solstore.Offset(base, 2), maxDescription)
	p.Description = string(desc)
	p.Deposit = s.Uint(solstore.Offset(base, 3))
	p.VotingEnd = s.Field(solstore.Offset(base, 4), 0, 8).Uint64()
	p.Status = uint8(s.Field(solstore.Offset(base, 4), 8, 1).Uint64())
	return p, true
}

func writeProposal(s solstore.Store, p Proposal) {
	base := proposalSlot(p.ID)
	s.SetField(base, 0, 8, uint256.NewInt(p.ID))
	s.SetField(base, 8, 1, uint256.NewInt(uint64(p.Kind)))
	s.SetField(base, 9, 20, new(uint256.Int).SetBytes(p.Proposer[:]))
	s.SetBytes(solstore.Offset(base, 1), p.Payload)
	s.SetBytes(solstore.Offset(base, 2), []byte(p.Description))
	s.SetUint(solstore.Offset(base, 3), p.Deposit)
	s.SetField(solstore.Offset(base, 4), 0, 8, uint256.NewInt(p.VotingEnd))
	s.SetField(solstore.Offset(base, 4), 8, 1, uint256.NewInt(uint64(p.Status)))
}

func voteSlot(id uint64, voter common.Address) common.Hash {
	return solstore.MapSlot(solstore.MapSlot(slotVotes, solstore.Uint64Key(id)), solstore.AddressKey(voter))
}

func depositSlot(id uint64, depositor common.Address) common.Hash {
	return solstore.MapSlot(solstore.MapSlot(slotDeposits, solstore.Uint64Key(id)), solstore.AddressKey(depositor))
}

func votersSlot(id uint64) common.Hash {
	return solstore.MapSlot(slotVoters, solstore.Uint64Key(id))
}

func depositorsSlot(id uint64) common.Hash {
	return solstore.MapSlot(slotDepositors, solstore.Uint64Key(id))
}

func tallySlot(id uint64) common.Hash { return solstore.MapSlot(slotTallies, solstore.Uint64Key(id)) }

// paramViewSlot is the slot of params[keccak256(module ‖ "/" ‖ key)].
func paramViewSlot(module, key string) common.Hash {
	return solstore.MapSlot(slotParamViews, crypto.Keccak256Hash([]byte(module+"/"+key)))
}

// readParams reads the gov parameters from storage.
func readParams(s solstore.Store) Params {
	return paramsFromWords(s.Uints(solstore.Slot(slotGovParams), len(ParamKeys)))
}

// writeParams writes the gov parameters to storage.
func writeParams(s solstore.Store, p Params) { s.SetUints(solstore.Slot(slotGovParams), p.words()) }

// readOpen lists the open proposals' ids.
func readOpen(s solstore.Store) []uint64 { return s.Uint64Array(slotOpen, maxOpen) }

// writeOpen stores the open proposals' ids.
func writeOpen(s solstore.Store, ids []uint64) { s.SetUint64Array(slotOpen, ids) }
