package gov

import (
	"errors"
	"fmt"

	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/staking/syscontract"
)

// ErrInvalidParam is returned for a gov parameter outside its bounds.
var ErrInvalidParam = errors.New("gov: invalid parameter")

// Params are the governance parameters (periods in blocks, fractions in basis points).
type Params struct {
	MinDeposit    *uint256.Int `json:"min_deposit"`
	DepositPeriod uint64       `json:"deposit_period"`
	VotingPeriod  uint64       `json:"voting_period"`
	QuorumBps     uint64       `json:"quorum_bps"`
	ThresholdBps  uint64       `json:"threshold_bps"`
	VetoBps       uint64       `json:"veto_bps"`
}

// ParamKeys are the governance keys of the gov parameters, in slot order.
var ParamKeys = []string{"min_deposit", "deposit_period", "voting_period", "quorum_bps", "threshold_bps", "veto_bps"}

// DefaultParams returns the parameters of a fresh chain: 100 tokens to
// reach voting, a 300-block deposit period and a 30-block voting period.
func DefaultParams() Params {
	minDeposit := new(uint256.Int).Mul(uint256.NewInt(100), uint256.NewInt(1_000_000_000_000_000_000))
	return Params{MinDeposit: minDeposit, DepositPeriod: 300, VotingPeriod: 30, QuorumBps: 3340, ThresholdBps: 5000, VetoBps: 3340}
}

// Validate checks the bounds.
func (p Params) Validate() error {
	switch {
	case p.MinDeposit == nil:
		return fmt.Errorf("%w: min_deposit missing", ErrInvalidParam)
	case p.DepositPeriod == 0 || p.DepositPeriod > 10_000_000 || p.VotingPeriod == 0 || p.VotingPeriod > 10_000_000:
		return fmt.Errorf("%w: periods must be in [1, 1e7] blocks", ErrInvalidParam)
	case p.QuorumBps > 10000 || p.ThresholdBps > 10000 || p.VetoBps > 10000:
		return fmt.Errorf("%w: a basis-point value above 10000", ErrInvalidParam)
	}
	return nil
}

func (p Params) words() []*uint256.Int {
	return []*uint256.Int{new(uint256.Int).Set(p.MinDeposit), uint256.NewInt(p.DepositPeriod),
		uint256.NewInt(p.VotingPeriod), uint256.NewInt(p.QuorumBps), uint256.NewInt(p.ThresholdBps), uint256.NewInt(p.VetoBps)}
}

func paramsFromWords(w []*uint256.Int) Params {
	u := func(i int) uint64 { return syscontract.ClampUint64(w[i]) }
	return Params{MinDeposit: new(uint256.Int).Set(w[0]), DepositPeriod: u(1), VotingPeriod: u(2),
		QuorumBps: u(3), ThresholdBps: u(4), VetoBps: u(5)}
}

// WithParam returns p with key set to value, validated.
func (p Params) WithParam(key string, value *uint256.Int) (Params, error) {
	w := p.words()
	if !syscontract.SetParamWord(ParamKeys, w, key, value) {
		return p, fmt.Errorf("%w: unknown key %q", ErrInvalidParam, key)
	}
	out := paramsFromWords(w)
	return out, out.Validate()
}
