// Package keeper is the protocol state of the threshold-encrypted mempool:
// the running DKG, the active eon key, envelope nonces, pending envelopes in
// committed order and envelope outcomes. A View reads committed state and
// keeps a block's writes in memory until Changes hands them to the store.
// Lists are stored as ordered slices: no map order ever reaches state.
package keeper

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/hyperion-rollup/hyperion/x/store"
)

// State keys, all under the "tenc/" prefix.
var (
	dkgKey     = []byte("tenc/dkg")
	eonKey     = []byte("tenc/eon")
	pendingKey = []byte("tenc/pending")
	noncePfx   = []byte("tenc/nonce/")
	envPfx     = []byte("tenc/env/")
	dealPfx    = []byte("tenc/deal/")
	complPfx   = []byte("tenc/complaint/")
)

// ErrCorrupt reports undecodable module state.
var ErrCorrupt = errors.New("tenc keeper: corrupt state")

// View is the module state as one block sees it.
type View struct {
	base   store.Reader
	writes map[string][]byte
	order  []string // keys in first-write order (Changes sorts them anyway)
}

// NewView returns a view over committed state.
func NewView(base store.Reader) *View {
	return &View{base: base, writes: map[string][]byte{}}
}

func (v *View) get(key []byte) ([]byte, error) {
	if val, ok := v.writes[string(key)]; ok {
		return val, nil
	}
	return v.base.Get(key)
}

func (v *View) set(key, val []byte) {
	k := string(key)
	if _, ok := v.writes[k]; !ok {
		v.order = append(v.order, k)
	}
	v.writes[k] = val
}

func (v *View) getJSON(key []byte, out any) (bool, error) {
	raw, err := v.get(key)
	if err != nil || len(raw) == 0 {
		return false, err
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return false, fmt.Errorf("%w: %s: %v", ErrCorrupt, key, err)
	}
	return true, nil
}

func (v *View) setJSON(key []byte, val any) {
	raw, err := json.Marshal(val)
	if err != nil {
		panic(fmt.Sprintf("tenc keeper: encode %s: %v", key, err))
	}
	v.set(key, raw)
}

// Changes returns the block's writes as store changes (empty value = delete).
func (v *View) Changes() []store.Change {
	out := make([]store.Change, 0, len(v.order))
	for _, k := range v.order {
		val := v.writes[k]
		out = append(out, store.Change{Key: []byte(k), Value: val, Delete: len(val) == 0})
	}
	return out
}

func keyWith(prefix []byte, parts ...[]byte) []byte {
	k := append([]byte{}, prefix...)
	for _, p := range parts {
		k = append(k, p...)
	}
	return k
}

func u64(x uint64) []byte { return binary.BigEndian.AppendUint64(nil, x) }

// EnvelopeNonce is the next envelope nonce of sender.
func (v *View) EnvelopeNonce(sender common.Address) (uint64, error) {
	raw, err := v.get(keyWith(noncePfx, sender[:]))
	if err != nil || len(raw) == 0 {
		return 0, err
	}
	if len(raw) != 8 {
		return 0, ErrCorrupt
	}
	return binary.BigEndian.Uint64(raw), nil
}

// SetEnvelopeNonce stores sender's next envelope nonce.
func (v *View) SetEnvelopeNonce(sender common.Address, n uint64) {
	v.set(keyWith(noncePfx, sender[:]), u64(n))
}
