package gov

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
)

// ApplyRequests drains the contract's queue and applies every request in
// order, atomically; a failed one refunds its value and emits RequestRejected.
func (k *Keeper) ApplyRequests() {
	contract.Apply(k.db, &k.logs, k.st.DrainQueue(slotQueue, maxRequestData), k.apply)
}

// apply runs the handler of one decoded request.
func (k *Keeper) apply(r solstore.Request, method string, args []any) error {
	switch method {
	case "submitProposal":
		return k.submit(r.Sender, r.ID, r.Value, args[0].(uint8), args[1].([]byte), args[2].(string))
	case "deposit":
		return k.deposit(r.Sender, r.ID, r.Value)
	case "vote":
		return k.vote(r.Sender, r.ID, args[1].(uint8))
	}
	return ErrBadRequest
}

// submit stores a proposal under the id the contract assigned and takes its first deposit.
func (k *Keeper) submit(proposer common.Address, id uint64, value *uint256.Int, kind uint8, payload []byte, desc string) error {
	open := readOpen(k.st)
	if len(open) >= maxOpen {
		return fmt.Errorf("%w: open proposals", ErrTooMany)
	}
	if len(payload) > maxPayload || len(desc) > maxDescription {
		return ErrBadPayload
	}
	if err := k.checkPayload(kind, payload); err != nil {
		return err
	}
	p := Proposal{ID: id, Kind: kind, Proposer: proposer, Payload: payload, Description: desc,
		Deposit: new(uint256.Int), VotingEnd: uint64(k.height) + k.params.DepositPeriod, Status: StatusDeposit}
	writeProposal(k.st, p)
	writeOpen(k.st, append(open, id))
	k.emit("ProposalSubmitted", id, proposer, kind)
	if value.IsZero() {
		return nil
	}
	return k.deposit(proposer, id, value)
}

// checkPayload validates a proposal's payload for its kind.
func (k *Keeper) checkPayload(kind uint8, payload []byte) error {
	switch kind {
	case KindText:
		return nil
	case KindParams:
		changes, err := decodeParamChanges(payload)
		if err != nil {
			return err
		}
		for _, c := range changes {
			if !knownParam(c.Module, c.Key) {
				return fmt.Errorf("%w: unknown parameter %s/%s", ErrBadPayload, c.Module, c.Key)
			}
		}
		return nil
	case KindPoolSpend:
		_, _, err := decodeSpend(payload)
		return err
	}
	return fmt.Errorf("%w: kind %d", ErrBadPayload, kind)
}

func (k *Keeper) deposit(depositor common.Address, id uint64, value *uint256.Int) error {
	p, ok := readProposal(k.st, id)
	if !ok {
		return ErrUnknownProposal
	}
	if p.Status != StatusDeposit && p.Status != StatusVoting {
		return ErrClosed
	}
	slot := depositSlot(id, depositor)
	prev := k.st.Uint(slot)
	if prev.IsZero() {
		if k.st.Len(depositorsSlot(id)) >= maxDepositors {
			return fmt.Errorf("%w: depositors", ErrTooMany)
		}
		k.st.PushAddress(depositorsSlot(id), depositor)
	}
	k.st.SetUint(slot, prev.Add(prev, value))
	p.Deposit.Add(p.Deposit, value)
	if p.Status == StatusDeposit && !p.Deposit.Lt(k.params.MinDeposit) {
		p.Status, p.VotingEnd = StatusVoting, uint64(k.height)+k.params.VotingPeriod
	}
	writeProposal(k.st, p)
	k.emit("Deposited", id, depositor, value.ToBig())
	return nil
}

func (k *Keeper) vote(voter common.Address, id uint64, option uint8) error {
	p, ok := readProposal(k.st, id)
	if !ok {
		return ErrUnknownProposal
	}
	if p.Status != StatusVoting {
		return ErrNotVoting
	}
	if option < 1 || option > 4 {
		return ErrBadRequest
	}
	slot := voteSlot(id, voter)
	if k.st.Uint64(slot) == 0 {
		if k.st.Len(votersSlot(id)) >= maxVoters {
			return fmt.Errorf("%w: voters", ErrTooMany)
		}
		k.st.PushAddress(votersSlot(id), voter)
	}
	k.st.SetUint64(slot, uint64(option))
	if n := len(k.voted); n == 0 || k.voted[n-1] != id {
		k.voted = append(k.voted, id)
	}
	k.emit("Voted", id, voter, option)
	return nil
}

func bigU256(b *big.Int) (*uint256.Int, bool) {
	v, overflow := uint256.FromBig(b)
	return v, !overflow && b.Sign() >= 0
}
