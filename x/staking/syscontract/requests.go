package syscontract

import (
	"fmt"

	"github.com/ethereum/go-ethereum/core/types"

	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
)

// Handler applies one decoded request: the contract method it called and its arguments.
type Handler func(r solstore.Request, method string, args []any) error

// Apply decodes every request and runs handle on it, in order and each
// atomically: when a request does not decode (ErrBadRequest) or handle fails,
// its state changes and the logs appended to *logs since are undone, the
// request's value is refunded and RequestRejected(sender, selector, reason)
// is appended instead.
func (c Contract) Apply(db Ledger, logs *[]*types.Log, reqs []solstore.Request, handle Handler) {
	for _, r := range reqs {
		snap, n := db.Snapshot(), len(*logs)
		if err := c.apply(r, handle); err != nil {
			db.RevertToSnapshot(snap)
			*logs = (*logs)[:n]
			c.Pay(db, r.Sender, r.Value)
			var sel [4]byte
			copy(sel[:], r.Data)
			*logs = append(*logs, c.Log("RequestRejected", r.Sender, sel, err.Error()))
		}
	}
}

// apply decodes the contract method a request calls and its arguments and
// runs handle on them.
func (c Contract) apply(r solstore.Request, handle Handler) error {
	if r.Err != nil || len(r.Data) < 4 {
		return ErrBadRequest
	}
	m, err := c.ABI.MethodById(r.Data[:4])
	if err != nil {
		return ErrBadRequest
	}
	args, err := m.Inputs.Unpack(r.Data[4:])
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadRequest, err)
	}
	return handle(r, m.Name, args)
}
