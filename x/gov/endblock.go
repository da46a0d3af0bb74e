package gov

import (
	"github.com/ethereum/go-ethereum/common"
)

// EndBlock applies the block's requests, closes the deposit and voting
// periods that ended, executes passed proposals and refreshes the live
// tallies of proposals voted on in this block.
func (k *Keeper) EndBlock() {
	k.ApplyRequests()
	var still []uint64
	for _, id := range readOpen(k.st) {
		p, _ := readProposal(k.st, id)
		if uint64(k.height) < p.VotingEnd {
			still = append(still, id)
			continue
		}
		if p.Status == StatusDeposit {
			k.finish(p, StatusRejected)
			continue
		}
		t := k.Tally(id)
		k.writeTally(id, t)
		k.finish(p, k.execute(p, k.outcome(t)))
	}
	writeOpen(k.st, still)
	for _, id := range k.voted {
		if p, _ := readProposal(k.st, id); p.Status == StatusVoting {
			k.writeTally(id, k.Tally(id))
		}
	}
}

// execute runs a passed proposal; a change that does not validate or a
// spend the pool cannot cover marks it failed, without halting the chain.
func (k *Keeper) execute(p Proposal, status uint8) uint8 {
	if status != StatusPassed {
		return status
	}
	snap := k.db.Snapshot()
	var err error
	switch p.Kind {
	case KindParams:
		var changes []ParamChange
		if changes, err = decodeParamChanges(p.Payload); err == nil {
			err = k.applyParamChanges(changes)
		}
	case KindPoolSpend:
		to, amount, derr := decodeSpend(p.Payload)
		if err = derr; err == nil {
			err = k.staking.SpendCommunityPool(to, amount)
		}
	}
	if err != nil {
		k.db.RevertToSnapshot(snap)
		return StatusFailed
	}
	return StatusPassed
}

// finish records the outcome and refunds the deposits, or burns them when vetoed.
func (k *Keeper) finish(p Proposal, status uint8) {
	p.Status = status
	writeProposal(k.st, p)
	depositors := k.st.AddressArray(depositorsSlot(p.ID), maxDepositors)
	for _, d := range depositors {
		slot := depositSlot(p.ID, d)
		amount := k.st.Uint(slot)
		k.st.SetWord(slot, common.Hash{})
		if status == StatusVetoed {
			k.burn(amount)
		} else {
			k.pay(d, amount)
		}
	}
	k.st.SetAddressArray(depositorsSlot(p.ID), nil)
	k.emit("ProposalFinished", p.ID, status)
}
