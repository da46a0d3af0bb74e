package gov

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/staking"
	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
)

// Tally is a stake-weighted count of the options (yes, no, abstain, veto)
// and the bonded stake of the active set.
type Tally struct {
	Options [4]*uint256.Int
	Bonded  *uint256.Int
}

// Voted is the stake that voted.
func (t Tally) Voted() *uint256.Int {
	sum := new(uint256.Int)
	for _, o := range t.Options {
		sum.Add(sum, o)
	}
	return sum
}

// valVote is an active validator's vote and the shares its voting delegators took back.
type valVote struct {
	v          staking.Validator
	option     uint64
	deductions *uint256.Int
}

// Tally counts a proposal's votes, Cosmos-style: only stake bonded to the
// active set counts; a delegator's vote counts its delegations; a validator's
// vote counts its remaining shares (those whose delegators did not vote).
// O(voters × validators per delegator + active set).
func (k *Keeper) Tally(id uint64) Tally {
	t := Tally{Bonded: new(uint256.Int)}
	for i := range t.Options {
		t.Options[i] = new(uint256.Int)
	}
	active := k.staking.ActiveSet()
	vals := make([]valVote, len(active))
	index := make(map[common.Address]int, len(active)) // lookups only, never iterated
	for i, op := range active {
		v, _ := k.staking.Validator(op)
		vals[i] = valVote{v: v, option: k.st.Uint64(voteSlot(id, op)), deductions: new(uint256.Int)}
		index[op] = i
		t.Bonded.Add(t.Bonded, v.Tokens)
	}
	for _, voter := range k.st.AddressArray(votersSlot(id), maxVoters) {
		option := k.st.Uint64(voteSlot(id, voter))
		for _, op := range k.staking.DelegatedTo(voter) {
			i, ok := index[op]
			shares := k.staking.DelegationShares(voter, op)
			if !ok || shares.IsZero() {
				continue
			}
			vals[i].deductions.Add(vals[i].deductions, shares)
			t.Options[option-1].Add(t.Options[option-1], tokensOf(vals[i].v, shares))
		}
	}
	for _, vv := range vals {
		if vv.option == 0 || vv.v.Shares.Lt(vv.deductions) {
			continue
		}
		rest := new(uint256.Int).Sub(vv.v.Shares, vv.deductions)
		t.Options[vv.option-1].Add(t.Options[vv.option-1], tokensOf(vv.v, rest))
	}
	return t
}

func tokensOf(v staking.Validator, shares *uint256.Int) *uint256.Int {
	if v.Shares.IsZero() {
		return new(uint256.Int)
	}
	out, _ := new(uint256.Int).MulDivOverflow(shares, v.Tokens, v.Shares)
	return out
}

// writeTally stores the tally where the contract's tally() view reads it.
func (k *Keeper) writeTally(id uint64, t Tally) {
	for i, o := range t.Options {
		k.st.SetUint(solstore.Offset(tallySlot(id), uint64(i)), o)
	}
}

// outcome decides a finished vote: quorum of bonded stake, then veto of the
// votes, then threshold of the non-abstaining votes.
func (k *Keeper) outcome(t Tally) uint8 {
	bps := func(x *uint256.Int, n uint64) *uint256.Int { return new(uint256.Int).Mul(x, uint256.NewInt(n)) }
	voted := t.Voted()
	if voted.IsZero() || bps(voted, 10000).Lt(bps(t.Bonded, k.params.QuorumBps)) {
		return StatusRejected
	}
	if bps(t.Options[3], 10000).Gt(bps(voted, k.params.VetoBps)) {
		return StatusVetoed
	}
	counted := new(uint256.Int).Sub(voted, t.Options[2])
	if !counted.IsZero() && bps(t.Options[0], 10000).Gt(bps(counted, k.params.ThresholdBps)) {
		return StatusPassed
	}
	return StatusRejected
}
