package gov

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/staking"
)

// StakingKeeper is what governance needs of the staking module.
type StakingKeeper interface {
	ActiveSet() []common.Address
	Validator(op common.Address) (staking.Validator, bool)
	DelegatedTo(delegator common.Address) []common.Address
	DelegationShares(delegator, validator common.Address) *uint256.Int
	Params() staking.Params
	SetParams(staking.Params) error
	SpendCommunityPool(to common.Address, amount *uint256.Int) error
}
