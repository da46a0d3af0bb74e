// Lazy senders of the head lane: the engine's transactions run beside the
// head, which moves the nonce and balance of the senders it shares with
// them. An incarnation of the engine therefore takes its sender's nonce from
// the transaction and its balance as read, and records what the execution
// needed of that balance. At commit the builder's nonce must be the
// transaction's and its balance must pass every check the execution made;
// the written balance is then moved by the difference between the
// builder's balance and the one read.

package evm

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/evm/blockstm"
)

// lazySender is what an incarnation did with its sender's balance.
type lazySender struct {
	on    bool
	from  common.Address
	nonce uint64 // the transaction's: the nonce the incarnation runs with
	// bought is set once the gas purchase debited the sender: the balance
	// read before it is the gas purchase's own check.
	bought bool
	// observed is set when the execution read the balance after the gas
	// purchase (BALANCE, SELFBALANCE, an emptiness test) or failed a
	// transfer check: the outcome then depends on the exact balance.
	observed bool
	// preReads counts the balance reads before the gas purchase: one, the
	// purchase's check, in go-ethereum's state transition. Any other count
	// (a check this code does not know of) turns the laziness off.
	preReads int
	start    uint256.Int // the balance at the start of the transaction
	need     uint256.Int // the least start balance every check passes with
}

// lazyOutcome is what the commit needs of a lazy incarnation's sender.
type lazyOutcome struct {
	on    bool   // the incarnation ran with the transaction's nonce
	nonce uint64 // that nonce
	// balance is set when the outcome depends on the sender's balance only
	// through checks: need is the least start balance they pass with, start
	// the one read.
	balance     bool
	start, need uint256.Int
}

// begin starts a lazy incarnation for msg, unless the sender is the vault
// (whose balance takes fee deltas).
func (l *lazySender) begin(on bool, msg *core.Message) {
	*l = lazySender{}
	if on && msg.From != FeeVault {
		l.on, l.from, l.nonce = true, msg.From, msg.Nonce
	}
}

// outcome returns the commit's view of the incarnation, for msg, which
// executed without a validation error.
func (l *lazySender) outcome(msg *core.Message) lazyOutcome {
	if !l.on {
		return lazyOutcome{}
	}
	o := lazyOutcome{on: true, nonce: l.nonce}
	if !l.bought || l.observed || l.preReads != 1 {
		return o
	}
	// The gas purchase's check: gas limit times fee cap, plus the value.
	price := msg.GasFeeCap
	if price == nil {
		price = msg.GasPrice
	}
	var required uint256.Int
	required.SetUint64(msg.GasLimit)
	if _, overflow := required.MulOverflow(&required, price); overflow {
		return o
	}
	if _, overflow := required.AddOverflow(&required, msg.Value); overflow {
		return o
	}
	o.balance, o.start, o.need = true, l.start, l.need
	if o.need.Lt(&required) {
		o.need = required
	}
	return o
}

// check records a transfer check of the sender: its balance bal must cover
// amount. With a start balance s' instead of start the balance there is
// bal+s'-start, so the check passes again when s' >= amount+start-bal.
func (l *lazySender) check(bal, amount *uint256.Int, ok bool) {
	if !ok {
		l.observed = true
		return
	}
	var need uint256.Int
	if _, overflow := need.AddOverflow(amount, &l.start); overflow {
		l.observed = true
		return
	}
	if need.Gt(bal) {
		need.Sub(&need, bal)
		if l.need.Lt(&need) {
			l.need = need
		}
	}
}

// GetBalance returns addr's balance, noting a lazy sender's balance read
// by anything but the gas purchase.
func (p *parallelState) GetBalance(addr common.Address) *uint256.Int {
	b := p.StateDB.GetBalance(addr)
	if l := &p.lazy; l.on && addr == l.from {
		if l.bought {
			l.observed = true
		} else {
			l.start = *b
			l.preReads++
		}
	}
	return b
}

// Empty reports whether addr is empty; for a lazy sender that reads its
// balance.
func (p *parallelState) Empty(addr common.Address) bool {
	if l := &p.lazy; l.on && addr == l.from {
		l.observed = true
	}
	return p.StateDB.Empty(addr)
}

// SubBalance debits addr, noting a lazy sender's gas purchase.
func (p *parallelState) SubBalance(addr common.Address, amount *uint256.Int, reason tracing.BalanceChangeReason) uint256.Int {
	if l := &p.lazy; l.on && addr == l.from && reason == tracing.BalanceDecreaseGasBuy {
		l.bought = true
	}
	return p.StateDB.SubBalance(addr, amount, reason)
}

// canTransfer is core.CanTransfer recording a lazy sender's check.
func (p *parallelState) canTransfer(addr common.Address, amount *uint256.Int) bool {
	bal := p.StateDB.GetBalance(addr)
	ok := bal.Cmp(amount) >= 0
	if l := &p.lazy; l.on && addr == l.from {
		l.check(bal, amount, ok)
	}
	return ok
}

// workerCanTransfer is the workers' vm.CanTransferFunc.
func workerCanTransfer(db vm.StateDB, addr common.Address, amount *uint256.Int) bool {
	if ps, ok := db.(*parallelState); ok {
		return ps.canTransfer(addr, amount)
	}
	return core.CanTransfer(db, addr, amount)
}

// readHolds checks a read (of kind) of the lazy sender's header or balance:
// the header the incarnation ran with (the read one with the
// transaction's nonce) must be the builder's, and, when the outcome
// depends on the balance only through checks, the builder's balance must
// pass them. handled is false for any other read.
func (lz *lazyOutcome) readHolds(kind blockstm.Kind, read, cur blockstm.Word) (holds, handled bool) {
	switch {
	case kind == blockstm.KindHeader:
		h := decodeHeader(read)
		if h.exists {
			h.nonce = lz.nonce // as composeAccount ran it
		}
		return headerWord(h.exists, h.nonce, h.codeMoved) == cur, true
	case kind == blockstm.KindBalance && lz.balance:
		var bal uint256.Int
		bal.SetBytes32(cur[:])
		return !bal.Lt(&lz.need), true
	}
	return false, false
}

// rebaseSender moves the sender's written balance by the difference
// between the builder's balance and the one the incarnation started with.
func (p *parallelBlock) rebaseSender(o *txOutcome, from common.Address) error {
	ba, err := p.base.account(from)
	if err != nil {
		return err
	}
	k := blockstm.NewKey(blockstm.KindBalance, from, common.Hash{})
	w, err := p.builderWord(&k, ba)
	if err != nil {
		return err
	}
	var now uint256.Int
	now.SetBytes32(w[:])
	for i := range o.accounts {
		if aw := &o.accounts[i]; aw.addr == from {
			aw.balance.Add(&aw.balance, &now)
			aw.balance.Sub(&aw.balance, &o.lazy.start)
		}
	}
	return nil
}
