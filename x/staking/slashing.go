package staking

import (
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
)

// Slash reasons of the Slashed event.
const (
	ReasonDoubleSign     uint8 = 1
	ReasonDowntime       uint8 = 2
	ReasonWithheldShares uint8 = 3
)

// maxUint64 marks a permanent jail.
const maxUint64 = ^uint64(0)

func slotUnbondingQueueElem(i uint64) common.Hash {
	return solstore.Elem(slotUnbondingQueue, i, unbondingWidth)
}

func slotRedelegationElem(i uint64) common.Hash {
	return solstore.Elem(slotRedelegations, i, redelegationWidth)
}

func (k *Keeper) unbondingAt(i uint64) unbondingEntry {
	base := slotUnbondingQueueElem(i)
	return unbondingEntry{
		delegator: k.st.Addr(base), completion: k.st.Field(base, 20, 8).Uint64(),
		validator: k.st.Addr(solstore.Offset(base, 1)), height: k.st.Field(solstore.Offset(base, 1), 20, 8).Uint64(),
		amount: k.st.Uint(solstore.Offset(base, 2)),
	}
}

func (k *Keeper) clearEntry(base common.Hash, width uint64) {
	for i := uint64(0); i < width; i++ {
		k.st.SetWord(solstore.Offset(base, i), common.Hash{})
	}
}

// pruneRedelegations drops matured redelegation records (kept only for slashing).
func (k *Keeper) pruneRedelegations() {
	head, n := k.st.Uint64(slotRedelegHead), k.st.Len(slotRedelegations)
	for ; head < n; head++ {
		base := slotRedelegationElem(head)
		if k.st.Field(base, 20, 8).Uint64() > k.time {
			break
		}
		k.clearEntry(base, redelegationWidth)
	}
	if head == n && n > 0 {
		head = 0
		k.st.SetLen(slotRedelegations, 0)
	}
	k.st.SetUint64(slotRedelegHead, head)
}

// HandleEvidence slashes, jails and tombstones every validator CometBFT
// reports for a duplicate vote (or light-client attack) no older than the
// unbonding period.
func (k *Keeper) HandleEvidence(evidence []abcitypes.Misbehavior, now time.Time) {
	for _, ev := range evidence {
		if now.Sub(ev.Time) > time.Duration(k.params.UnbondingTime)*time.Second {
			continue
		}
		op := k.st.Addr(consAddrSlot(ev.Validator.Address))
		v, ok := readValidator(k.st, op)
		if !ok || v.Tombstoned {
			continue
		}
		k.slash(v, k.params.SlashDoubleSignBps, ReasonDoubleSign, ev.Height)
		k.jail(op, maxUint64, true)
	}
}

// SlashWithheldShares is the hook for a validator that withheld its
// decryption shares: a downtime-sized slash and a jail. Like liveness
// handling it skips a validator already jailed, so the reports that keep
// coming while it owes shares cost it once per jail period.
func (k *Keeper) SlashWithheldShares(op common.Address) {
	v, ok := readValidator(k.st, op)
	if !ok || v.Tombstoned || v.Jailed {
		return
	}
	k.slash(v, k.params.SlashDowntimeBps, ReasonWithheldShares, k.height)
	k.jail(op, k.time+k.params.JailDuration, false)
}

// fracBps is bps basis points of x.
func fracBps(x *uint256.Int, bps uint64) *uint256.Int {
	out, _ := new(uint256.Int).MulDivOverflow(x, uint256.NewInt(bps), uint256.NewInt(10000))
	return out
}

// slash takes bps of the stake the validator had when the block at the
// infraction height began (Cosmos SDK semantics): first bps of every
// unbonding and redelegation away from it begun at or after that height,
// then what is still due from its current tokens (at most all of them).
// Stake delegated after the infraction does not raise the amount.
func (k *Keeper) slash(v Validator, bps uint64, reason uint8, infraction int64) {
	due := fracBps(k.tokensAt(v, infraction), bps)
	slashed := k.slashUnbondings(v.Operator, bps, infraction)
	slashed.Add(slashed, k.slashRedelegations(v.Operator, bps, infraction))
	if due.Gt(slashed) {
		v, _ = readValidator(k.st, v.Operator)
		rest := new(uint256.Int).Sub(due, slashed)
		if rest.Gt(v.Tokens) {
			rest.Set(v.Tokens)
		}
		v.Tokens.Sub(v.Tokens, rest)
		k.putValidator(v)
		k.subTotal(totalBonded, rest)
		slashed.Add(slashed, rest)
	}
	k.dispose(slashed)
	k.emit("Slashed", v.Operator, slashed.ToBig(), reason)
}

