package staking

import (
	"errors"
	"fmt"

	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/staking/syscontract"
)

// ErrInvalidParam is returned for a parameter value outside its bounds.
var ErrInvalidParam = errors.New("staking: invalid parameter")

// Params are the staking module's parameters; only governance changes them.
type Params struct {
	// MaxValidators is N, the size of the active set (top N by bonded stake).
	MaxValidators uint64 `json:"max_validators"`
	// EpochLength is the number of blocks between set changes.
	EpochLength uint64 `json:"epoch_length"`
	// UnbondingTime is the unbonding period in seconds; evidence older than it is ignored.
	UnbondingTime uint64 `json:"unbonding_time"`
	// MinSelfBond is the operator's smallest self-delegation (wei) for the set.
	MinSelfBond *uint256.Int `json:"min_self_bond"`
	// SlashDoubleSignBps is the double-sign slash fraction in basis points.
	SlashDoubleSignBps uint64 `json:"slash_double_sign_bps"`
	// SlashDowntimeBps is the downtime (and withheld-share) slash fraction in basis points.
	SlashDowntimeBps uint64 `json:"slash_downtime_bps"`
	// DowntimeWindow is the signed-blocks window in blocks.
	DowntimeWindow uint64 `json:"downtime_window"`
	// MinSignedBps is the least fraction of the window a validator must sign.
	MinSignedBps uint64 `json:"min_signed_bps"`
	// JailDuration is how long (seconds) a downtime jail lasts before unjail.
	JailDuration uint64 `json:"jail_duration"`
	// SlashToCommunityPool sends slashed funds to the community pool instead of burning them.
	SlashToCommunityPool bool `json:"slash_to_community_pool"`
}

// paramCount is the number of parameter slots the contract reserves.
const paramCount = 12

// Token is 10^18 wei.
var Token = uint256.NewInt(1_000_000_000_000_000_000)

// DefaultParams returns the parameters of a fresh chain.
func DefaultParams() Params {
	return Params{
		MaxValidators: 100, EpochLength: 20, UnbondingTime: 1800, MinSelfBond: new(uint256.Int).Set(Token),
		SlashDoubleSignBps: 500, SlashDowntimeBps: 1, DowntimeWindow: 100, MinSignedBps: 5000, JailDuration: 60,
	}
}

// Validate checks every parameter's bounds.
func (p Params) Validate() error {
	switch {
	case p.MaxValidators == 0 || p.MaxValidators > 1000:
		return fmt.Errorf("%w: max_validators %d outside [1, 1000]", ErrInvalidParam, p.MaxValidators)
	case p.EpochLength < 2 || p.EpochLength > 1_000_000:
		return fmt.Errorf("%w: epoch_length %d outside [2, 1e6]", ErrInvalidParam, p.EpochLength)
	case p.UnbondingTime == 0 || p.UnbondingTime > 10*365*24*3600:
		return fmt.Errorf("%w: unbonding_time %d outside [1, 10 years]", ErrInvalidParam, p.UnbondingTime)
	case p.MinSelfBond == nil:
		return fmt.Errorf("%w: min_self_bond missing", ErrInvalidParam)
	case p.SlashDoubleSignBps > 10000 || p.SlashDowntimeBps > 10000 || p.MinSignedBps > 10000:
		return fmt.Errorf("%w: a basis-point value above 10000", ErrInvalidParam)
	case p.DowntimeWindow < 2 || p.DowntimeWindow > 1_000_000:
		return fmt.Errorf("%w: downtime_window %d outside [2, 1e6]", ErrInvalidParam, p.DowntimeWindow)
	case p.JailDuration > 365*24*3600:
		return fmt.Errorf("%w: jail_duration %d above a year", ErrInvalidParam, p.JailDuration)
	}
	return nil
}

// ParamKeys are the governance keys of the staking parameters, in slot order.
var ParamKeys = []string{
	"max_validators", "epoch_length", "unbonding_time", "min_self_bond", "slash_double_sign_bps",
	"slash_downtime_bps", "downtime_window", "min_signed_bps", "jail_duration", "slash_to_community_pool",
}

// words returns the parameters in slot order.
func (p Params) words() []*uint256.Int {
	var toPool uint64
	if p.SlashToCommunityPool {
		toPool = 1
	}
	return []*uint256.Int{
		uint256.NewInt(p.MaxValidators), uint256.NewInt(p.EpochLength), uint256.NewInt(p.UnbondingTime),
		new(uint256.Int).Set(p.MinSelfBond), uint256.NewInt(p.SlashDoubleSignBps), uint256.NewInt(p.SlashDowntimeBps),
		uint256.NewInt(p.DowntimeWindow), uint256.NewInt(p.MinSignedBps), uint256.NewInt(p.JailDuration),
		uint256.NewInt(toPool),
	}
}

// paramsFromWords is the inverse of words; values that do not fit a uint64
// are clamped to its maximum (Validate then rejects them).
func paramsFromWords(w []*uint256.Int) Params {
	u := func(i int) uint64 { return syscontract.ClampUint64(w[i]) }
	return Params{
		MaxValidators: u(0), EpochLength: u(1), UnbondingTime: u(2), MinSelfBond: new(uint256.Int).Set(w[3]),
		SlashDoubleSignBps: u(4), SlashDowntimeBps: u(5), DowntimeWindow: u(6), MinSignedBps: u(7),
		JailDuration: u(8), SlashToCommunityPool: !w[9].IsZero(),
	}
}

// WithParam returns p with the parameter key set to value (a uint256 word).
func (p Params) WithParam(key string, value *uint256.Int) (Params, error) {
	w := p.words()
	if !syscontract.SetParamWord(ParamKeys, w, key, value) {
		return p, fmt.Errorf("%w: unknown key %q", ErrInvalidParam, key)
	}
	out := paramsFromWords(w)
	return out, out.Validate()
}

// Words returns the parameters as (key, value) pairs in slot order.
func (p Params) Words() ([]string, []*uint256.Int) { return ParamKeys, p.words() }
