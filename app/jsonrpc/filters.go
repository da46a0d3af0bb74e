package jsonrpc

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// Bounds of the polling filter API.
const (
	// DefaultFilterTimeout is how long a filter lives without being polled (go-ethereum: 5 min).
	DefaultFilterTimeout = 5 * time.Minute
	// MaxFilters bounds the filters installed at once over all clients.
	MaxFilters = 10_000
	// maxBlockHashesPerPoll bounds one eth_getFilterChanges answer of a block filter.
	maxBlockHashesPerPoll = MaxLogBlockRange
)

// Errors of the filter API, with go-ethereum's wording.
var (
	errFilterNotFound = errors.New("filter not found")
	errTooManyFilters = fmt.Errorf("too many filters installed (the cap is %d)", MaxFilters)
)

// filterType is what a polling filter reports.
type filterType int

const (
	logsFilter filterType = iota
	blocksFilter
	pendingFilter
)

// filter is one installed polling filter. Block and log filters remember the last
// height reported and read the chain from there on each poll, so they never lose a
// block; a pending filter buffers the feed's transactions.
type filter struct {
	mu         sync.Mutex // serializes polls of this filter
	typ        filterType
	query      *logQuery
	lastPolled uint64
	pending    *subscriber
	lastUsed   time.Time
}

// filterManager holds the installed filters and expires idle ones.
type filterManager struct {
	hub     *eventHub
	timeout time.Duration

	mu      sync.Mutex
	filters map[rpc.ID]*filter
}

func newFilterManager(hub *eventHub, timeout time.Duration) *filterManager {
	if timeout <= 0 {
		timeout = DefaultFilterTimeout
	}
	return &filterManager{hub: hub, timeout: timeout, filters: make(map[rpc.ID]*filter)}
}

// run expires idle filters until quit closes.
func (m *filterManager) run(quit <-chan struct{}) {
	ticker := time.NewTicker(max(m.timeout/10, 10*time.Millisecond))
	defer ticker.Stop()
	for {
		select {
		case <-quit:
			return
		case now := <-ticker.C:
			m.expire(now)
		}
	}
}

// expire uninstalls filters not used for longer than the timeout.
func (m *filterManager) expire(now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for id, f := range m.filters {
		if now.Sub(f.lastUsed) > m.timeout {
			m.removeLocked(id, f)
		}
	}
}

func (m *filterManager) removeLocked(id rpc.ID, f *filter) {
	delete(m.filters, id)
	if f.pending != nil {
		m.hub.unsubscribe(f.pending)
	}
}

// install adds a filter and returns its id.
func (m *filterManager) install(f *filter) (rpc.ID, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.filters) >= MaxFilters {
		if f.pending != nil {
			m.hub.unsubscribe(f.pending)
		}
		return "", errTooManyFilters
	}
	id := rpc.NewID()
	f.lastUsed = time.Now()
	m.filters[id] = f
	return id, nil
}

// take returns a filter by id, marked used and locked, so that polls of one filter
// do not interleave; the caller unlocks f.mu.
func (m *filterManager) take(id rpc.ID) (*filter, error) {
	m.mu.Lock()
	f, ok := m.filters[id]
	if ok {
		f.lastUsed = time.Now()
	}
	m.mu.Unlock()
	if !ok {
		return nil, errFilterNotFound
	}
	f.mu.Lock()
	return f, nil
}

// uninstall removes a filter; false when it does not exist.
func (m *filterManager) uninstall(id rpc.ID) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.filters[id]
	if ok {
		m.removeLocked(id, f)
	}
	return ok
}

// NewFilter installs a log filter; eth_getFilterChanges reports the matching logs of
// blocks committed after installation (eth_newFilter).
func (api *ethAPI) NewFilter(q logQuery) (rpc.ID, error) {
	if q.BlockHash != nil {
		return "", &invalidParamsError{"blockHash is not allowed in a filter"}
	}
	return api.filters.install(&filter{typ: logsFilter, query: &q, lastPolled: api.backend.HeadNumber()})
}

