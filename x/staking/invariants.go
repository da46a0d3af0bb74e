package staking

import (
	"errors"
	"fmt"

	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
)

// ErrInvariant is returned when the module's books do not balance.
var ErrInvariant = errors.New("staking invariant broken")

// Totals are the module's running sums.
type Totals struct {
	Bonded, Unbonding, CommunityPool, Rewards, Commission, Burned *uint256.Int
}

// Totals returns the running sums.
func (k *Keeper) Totals() Totals {
	return Totals{
		Bonded: k.total(totalBonded), Unbonding: k.total(totalUnbonding), CommunityPool: k.total(totalCommunityPool),
		Rewards: k.total(totalRewards), Commission: k.total(totalCommission), Burned: k.total(totalBurned),
	}
}

// Escrowed is what the contract's balance must hold: bonded, unbonding,
// community pool, unpaid rewards and commission.
func (t Totals) Escrowed() *uint256.Int {
	sum := new(uint256.Int).Add(t.Bonded, t.Unbonding)
	sum.Add(sum, t.CommunityPool)
	sum.Add(sum, t.Rewards)
	return sum.Add(sum, t.Commission)
}

// CheckInvariants verifies, by walking every record (tests and audits only):
// the contract's balance equals the escrowed totals plus queued values, the
// validators' tokens sum to the bonded total and the unbonding queue to the
// unbonding total.
func (k *Keeper) CheckInvariants() error {
	t := k.Totals()
	want := t.Escrowed()
	for i := uint64(0); i < k.st.Len(slotQueue); i++ {
		want.Add(want, k.st.Uint(solstore.Offset(solstore.Elem(slotQueue, i, 3), 1)))
	}
	if bal := k.db.GetBalance(StakingAddress); !bal.Eq(want) {
		return fmt.Errorf("%w: contract balance %s, books %s", ErrInvariant, bal, want)
	}
	tokens := new(uint256.Int)
	for _, op := range k.st.AddressArray(slotAllValidators, maxValidatorList) {
		v, _ := readValidator(k.st, op)
		tokens.Add(tokens, v.Tokens)
	}
	if !tokens.Eq(t.Bonded) {
		return fmt.Errorf("%w: validator tokens %s, bonded %s", ErrInvariant, tokens, t.Bonded)
	}
	unbonding := new(uint256.Int)
	for i := k.st.Uint64(slotUnbondingHead); i < k.st.Len(slotUnbondingQueue); i++ {
		unbonding.Add(unbonding, k.unbondingAt(i).amount)
	}
	if !unbonding.Eq(t.Unbonding) {
		return fmt.Errorf("%w: unbonding entries %s, total %s", ErrInvariant, unbonding, t.Unbonding)
	}
	return nil
}
