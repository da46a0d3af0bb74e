package jsonrpc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/eth/tracers"
	"github.com/ethereum/go-ethereum/eth/tracers/logger"
	_ "github.com/ethereum/go-ethereum/eth/tracers/native" // registers callTracer, prestateTracer, ... in tracers.DefaultDirectory
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/hyperion-rollup/hyperion/x/evm"
)

// Limits of debug_trace*, go-ethereum's defaults where it has them.
const (
	// DefaultTraceTimeout stops a trace running longer (geth's defaultTraceTimeout).
	DefaultTraceTimeout = 5 * time.Second
	// MaxTraceTimeout bounds the "timeout" a request may ask for.
	MaxTraceTimeout = time.Minute
	// MaxStructLogBytes bounds the output of the struct logger (its "limit" when
	// absent or larger): the most bytes one batch response may carry.
	MaxStructLogBytes = DefaultBatchResponseMaxSize
	// MaxConcurrentTraces bounds the traces running at once; more wait their turn.
	MaxConcurrentTraces = 4
)

// Errors of debug_trace*, with go-ethereum's wording where it has one.
var (
	errGenesisNotTraceable = errors.New("genesis is not traceable")
	errTraceTimeout        = errors.New("execution timeout")
	errTraceTooLong        = fmt.Errorf("trace timeout above the maximum of %v", MaxTraceTimeout)
	errSystemNotTraceable  = errors.New("the system receipt of a block is not a transaction and is not traceable")
)

// TraceBackend re-executes committed transactions and simulated calls with
// go-ethereum tracing hooks installed (debug_traceTransaction, debug_traceCall).
type TraceBackend interface {
	// TraceTx re-executes block n up to its transaction at index (an index into
	// BlockTxs) on the state after block n-1, and runs that transaction with hooks.
	// It stops when ctx ends.
	TraceTx(ctx context.Context, n uint64, index int, hooks *tracing.Hooks) error
	// TraceCall runs req.Msg like Backend.Call with hooks installed; ctx's
	// deadline replaces the call timeout.
	TraceCall(ctx context.Context, req *CallRequest, hooks *tracing.Hooks) (*evm.CallResult, error)
}

// debugAPI is the debug namespace: go-ethereum's built-in tracers through
// eth/tracers' directory, and the struct logger by default.
type debugAPI struct {
	eth    *ethAPI
	traces TraceBackend
	slots  chan struct{} // one token per running trace
}

func newDebugAPI(eth *ethAPI, traces TraceBackend) *debugAPI {
	return &debugAPI{eth: eth, traces: traces, slots: make(chan struct{}, MaxConcurrentTraces)}
}

// traceCallConfig is go-ethereum's TraceCallConfig with this server's override types.
type traceCallConfig struct {
	tracers.TraceConfig
	StateOverrides *stateOverride  `json:"stateOverrides"`
	BlockOverrides *blockOverrides `json:"blockOverrides"`
}

// TraceTransaction re-executes a committed transaction on the state it ran on
// and returns the tracer's result (debug_traceTransaction).
func (api *debugAPI) TraceTransaction(ctx context.Context, hash common.Hash, config *tracers.TraceConfig) (json.RawMessage, error) {
	block, index, err := api.eth.backend.TxLocation(hash)
	if errors.Is(err, ErrTxNotFound) {
		return nil, ErrTxNotFound
	} else if err != nil {
		return nil, err
	}
	if block == 0 {
		return nil, errGenesisNotTraceable
	}
	txs, err := api.eth.backend.BlockTxs(block)
	if err != nil {
		return nil, err
	}
	if index >= len(txs) {
		return nil, errSystemNotTraceable
	}
	head, err := api.eth.backend.HeaderByNumber(block)
	if err != nil {
		return nil, err
	}
	txctx := &tracers.Context{BlockHash: head.Hash(), BlockNumber: head.Number, TxIndex: index, TxHash: hash}
	return api.trace(ctx, config, txctx, func(ctx context.Context, hooks *tracing.Hooks) error {
		return api.traces.TraceTx(ctx, block, index, hooks)
	})
}

// TraceCall runs a message on the state of a block, as eth_call does, and
// returns the tracer's result (debug_traceCall).
func (api *debugAPI) TraceCall(ctx context.Context, args callArgs, blockNrOrHash rpc.BlockNumberOrHash, config *traceCallConfig) (json.RawMessage, error) {
	if config == nil {
		config = new(traceCallConfig)
	}
	req, err := api.eth.callRequest(args, &blockNrOrHash, config.StateOverrides, config.BlockOverrides)
	if err != nil {
		return nil, err
	}
	return api.trace(ctx, &config.TraceConfig, new(tracers.Context), func(ctx context.Context, hooks *tracing.Hooks) error {
		_, err := api.traces.TraceCall(ctx, req, hooks)
		return err
	})
}

// trace builds the tracer of config, runs exec with its hooks under the trace
// timeout and returns its result.
func (api *debugAPI) trace(ctx context.Context, config *tracers.TraceConfig, txctx *tracers.Context,
	exec func(context.Context, *tracing.Hooks) error) (json.RawMessage, error) {
	if config == nil {
		config = new(tracers.TraceConfig)
	}
	timeout, err := traceTimeout(config.Timeout)
	if err != nil {
		return nil, err
	}
	tracer, err := newTracer(config, txctx, api.eth.backend)
	if err != nil {
		return nil, err
	}
	select {
	case api.slots <- struct{}{}:
		defer func() { <-api.slots }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	stop := context.AfterFunc(ctx, func() {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			tracer.Stop(errTraceTimeout)
		}
	})
	defer stop()
	if err := exec(ctx, tracer.Hooks); err != nil {
		if errors.Is(err, evm.ErrTraceAborted) && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, errTraceTimeout
		}
		return nil, fmt.Errorf("tracing failed: %w", err)
	}
	return tracer.GetResult()
}

// traceTimeout parses the requested timeout (a Go duration string).
func traceTimeout(requested *string) (time.Duration, error) {
	if requested == nil {
		return DefaultTraceTimeout, nil
	}
	timeout, err := time.ParseDuration(*requested)
	if err != nil {
		return 0, err
	}
	if timeout > MaxTraceTimeout {
		return 0, errTraceTooLong
	}
	return timeout, nil
}

// newTracer returns the named tracer from go-ethereum's directory, or the
// struct logger when none is named, with its output bounded.
func newTracer(config *tracers.TraceConfig, txctx *tracers.Context, b Backend) (*tracers.Tracer, error) {
	if config.Tracer == nil {
		cfg := logger.Config{}
		if config.Config != nil {
			cfg = *config.Config
		}
		if cfg.Limit <= 0 || cfg.Limit > MaxStructLogBytes {
			cfg.Limit = MaxStructLogBytes
		}
		cfg.Overrides = nil // fork overrides are not served: the chain has one rule set
		l := logger.NewStructLogger(&cfg)
		return &tracers.Tracer{Hooks: l.Hooks(), GetResult: l.GetResult, Stop: l.Stop}, nil
	}
	name := *config.Tracer
	if tracers.DefaultDirectory.IsJS(name) {
		return nil, fmt.Errorf("tracer %q not found: JavaScript tracers are not served, use a built-in tracer", name)
	}
	return tracers.DefaultDirectory.New(name, txctx, config.TracerConfig, evm.ChainConfig(b.ChainID().Uint64()))
}
