package abci

import (
	"fmt"
	"sync"

	"github.com/ethereum/go-ethereum/common"

	"github.com/hyperion-rollup/hyperion/x/tenc/keeper"
)

// Statuses of envelopes that committed state does not know, as this node
// reports them (hyperion_getEnvelope); never part of state.
const (
	// StatusQueued: in this node's envelope pool, not included yet.
	StatusQueued = "queued"
	// StatusDropped: left this node's pool without being included.
	StatusDropped = "dropped"
)

// maxDroppedEnvelopes bounds the dropped-envelope records a node keeps.
const maxDroppedEnvelopes = 4096

// droppedEnvelopes remembers why recent envelopes left the pool without
// being included, oldest forgotten first.
type droppedEnvelopes struct {
	mu     sync.Mutex
	reason map[common.Hash]string
	order  []common.Hash
}

func (d *droppedEnvelopes) record(hash common.Hash, reason string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.reason == nil {
		d.reason = make(map[common.Hash]string)
	}
	if _, ok := d.reason[hash]; ok {
		return
	}
	if len(d.order) >= maxDroppedEnvelopes {
		delete(d.reason, d.order[0])
		d.order = d.order[1:]
	}
	d.reason[hash] = reason
	d.order = append(d.order, hash)
}

func (d *droppedEnvelopes) lookup(hash common.Hash) (string, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	r, ok := d.reason[hash]
	return r, ok
}

// contains reports whether the pool holds hash.
func (ep *envelopePool) contains(hash common.Hash) bool {
	ep.mu.Lock()
	defer ep.mu.Unlock()
	for _, e := range ep.list {
		if e.hash == hash {
			return true
		}
	}
	return false
}

// LocalEnvelopeStatus reports an envelope committed state does not know:
// StatusQueued while this node's pool holds it, StatusDropped with the reason
// once it left the pool without being included, "" when never seen here.
func (a *App) LocalEnvelopeStatus(hash common.Hash) (status, reason string) {
	if a.envelopes.contains(hash) {
		return StatusQueued, ""
	}
	if r, ok := a.envelopes.dropped.lookup(hash); ok {
		return StatusDropped, r
	}
	return "", ""
}

// purgeEnvelopes runs after a commit: it drops from the pool the envelopes
// the committed state made unincludable — included ones, and those of an
// eon no longer active or with a used envelope nonce, which it records as
// dropped. Every node does this, not only the next proposer.
func (a *App) purgeEnvelopes() {
	pooled := a.envelopes.snapshot()
	if len(pooled) == 0 {
		return
	}
	v := keeper.NewView(a.store)
	active, err := v.ActiveEon()
	if err != nil {
		return
	}
	drop := map[common.Hash]bool{}
	nonces := map[common.Address]uint64{} // one state read per sender
	for _, pe := range pooled {
		if reason, gone := unincludable(v, active, nonces, pe); gone {
			drop[pe.hash] = true
			if reason != "" {
				a.envelopes.dropped.record(pe.hash, reason)
			}
		}
	}
	a.envelopes.remove(drop)
}

// unincludable reports whether committed state rules a pooled envelope out,
// with the reason when it was never included ("" when it was). Inclusion
// consumes the envelope nonce, so only an envelope below its sender's next
// nonce needs its record read.
func unincludable(v *keeper.View, active *keeper.Eon, nonces map[common.Address]uint64, pe *pooledEnvelope) (string, bool) {
	sender := common.BytesToAddress(pe.env.Sender)
	next, ok := nonces[sender]
	if !ok {
		var err error
		if next, err = v.EnvelopeNonce(sender); err != nil {
			return "", false
		}
		nonces[sender] = next
	}
	if pe.env.EnvelopeNonce < next {
		if rec, err := v.Envelope(pe.hash); err == nil && rec != nil {
			return "", true
		}
		return fmt.Sprintf("envelope nonce %d already used (next %d)", pe.env.EnvelopeNonce, next), true
	}
	if active == nil || active.Eon != pe.env.Eon {
		return fmt.Sprintf("encrypted to eon %d, which is no longer active", pe.env.Eon), true
	}
	return "", false
}