// slashUnbondings cuts bps of the unbondings from op begun at or after the
// infraction height and returns the total cut.
func (k *Keeper) slashUnbondings(op common.Address, bps uint64, infraction int64) *uint256.Int {
	total := new(uint256.Int)
	head, n := k.st.Uint64(slotUnbondingHead), k.st.Len(slotUnbondingQueue)
	for i := head; i < n; i++ {
		e := k.unbondingAt(i)
		if e.validator != op || e.height < uint64(infraction) {
			continue
		}
		cut := fracBps(e.amount, bps)
		k.st.SetUint(solstore.Offset(slotUnbondingQueueElem(i), 2), e.amount.Sub(e.amount, cut))
		k.subTotal(totalUnbonding, cut)
		total.Add(total, cut)
	}
	return total
}

// slashRedelegations burns bps of the destination shares of redelegations
// away from src begun at or after the infraction height.
func (k *Keeper) slashRedelegations(src common.Address, bps uint64, infraction int64) *uint256.Int {
	total := new(uint256.Int)
	head, n := k.st.Uint64(slotRedelegHead), k.st.Len(slotRedelegations)
	for i := head; i < n; i++ {
		base := slotRedelegationElem(i)
		if k.st.Addr(solstore.Offset(base, 1)) != src || k.st.Field(solstore.Offset(base, 1), 20, 8).Uint64() < uint64(infraction) {
			continue
		}
		delegator, dst := k.st.Addr(base), k.st.Addr(solstore.Offset(base, 2))
		total.Add(total, k.burnShares(delegator, dst, fracBps(k.st.Uint(solstore.Offset(base, 3)), bps)))
	}
	return total
}

// burnShares removes up to shares of delegator's delegation to op and its
// tokens from the bonded total; it returns the tokens removed.
func (k *Keeper) burnShares(delegator, op common.Address, shares *uint256.Int) *uint256.Int {
	v, ok := readValidator(k.st, op)
	d := readDelegation(k.st, delegator, op)
	if !ok || shares.IsZero() {
		return new(uint256.Int)
	}
	k.settle(delegator, op)
	d = readDelegation(k.st, delegator, op)
	if shares.Gt(d.Shares) {
		shares = new(uint256.Int).Set(d.Shares)
	}
	tokens := tokensOf(v, shares)
	d.Shares.Sub(d.Shares, shares)
	writeDelegation(k.st, delegator, op, d)
	v.Shares.Sub(v.Shares, shares)
	v.Tokens.Sub(v.Tokens, tokens)
	k.putValidator(v)
	k.subTotal(totalBonded, tokens)
	return tokens
}

// dispose burns slashed funds or moves them to the community pool.
func (k *Keeper) dispose(amount *uint256.Int) {
	if k.params.SlashToCommunityPool {
		k.addTotal(totalCommunityPool, amount)
		return
	}
	k.db.SubBalance(StakingAddress, amount, tracing.BalanceDecreaseSelfdestructBurn)
	k.addTotal(totalBurned, amount)
}

// jail marks op jailed until the given time (tombstoned: for ever). It stops
// earning at once and leaves the set at the next epoch boundary.
func (k *Keeper) jail(op common.Address, until uint64, tombstone bool) {
	v, _ := readValidator(k.st, op)
	wasJailed := v.Jailed
	v.Jailed = true
	v.Tombstoned = v.Tombstoned || tombstone
	writeValidator(k.st, v)
	k.st.SetUint64(valStateSlot(op), until)
	if !wasJailed {
		k.emit("Jailed", op)
	}
}

func (k *Keeper) unjail(op common.Address) error {
	v, ok := readValidator(k.st, op)
	switch {
	case !ok:
		return ErrUnknownValidator
	case v.Tombstoned:
		return ErrTombstoned
	case !v.Jailed:
		return ErrNotJailed
	case k.time < k.st.Uint64(valStateSlot(op)):
		return ErrStillJailed
	case tokensOf(v, readDelegation(k.st, op, op).Shares).Lt(k.params.MinSelfBond):
		return ErrSelfBond
	}
	v.Jailed = false
	writeValidator(k.st, v)
	k.st.SetUint64(valStateSlot(op), 0)
	k.resetLiveness(op, k.params.DowntimeWindow) // misses from before the jail no longer count
	k.emit("Unjailed", op)
	return nil
}
