package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// maxResponseBytes bounds a JSON-RPC response read by the load generator.
const maxResponseBytes = 1 << 20

// tickInterval is how often the scheduler releases the txs that are due.
const tickInterval = 5 * time.Millisecond

var (
	// ErrRPC is returned when a node answers a submission with an error.
	ErrRPC = errors.New("bench: rpc error")
	// ErrNoPayloads is returned by Run without anything to send.
	ErrNoPayloads = errors.New("bench: no payloads")
)

// Payload is one prepared submission: a JSON-RPC request body for one of the
// endpoints and the key under which the commit feed reports its tx.
type Payload struct {
	Key      string
	Endpoint int
	Body     []byte
}

// ResultCheck inspects the result member of a successful JSON-RPC response.
type ResultCheck func(result json.RawMessage) error

// Load describes a steady load: len(payloads) txs at Rate per second.
type Load struct {
	// Rate is the offered rate in tx/s.
	Rate int
	// Workers is how many submissions may be in flight at once.
	Workers int
	// Drain is how long to wait after the last submission for inclusion.
	Drain time.Duration
	// Endpoints are the JSON-RPC URLs that Payload.Endpoint indexes.
	Endpoints []string
	// Check validates each response's result; nil accepts any.
	Check ResultCheck
}

// Result summarizes one run.
type Result struct {
	Offered     int           // offered rate, tx/s
	Sent        int           // submissions accepted by a node
	Failed      int           // submissions refused or lost
	Committed   int           // accepted txs seen in a committed block
	SendSpan    time.Duration // first to last submission
	CommitSpan  time.Duration // first submission to last tracked commit
	Blocks      int           // blocks committed during the run
	CommitTPS   float64       // Committed / CommitSpan
	P50, P99    time.Duration // inclusion latency
	P50B, P99B  int64         // inclusion latency in blocks
	FirstErrors []string      // up to 3 distinct submission errors
}

// Run sends payloads at load.Rate, waits for inclusion up to load.Drain and
// summarizes what tracker saw.
func Run(ctx context.Context, load Load, payloads []Payload, tracker *Tracker) (Result, error) {
	if len(payloads) == 0 || load.Rate <= 0 {
		return Result{}, ErrNoPayloads
	}
	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: load.Workers, MaxConnsPerHost: load.Workers},
	}
	defer client.CloseIdleConnections()
	blocksBefore := tracker.Blocks()
	start := time.Now()
	stats := send(ctx, client, load, payloads, tracker, start)
	sendSpan := time.Since(start)
	waitDrained(ctx, tracker, load.Drain)
	return summarize(load, stats, tracker, start, sendSpan, tracker.Blocks()-blocksBefore), nil
}

// sendStats counts submission outcomes.
type sendStats struct {
	sent, failed atomic.Int64
	mu           sync.Mutex
	errs         []string
}

func (s *sendStats) fail(err error) {
	s.failed.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.errs) < 3 {
		s.errs = append(s.errs, err.Error())
	}
}

// send schedules payload i at start + i/rate and posts it from a worker.
func send(ctx context.Context, client *http.Client, load Load, payloads []Payload, tracker *Tracker, start time.Time) *sendStats {
	stats := &sendStats{}
	jobs := make(chan Payload, load.Workers)
	var wg sync.WaitGroup
	for range load.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range jobs {
				submit(ctx, client, load, p, tracker, stats)
			}
		}()
	}
	schedule(ctx, load.Rate, payloads, jobs, start)
	close(jobs)
	wg.Wait()
	return stats
}

// schedule releases payloads on a ticker so that payload i leaves no
// earlier than start + i/rate; it blocks when every worker is busy.
func schedule(ctx context.Context, rate int, payloads []Payload, jobs chan<- Payload, start time.Time) {
	ticker := time.NewTicker(tickInterval)
	defer ticker.Stop()
	next := 0
	for next < len(payloads) {
		due := int(time.Since(start) * time.Duration(rate) / time.Second)
		for ; next < len(payloads) && next <= due; next++ {
			select {
			case jobs <- payloads[next]:
			case <-ctx.Done():
				return
			}
		}
		select {
		case <-ticker.C:
		case <-ctx.Done():
			return
		}
	}
}

// submit posts one payload and records it with the tracker.
func submit(ctx context.Context, client *http.Client, load Load, p Payload, tracker *Tracker, stats *sendStats) {
	tracker.Submitted(p.Key, time.Now())
	if err := post(ctx, client, load.Endpoints[p.Endpoint], p.Body, load.Check); err != nil {
		tracker.Abandoned(p.Key)
		stats.fail(err)
		return
	}
	stats.sent.Add(1)
}

// rpcResponse is a JSON-RPC 2.0 response.
type rpcResponse struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Data    string `json:"data"`
	} `json:"error"`
}

// post sends one JSON-RPC request and checks its response.
func post(ctx context.Context, client *http.Client, url string, body []byte, check ResultCheck) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return err
	}
	var msg rpcResponse
	if err := json.Unmarshal(raw, &msg); err != nil {
		return fmt.Errorf("%w: HTTP %d: %.200s", ErrRPC, resp.StatusCode, raw)
	}
	if msg.Error != nil {
		return fmt.Errorf("%w: %d %s %s", ErrRPC, msg.Error.Code, msg.Error.Message, msg.Error.Data)
	}
	if check != nil {
		return check(msg.Result)
	}
	return nil
}

// waitDrained waits until every accepted tx is committed or drain passes.
func waitDrained(ctx context.Context, tracker *Tracker, drain time.Duration) {
	deadline := time.Now().Add(drain)
	for tracker.Pending() > 0 && time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(20 * time.Millisecond)
	}
}

func summarize(load Load, stats *sendStats, tracker *Tracker, start time.Time, sendSpan time.Duration, blocks int) Result {
	samples, last := tracker.Samples()
	r := Result{
		Offered: load.Rate, Sent: int(stats.sent.Load()), Failed: int(stats.failed.Load()),
		Committed: len(samples), SendSpan: sendSpan, Blocks: blocks, FirstErrors: stats.errs,
	}
	if len(samples) > 0 {
		r.CommitSpan = last.Sub(start)
		r.CommitTPS = float64(r.Committed) / r.CommitSpan.Seconds()
		r.P50, r.P50B = Percentiles(samples, 0.50)
		r.P99, r.P99B = Percentiles(samples, 0.99)
	}
	return r
}
