package jsonrpc

import (
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/eth/tracers"
	"github.com/ethereum/go-ethereum/eth/tracers/logger"
	"github.com/stretchr/testify/require"
)

func TestTraceTimeout(t *testing.T) {
	d, err := traceTimeout(nil)
	require.NoError(t, err)
	require.Equal(t, DefaultTraceTimeout, d)
	s := "1500ms"
	d, err = traceTimeout(&s)
	require.NoError(t, err)
	require.Equal(t, 1500*time.Millisecond, d)
	s = "2h"
	_, err = traceTimeout(&s)
	require.ErrorIs(t, err, errTraceTooLong)
	s = "soon"
	_, err = traceTimeout(&s)
	require.Error(t, err)
}

func TestNewTracerFromDirectory(t *testing.T) {
	b := newMemBackend(t)
	for _, name := range []string{"callTracer", "prestateTracer", "4byteTracer"} {
		tr, err := newTracer(&tracers.TraceConfig{Tracer: &name}, new(tracers.Context), b)
		require.NoError(t, err, name)
		require.NotNil(t, tr.Hooks, name)
	}
	js := "{step: function() {}, result: function() {}, fault: function() {}}"
	_, err := newTracer(&tracers.TraceConfig{Tracer: &js}, new(tracers.Context), b)
	require.ErrorContains(t, err, "not found")
	// Without a tracer name the struct logger runs (asking for an unbounded output is accepted).
	tr, err := newTracer(&tracers.TraceConfig{Config: &logger.Config{Limit: 1 << 40}}, new(tracers.Context), b)
	require.NoError(t, err)
	out, err := tr.GetResult()
	require.NoError(t, err)
	require.JSONEq(t, `{"gas":0,"failed":false,"returnValue":"0x","structLogs":[]}`, string(out))
}
