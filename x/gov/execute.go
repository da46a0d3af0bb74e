package gov

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/inference"
	"github.com/hyperion-rollup/hyperion/x/staking"
	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// ParamChange is one typed parameter change of a kind-1 proposal.
type ParamChange struct {
	Module string
	Key    string
	Value  []byte
}

var (
	paramChangesArgs = mustArgs("tuple[]", []abi.ArgumentMarshaling{
		{Name: "module", Type: "string"}, {Name: "key", Type: "string"}, {Name: "value", Type: "bytes"}})
	spendArgs = abi.Arguments{{Type: mustType("address", nil)}, {Type: mustType("uint256", nil)}}
	uintArgs  = abi.Arguments{{Type: mustType("uint256", nil)}}
)

func mustType(t string, comps []abi.ArgumentMarshaling) abi.Type {
	typ, err := abi.NewType(t, "", comps)
	if err != nil {
		panic(err)
	}
	return typ
}

func mustArgs(t string, comps []abi.ArgumentMarshaling) abi.Arguments {
	return abi.Arguments{{Type: mustType(t, comps)}}
}

// EncodeParamChanges is the kind-1 payload: abi.encode(ParamChange[]).
func EncodeParamChanges(changes []ParamChange) ([]byte, error) {
	type pc struct {
		Module string
		Key    string
		Value  []byte
	}
	in := make([]pc, len(changes))
	for i, c := range changes {
		in[i] = pc(c)
	}
	return paramChangesArgs.Pack(in)
}

// EncodeUint is a uint256 parameter value: abi.encode(uint256).
func EncodeUint(v uint64) []byte {
	out, _ := uintArgs.Pack(new(big.Int).SetUint64(v))
	return out
}

// EncodeSpend is the kind-2 payload: abi.encode(address to, uint256 amount).
func EncodeSpend(to common.Address, amount *big.Int) ([]byte, error) {
	return spendArgs.Pack(to, amount)
}

func decodeParamChanges(payload []byte) ([]ParamChange, error) {
	out, err := paramChangesArgs.Unpack(payload)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadPayload, err)
	}
	raw := abi.ConvertType(out[0], new([]ParamChange)).(*[]ParamChange)
	if len(*raw) == 0 || len(*raw) > 16 {
		return nil, fmt.Errorf("%w: 1 to 16 changes", ErrBadPayload)
	}
	return *raw, nil
}

func decodeSpend(payload []byte) (common.Address, *uint256.Int, error) {
	out, err := spendArgs.Unpack(payload)
	if err != nil {
		return common.Address{}, nil, fmt.Errorf("%w: %v", ErrBadPayload, err)
	}
	amount, ok := bigU256(out[1].(*big.Int))
	if !ok {
		return common.Address{}, nil, ErrBadPayload
	}
	return out[0].(common.Address), amount, nil
}

func decodeUint(value []byte) (*uint256.Int, error) {
	out, err := uintArgs.Unpack(value)
	if err != nil || len(value) != 32 {
		return nil, fmt.Errorf("%w: value is not an abi-encoded uint256", ErrBadPayload)
	}
	v, _ := bigU256(out[0].(*big.Int))
	return v, nil
}

// The chain parameters (module "evm") governance may change.
const (
	evmGasLimitKey           = "block_gas_limit"
	evmBaseFeeDenominatorKey = "base_fee_change_denominator"
	evmElasticityKey         = "elasticity_multiplier"
	evmMinBaseFeeKey         = "min_base_fee"
)

// evmParamKeys lists the governable chain parameters in view-writing order.
var evmParamKeys = []string{evmGasLimitKey, evmBaseFeeDenominatorKey, evmElasticityKey, evmMinBaseFeeKey}

// evmParamWords are the values of evmParamKeys, base-fee settings as in
// force (absent ones are the defaults).
func evmParamWords(p system.Params) []uint64 {
	bf := p.BaseFee()
	return []uint64{p.BlockGasLimit, bf.ChangeDenominator, bf.ElasticityMultiplier, bf.MinBaseFee}
}

