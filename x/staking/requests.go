package staking

import (
	"fmt"
	"math/big"

	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
)

// ApplyRequests drains the contract's queue and applies every request in
// order, each atomically. A request that fails refunds its value and emits RequestRejected.
func (k *Keeper) ApplyRequests() {
	contract.Apply(k.db, &k.logs, k.st.DrainQueue(slotQueue, maxRequestData), k.apply)
}

// apply runs the handler of one decoded request.
func (k *Keeper) apply(r solstore.Request, method string, args []any) error {
	switch method {
	case "createValidator":
		return k.createValidator(r.Sender, r.Value, args[0].([]byte), args[1].([]byte), args[2].([]byte),
			args[3].([]byte), args[4].(uint16), args[5].(string))
	case "delegate":
		return k.delegate(r.Sender, args[0].(common.Address), r.Value)
	case "undelegate":
		return k.undelegate(r.Sender, args[0].(common.Address), u256(args[1].(*big.Int)))
	case "redelegate":
		return k.redelegate(r.Sender, args[0].(common.Address), args[1].(common.Address), u256(args[2].(*big.Int)))
	case "withdrawRewards":
		return k.withdrawRewards(r.Sender, args[0].(common.Address))
	case "editValidator":
		return k.editValidator(r.Sender, args[0].(uint16), args[1].(string))
	case "unjail":
		return k.unjail(r.Sender)
	}
	return ErrBadRequest
}

func u256(b *big.Int) *uint256.Int {
	v, overflow := uint256.FromBig(b)
	if overflow {
		return new(uint256.Int).SetAllOne()
	}
	return v
}

// createValidator registers a validator and bonds its self-delegation.
func (k *Keeper) createValidator(op common.Address, value *uint256.Int, consPK, blsPK, pop, dkgPK []byte,
	bps uint16, moniker string) error {
	if _, ok := readValidator(k.st, op); ok {
		return ErrValidatorExists
	}
	if len(consPK) != ed25519.PubKeySize || len(blsPK) != 48 || len(dkgPK) != 33 || bps > 10000 || len(moniker) > maxMoniker {
		return ErrBadRequest
	}
	consAddr := ed25519.PubKey(consPK).Address()
	if k.st.Addr(consAddrSlot(consAddr)) != (common.Address{}) {
		return ErrConsKeyTaken
	}
	if value.Lt(k.params.MinSelfBond) {
		return ErrSelfBond
	}
	if k.st.Len(slotAllValidators) >= maxValidatorList {
		return fmt.Errorf("%w: validators", ErrTooMany)
	}
	if !VerifyPossession(blsPK, pop) {
		return ErrBadPoP
	}
	k.register(Validator{Operator: op, ConsensusPubKey: consPK, BLSPubKey: blsPK, Tokens: new(uint256.Int),
		Shares: new(uint256.Int), CommissionBps: bps, Moniker: moniker}, dkgPK)
	if err := k.bond(op, op, value); err != nil {
		return err // unreachable: a fresh validator always issues shares
	}
	k.emit("ValidatorCreated", op, consPK, value.ToBig())
	return nil
}

// register stores a new validator record and its indexes.
func (k *Keeper) register(v Validator, dkgPK []byte) {
	writeValidator(k.st, v)
	k.st.SetBytes(solstore.Offset(valStateSlot(v.Operator), 3), dkgPK)
	k.st.SetAddr(consAddrSlot(ed25519.PubKey(v.ConsensusPubKey).Address()), v.Operator)
	k.st.PushAddress(slotAllValidators, v.Operator)
}

func (k *Keeper) editValidator(op common.Address, bps uint16, moniker string) error {
	v, ok := readValidator(k.st, op)
	if !ok {
		return ErrUnknownValidator
	}
	if bps > 10000 || len(moniker) > maxMoniker {
		return ErrBadRequest
	}
	v.CommissionBps, v.Moniker = bps, moniker
	writeValidator(k.st, v)
	return nil
}
