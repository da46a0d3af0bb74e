package keeper

import (
	"github.com/ethereum/go-ethereum/common"
)

// Envelope statuses, as hyperion_getEnvelope reports them.
const (
	StatusPending  = "pending"
	StatusRevealed = "revealed"
	StatusExpired  = "expired"
	StatusInvalid  = "invalid" // revealed, but the inner tx was garbage or failed validation
)

// Pending is one envelope waiting for its key, in committed order.
type Pending struct {
	Hash     common.Hash    `json:"hash"`
	Height   int64          `json:"height"`
	Eon      uint64         `json:"eon"`
	Identity common.Hash    `json:"identity"` // tenc.Identity, computed by the node at inclusion
	Sender   common.Address `json:"sender"`
	// Ciphertext is the tenc ciphertext.
	Ciphertext []byte `json:"ciphertext"`
}

// Record is an envelope's outcome.
type Record struct {
	Status   string         `json:"status"`
	Height   int64          `json:"height"` // inclusion height
	Sender   common.Address `json:"sender"`
	Nonce    uint64         `json:"nonce"`
	Resolved int64          `json:"resolved,omitempty"` // reveal or expiry height
	InnerTx  *common.Hash   `json:"inner_tx,omitempty"`
	Reason   string         `json:"reason,omitempty"`
}

// PendingEnvelopes returns the envelopes waiting for keys, oldest first.
func (v *View) PendingEnvelopes() ([]Pending, error) {
	var out []Pending
	_, err := v.getJSON(pendingKey, &out)
	return out, err
}

// SetPending replaces the pending list.
func (v *View) SetPending(list []Pending) {
	if len(list) == 0 {
		v.set(pendingKey, nil)
		return
	}
	v.setJSON(pendingKey, list)
}

// Envelope returns an envelope's record, or nil.
func (v *View) Envelope(hash common.Hash) (*Record, error) {
	var r Record
	ok, err := v.getJSON(keyWith(envPfx, hash[:]), &r)
	if !ok || err != nil {
		return nil, err
	}
	return &r, nil
}

// SetEnvelope stores an envelope's record.
func (v *View) SetEnvelope(hash common.Hash, r *Record) { v.setJSON(keyWith(envPfx, hash[:]), r) }

// Include records a newly included envelope: pending, appended in committed order.
func (v *View) Include(p Pending, nonce uint64) error {
	list, err := v.PendingEnvelopes()
	if err != nil {
		return err
	}
	v.SetPending(append(list, p))
	v.SetEnvelope(p.Hash, &Record{Status: StatusPending, Height: p.Height, Sender: p.Sender, Nonce: nonce})
	return nil
}

// Resolve takes envelopes out of the pending list, setting their outcome.
// outcome maps positions in the pending list to their records.
func (v *View) Resolve(height int64, done []int, outcome func(i int, r *Record)) error {
	if len(done) == 0 {
		return nil
	}
	list, err := v.PendingEnvelopes()
	if err != nil {
		return err
	}
	drop := make([]bool, len(list))
	for _, i := range done {
		r, err := v.Envelope(list[i].Hash)
		if err != nil || r == nil {
			return ErrCorrupt
		}
		r.Resolved = height
		outcome(i, r)
		v.SetEnvelope(list[i].Hash, r)
		drop[i] = true
	}
	kept := list[:0:0]
	for i, p := range list {
		if !drop[i] {
			kept = append(kept, p)
		}
	}
	v.SetPending(kept)
	return nil
}