// setEVMParam sets one chain parameter; system.Params.ValidateChange checks
// the bounds of the whole set afterwards.
func setEVMParam(p *system.Params, key string, v *uint256.Int) error {
	if !v.IsUint64() || (v.IsZero() && (key == evmBaseFeeDenominatorKey || key == evmElasticityKey)) {
		return fmt.Errorf("%w: evm/%s value %s", ErrBadPayload, key, v.Dec())
	}
	switch key {
	case evmGasLimitKey:
		p.BlockGasLimit = v.Uint64()
	case evmBaseFeeDenominatorKey:
		p.BaseFeeChangeDenominator = v.Uint64()
	case evmElasticityKey:
		p.ElasticityMultiplier = v.Uint64()
	case evmMinBaseFeeKey:
		p.MinBaseFee = v.Uint64()
	default:
		return fmt.Errorf("%w: evm/%s", ErrBadPayload, key)
	}
	return nil
}

func knownParam(module, key string) bool {
	var keys []string
	switch module {
	case "evm":
		keys = evmParamKeys
	case "staking":
		keys = staking.ParamKeys
	case "gov":
		keys = ParamKeys
	case inference.GovModule:
		keys = []string{inference.GovKeyRegister, inference.GovKeyRemove}
	}
	for _, k := range keys {
		if k == key {
			return true
		}
	}
	return false
}

// pendingParams are the three parameter sets a proposal may change.
type pendingParams struct {
	chain   system.Params
	staking staking.Params
	gov     Params
}

// applyParamChanges validates every change of a passed proposal against the
// current parameters and applies all of them, or none.
func (k *Keeper) applyParamChanges(changes []ParamChange) error {
	pp := pendingParams{chain: *k.chain, staking: k.staking.Params(), gov: k.params}
	for _, c := range changes {
		if c.Module == inference.GovModule {
			// Registry changes are written at once; execute reverts them
			// with everything else if a later change fails.
			if err := inference.ApplyGovChange(k.db, c.Key, c.Value); err != nil {
				return fmt.Errorf("%w: %v", ErrBadPayload, err)
			}
			continue
		}
		v, err := decodeUint(c.Value)
		if err != nil {
			return err
		}
		if err := pp.set(c.Module, c.Key, v); err != nil {
			return err
		}
	}
	if err := pp.chain.ValidateChange(*k.chain); err != nil {
		return fmt.Errorf("%w: %v", ErrBadPayload, err)
	}
	if err := k.staking.SetParams(pp.staking); err != nil {
		return err
	}
	*k.chain = pp.chain
	k.params = pp.gov
	writeParams(k.st, pp.gov)
	k.writeParamViews()
	return nil
}

// set changes one parameter, checking the module's own bounds.
func (pp *pendingParams) set(module, key string, v *uint256.Int) error {
	var err error
	switch module {
	case "evm":
		err = setEVMParam(&pp.chain, key, v)
	case "staking":
		pp.staking, err = pp.staking.WithParam(key, v)
	case "gov":
		pp.gov, err = pp.gov.WithParam(key, v)
	default:
		err = fmt.Errorf("%w: unknown module %q", ErrBadPayload, module)
	}
	return err
}

// writeParamViews stores every parameter where the contract's param() view reads it.
func (k *Keeper) writeParamViews() {
	writeParamViews(k.st, *k.chain, k.staking.Params(), k.params)
}

func writeParamViews(st solstore.Store, chain system.Params, sp staking.Params, gp Params) {
	word := func(v *uint256.Int) []byte { b := v.Bytes32(); return b[:] }
	for i, w := range evmParamWords(chain) {
		st.SetBytes(paramViewSlot("evm", evmParamKeys[i]), word(uint256.NewInt(w)))
	}
	keys, vals := sp.Words()
	for i, key := range keys {
		st.SetBytes(paramViewSlot("staking", key), word(vals[i]))
	}
	for i, w := range gp.words() {
		st.SetBytes(paramViewSlot("gov", ParamKeys[i]), word(w))
	}
}