// NewBlockFilter installs a filter reporting the hashes of new blocks (eth_newBlockFilter).
func (api *ethAPI) NewBlockFilter() (rpc.ID, error) {
	return api.filters.install(&filter{typ: blocksFilter, lastPolled: api.backend.HeadNumber()})
}

// NewPendingTransactionFilter installs a filter reporting the hashes of transactions
// the pool accepts (eth_newPendingTransactionFilter).
func (api *ethAPI) NewPendingTransactionFilter() (rpc.ID, error) {
	return api.filters.install(&filter{typ: pendingFilter, pending: api.hub.subscribe(eventPending, nil, nil)})
}

// UninstallFilter removes a filter (eth_uninstallFilter).
func (api *ethAPI) UninstallFilter(id rpc.ID) bool {
	return api.filters.uninstall(id)
}

// GetFilterChanges returns what happened since the last poll: block hashes, pending
// transaction hashes or logs, by filter type (eth_getFilterChanges).
func (api *ethAPI) GetFilterChanges(ctx context.Context, id rpc.ID) (any, error) {
	f, err := api.filters.take(id)
	if err != nil {
		return nil, err
	}
	defer f.mu.Unlock()
	switch f.typ {
	case blocksFilter:
		return api.newBlockHashes(f)
	case pendingFilter:
		return drainPending(f)
	default:
		return api.newLogs(ctx, f)
	}
}

// GetFilterLogs returns every log matching a log filter's criteria, as eth_getLogs
// would (eth_getFilterLogs).
func (api *ethAPI) GetFilterLogs(ctx context.Context, id rpc.ID) ([]*types.Log, error) {
	f, err := api.filters.take(id)
	if err != nil {
		return nil, err
	}
	q := f.query
	f.mu.Unlock()
	if q == nil {
		return nil, errFilterNotFound
	}
	return api.GetLogs(ctx, *q)
}

// newBlockHashes reports the blocks after the last poll, at most maxBlockHashesPerPoll.
func (api *ethAPI) newBlockHashes(f *filter) ([]common.Hash, error) {
	head := min(api.backend.HeadNumber(), f.lastPolled+maxBlockHashesPerPoll)
	hashes := []common.Hash{}
	for n := f.lastPolled + 1; n <= head; n++ {
		header, err := api.backend.HeaderByNumber(n)
		if err != nil {
			return nil, err
		}
		hashes = append(hashes, header.Hash())
		f.lastPolled = n
	}
	return hashes, nil
}

// drainPending returns the buffered pending transaction hashes.
func drainPending(f *filter) ([]common.Hash, error) {
	if reason := f.pending.cutReason(); reason != "" {
		return nil, fmt.Errorf("pending transaction filter cut off: %s", reason)
	}
	hashes := []common.Hash{}
	for {
		select {
		case v := <-f.pending.ch:
			hashes = append(hashes, v.(*types.Transaction).Hash())
		default:
			return hashes, nil
		}
	}
}

// newLogs reports the matching logs of the blocks after the last poll, within the
// filter's own range, at most MaxLogBlockRange blocks per poll.
func (api *ethAPI) newLogs(ctx context.Context, f *filter) ([]*types.Log, error) {
	from, to, err := api.resolveRange(f.query.FromBlock, nil)
	if err != nil {
		return nil, err
	}
	if f.query.ToBlock != nil && *f.query.ToBlock >= 0 {
		to = min(to, uint64(*f.query.ToBlock))
	}
	from = max(from, f.lastPolled+1)
	if f.query.FromBlock == nil || *f.query.FromBlock < 0 {
		from = f.lastPolled + 1
	}
	to = min(to, from+MaxLogBlockRange-1)
	if from > to {
		return []*types.Log{}, nil
	}
	logs, err := api.rangeLogs(ctx, from, to, f.query)
	if err != nil {
		return nil, err
	}
	f.lastPolled = to
	return logs, nil
}
