package staking

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"

	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/store"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// ErrGenesis is returned for a staking genesis that does not match the
// CometBFT genesis validators or breaks a rule.
var ErrGenesis = errors.New("staking genesis")

// GenesisValidator is a validator of the genesis state, bonded by its operator.
type GenesisValidator struct {
	Operator        common.Address `json:"operator"`
	ConsensusPubKey hexutil.Bytes  `json:"consensus_pubkey"`
	// SelfBond is the operator's self-delegation in wei, decimal; genesis
	// escrows it in the contract (it is part of the genesis supply).
	SelfBond      string `json:"self_bond"`
	CommissionBps uint16 `json:"commission_bps,omitempty"`
	Moniker       string `json:"moniker,omitempty"`
}

// GenesisState is the `staking` section of app_state.
type GenesisState struct {
	Params     *Params            `json:"params,omitempty"`
	Validators []GenesisValidator `json:"validators"`
}

// appStateSection is the part of app_state the module reads.
type appStateSection struct {
	Staking *GenesisState `json:"staking"`
}

// ParseGenesis reads the staking section of app_state. Without one every
// CometBFT genesis validator gets an operator derived from its key
// (keccak256(key)[12:]) and a self-bond of min_self_bond.
func ParseGenesis(appState []byte, vals system.ValidatorSet) (GenesisState, error) {
	var sec appStateSection
	if len(appState) > 0 {
		if err := json.Unmarshal(appState, &sec); err != nil {
			return GenesisState{}, fmt.Errorf("%w: %v", ErrGenesis, err)
		}
	}
	g := GenesisState{}
	if sec.Staking != nil {
		g = *sec.Staking
	}
	if g.Params == nil {
		p := DefaultParams()
		g.Params = &p
	}
	if sec.Staking == nil {
		for _, v := range vals.Validators {
			g.Validators = append(g.Validators, GenesisValidator{
				Operator: common.BytesToAddress(crypto.Keccak256(v.PubKey)[12:]), ConsensusPubKey: v.PubKey,
				SelfBond: g.Params.MinSelfBond.Dec(),
			})
		}
	}
	return g, g.validate(vals)
}

// validate checks params and that the validators are exactly CometBFT's genesis set.
func (g GenesisState) validate(vals system.ValidatorSet) error {
	if err := g.Params.Validate(); err != nil {
		return fmt.Errorf("%w: %v", ErrGenesis, err)
	}
	if len(vals.Validators) == 0 {
		return fmt.Errorf("%w: no genesis validators", ErrGenesis)
	}
	if len(g.Validators) != len(vals.Validators) {
		return fmt.Errorf("%w: %d staking validators for %d CometBFT validators", ErrGenesis, len(g.Validators), len(vals.Validators))
	}
	ops := map[common.Address]bool{}
	for _, v := range g.Validators {
		if len(v.ConsensusPubKey) != ed25519.PubKeySize {
			return fmt.Errorf("%w: consensus key of %s is not 32 bytes", ErrGenesis, v.Operator)
		}
		cv, err := vals.Find(ed25519.PubKey(v.ConsensusPubKey).Address())
		if err != nil || !bytes.Equal(cv.PubKey, v.ConsensusPubKey) {
			return fmt.Errorf("%w: %s is not a CometBFT genesis validator", ErrGenesis, v.Operator)
		}
		if cv.Power != vals.Validators[0].Power {
			return fmt.Errorf("%w: genesis validators must have equal power", ErrGenesis)
		}
		bond, ok := new(big.Int).SetString(v.SelfBond, 10)
		if !ok || bond.Sign() <= 0 || bond.Cmp(g.Params.MinSelfBond.ToBig()) < 0 || v.CommissionBps > 10000 {
			return fmt.Errorf("%w: self_bond %q of %s below min_self_bond or bad commission", ErrGenesis, v.SelfBond, v.Operator)
		}
		if ops[v.Operator] || v.Operator == (common.Address{}) {
			return fmt.Errorf("%w: operator %s zero or listed twice", ErrGenesis, v.Operator)
		}
		ops[v.Operator] = true
	}
	return nil
}

// emptyReader is a store with nothing in it (genesis starts empty).
type emptyReader struct{}

func (emptyReader) Get([]byte) ([]byte, error) { return nil, nil }

// GenesisChanges returns the state writes of the staking contract: code,
// escrowed self-bonds, parameters, validators and the first two sets.
func GenesisChanges(g GenesisState, vals system.ValidatorSet) ([]store.Change, error) {
	db := evm.NewStateDB(emptyReader{})
	db.CreateAccount(StakingAddress)
	db.SetNonce(StakingAddress, 1, tracing.NonceChangeGenesis)
	db.SetCode(StakingAddress, Code(), tracing.CodeChangeGenesis)
	k := NewKeeper(db, 0, 0)
	if err := k.SetParams(*g.Params); err != nil {
		return nil, err
	}
	k.st.SetUint64(paramSlot(paramValidatorPower), uint64(vals.Validators[0].Power))
	var active []common.Address
	for _, v := range g.Validators {
		bond := uint256.MustFromDecimal(v.SelfBond)
		db.AddBalance(StakingAddress, bond, tracing.BalanceChangeUnspecified)
		k.register(Validator{Operator: v.Operator, ConsensusPubKey: v.ConsensusPubKey, Tokens: new(uint256.Int),
			Shares: new(uint256.Int), CommissionBps: v.CommissionBps, Moniker: v.Moniker}, nil)
		if err := k.bond(v.Operator, v.Operator, bond); err != nil {
			return nil, err
		}
		active = append(active, v.Operator)
	}
	k.setActive(nil, active)
	k.st.SetAddressArray(slotNextSet, k.snapshot())
	db.Finalise(evm.ChainConfig(1).Rules(common.Big0, true, 0))
	return db.Changes()
}
