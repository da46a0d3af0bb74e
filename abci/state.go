package abci

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/store"
)

// stateForBlock is the state the next block executes on: the last committed
// version, or for height 1 the genesis state that InitChain left in the
// working tree.
func (a *App) stateForBlock() store.Reader {
	if a.chain.genesisOverlay != nil {
		return overlayReader{changes: a.chain.genesisOverlay, base: a.store}
	}
	return a.store
}

// overlayReader reads uncommitted changes over a committed base.
type overlayReader struct {
	changes map[string]store.Change
	base    store.Reader
}

// Get implements store.Reader.
func (o overlayReader) Get(key []byte) ([]byte, error) {
	if c, ok := o.changes[string(key)]; ok {
		if c.Delete {
			return nil, nil
		}
		return c.Value, nil
	}
	return o.base.Get(key)
}

func overlayOf(changes []store.Change) map[string]store.Change {
	m := make(map[string]store.Change, len(changes))
	for _, c := range changes {
		m[string(c.Key)] = c
	}
	return m
}

// poolState is the state the pool validates against: what the next block
// executes on.
func (a *App) poolState() committedAccounts { return committedAccounts{r: a.stateForBlock()} }

// committedAccounts adapts committed state to the pool's State interface.
type committedAccounts struct{ r store.Reader }

// Nonce returns the committed nonce (0 when unreadable: the pool then
// rejects nothing it should accept, and execution has the last word).
func (c committedAccounts) Nonce(addr common.Address) uint64 {
	n, err := evm.Nonce(c.r, addr)
	if err != nil {
		return 0
	}
	return n
}

// Balance returns the committed balance.
func (c committedAccounts) Balance(addr common.Address) *uint256.Int {
	b, err := evm.Balance(c.r, addr)
	if err != nil || b == nil {
		return new(uint256.Int)
	}
	return b
}
