package jsonrpc

import (
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
)

// Buffers of the in-process event feed.
const (
	// chainEventBuffer is how many blocks a newHeads or logs subscriber may fall behind
	// before it is cut off.
	chainEventBuffer = 1024
	// pendingEventBuffer is how many pending transactions a subscriber or pending filter
	// may leave unread before it is cut off.
	pendingEventBuffer = 4096
	// pendingQueueSize bounds the transactions waiting to be dispatched.
	pendingQueueSize = 16384
	// headPollInterval is how often the feed checks the backend's head on its own, so
	// that it never stops even when a commit notification is lost or not wired.
	headPollInterval = 500 * time.Millisecond
)

// eventKind says which events a subscriber receives.
type eventKind int

const (
	eventHeads   eventKind = iota // *types.Header per block
	eventLogs                     // []*types.Log per block, only matching ones, only non-empty
	eventPending                  // *types.Transaction per new pool transaction
)

// String names the kind as eth_subscribe does.
func (k eventKind) String() string {
	switch k {
	case eventHeads:
		return "newHeads"
	case eventLogs:
		return "logs"
	default:
		return "newPendingTransactions"
	}
}

// subscriber is one consumer of the feed. Events go to ch; when ch is full the
// subscriber is cut off: cut is closed, reason set, and onCut (if any) is called.
type subscriber struct {
	id     uint64
	kind   eventKind
	query  *logQuery
	ch     chan any
	cut    chan struct{}
	reason atomic.Pointer[string]
	onCut  func(reason string)
}

// cutReason returns why the subscriber was cut off ("" while it is not).
func (s *subscriber) cutReason() string {
	if r := s.reason.Load(); r != nil {
		return *r
	}
	return ""
}

// eventHub turns committed heights and new pool transactions into per-subscriber
// events. It never blocks its producers: commit notifications only wake it (it reads
// the blocks from the Backend itself, so it never skips a height), and pool
// transactions go through a bounded queue.
type eventHub struct {
	backend Backend
	logger  *slog.Logger

	wake    chan struct{}
	pending chan *types.Transaction
	quit    chan struct{}
	done    chan struct{}

	mu        sync.Mutex
	subs      map[uint64]*subscriber
	nextID    uint64
	processed uint64 // last height dispatched
	dropped   atomic.Uint64
}

func newEventHub(b Backend, logger *slog.Logger) *eventHub {
	return &eventHub{
		backend: b, logger: logger,
		wake: make(chan struct{}, 1), pending: make(chan *types.Transaction, pendingQueueSize),
		quit: make(chan struct{}), done: make(chan struct{}),
		subs: make(map[uint64]*subscriber),
	}
}

// start begins dispatching from the current head.
func (h *eventHub) start() {
	h.processed = h.backend.HeadNumber()
	go h.loop()
}

// stop ends dispatching and waits for the loop to return.
func (h *eventHub) stop() {
	close(h.quit)
	<-h.done
}

// notifyHead wakes the dispatcher after a commit; it never blocks.
func (h *eventHub) notifyHead() {
	select {
	case h.wake <- struct{}{}:
	default: // a wake-up is already pending; it reads up to the latest head
	}
}

// notifyPending queues a new pool transaction; it never blocks. A full queue drops
// the transaction with a warning (pending transactions are advisory).
func (h *eventHub) notifyPending(tx *types.Transaction) {
	select {
	case h.pending <- tx:
	default:
		if n := h.dropped.Add(1); n == 1 || n%1000 == 0 {
			h.logger.Warn("Pending transaction feed overloaded, dropping", "dropped", n)
		}
	}
}

func (h *eventHub) loop() {
	defer close(h.done)
	ticker := time.NewTicker(headPollInterval)
	defer ticker.Stop()
	for {
		select {
		case <-h.quit:
			return
		case tx := <-h.pending:
			h.broadcast(eventPending, tx, nil)
		case <-h.wake:
			h.catchUp()
		case <-ticker.C:
			h.catchUp()
		}
	}
}

// catchUp dispatches every height above the last dispatched one up to the head; a
// block that cannot be read is retried on the next wake-up or tick.
func (h *eventHub) catchUp() {
	head := h.backend.HeadNumber()
	for h.processed < head {
		n := h.processed + 1
		header, err := h.backend.HeaderByNumber(n)
		if err != nil {
			h.logger.Error("Event feed cannot read block, will retry", "number", n, "err", err)
			return
		}
		receipts, err := h.backend.BlockReceipts(n)
		if err != nil {
			h.logger.Error("Event feed cannot read receipts, will retry", "number", n, "err", err)
			return
		}
		h.broadcast(eventHeads, header, receipts)
		h.processed = n
	}
}

// broadcast sends one event to every subscriber that wants it. For eventHeads it
// also sends the block's matching logs to log subscribers.
func (h *eventHub) broadcast(kind eventKind, v any, receipts []*types.Receipt) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range h.subs {
		switch {
		case kind == eventPending && s.kind == eventPending:
			h.send(s, v)
		case kind == eventHeads && s.kind == eventHeads:
			h.send(s, v)
		case kind == eventHeads && s.kind == eventLogs:
			if !s.query.bloomMatches(v.(*types.Header).Bloom) {
				continue
			}
			if logs := s.query.filterLogs(receipts); len(logs) > 0 {
				h.send(s, logs)
			}
		}
	}
}

// send delivers without blocking, cutting off a subscriber whose buffer is full.
// Called with h.mu held.
func (h *eventHub) send(s *subscriber, v any) {
	select {
	case s.ch <- v:
	default:
		reason := fmt.Sprintf("subscriber too slow: %d %s events unread", cap(s.ch), s.kind)
		h.logger.Warn("Cutting off slow subscriber", "id", s.id, "kind", s.kind.String(), "reason", reason)
		delete(h.subs, s.id)
		s.reason.Store(&reason)
		close(s.cut)
		if s.onCut != nil {
			go s.onCut(reason)
		}
	}
}

// subscribe registers a subscriber of kind (query only for eventLogs).
func (h *eventHub) subscribe(kind eventKind, query *logQuery, onCut func(string)) *subscriber {
	size := chainEventBuffer
	if kind == eventPending {
		size = pendingEventBuffer
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.nextID++
	s := &subscriber{id: h.nextID, kind: kind, query: query, ch: make(chan any, size), cut: make(chan struct{}), onCut: onCut}
	h.subs[s.id] = s
	return s
}

// unsubscribe removes a subscriber; removing one twice or one cut off is harmless.
func (h *eventHub) unsubscribe(s *subscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs, s.id)
}

// subscriberCount returns the number of live subscribers.
func (h *eventHub) subscriberCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}
