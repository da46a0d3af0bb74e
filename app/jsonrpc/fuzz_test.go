package jsonrpc

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

// fuzzSeeds are requests that reach every method and the parser's edge cases.
var fuzzSeeds = []string{
	`{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}`,
	`{"jsonrpc":"2.0","id":"a","method":"eth_getBlockByNumber","params":["latest",true]}`,
	`{"jsonrpc":"2.0","id":2,"method":"eth_getBlockByHash","params":["0x00",false]}`,
	`{"jsonrpc":"2.0","id":3,"method":"eth_getStorageAt","params":["0x00000000000000000000000000000000c0ffee00","0x1",{"blockHash":"0x01"}]}`,
	`{"jsonrpc":"2.0","id":4,"method":"eth_sendRawTransaction","params":["0x02f8"]}`,
	`{"jsonrpc":"2.0","id":5,"method":"eth_getTransactionReceipt","params":["0x1234"]}`,
	`{"jsonrpc":"2.0","id":6,"method":"eth_getTransactionCount","params":["0x71562b71999873db5b286df957af199ec94617f7","pending"]}`,
	`[{"jsonrpc":"2.0","id":1,"method":"eth_gasPrice"},{"jsonrpc":"2.0","method":"eth_blockNumber"}]`,
	`{"jsonrpc":"2.0","method":"net_version"}`,
	`{"jsonrpc":"2.0","id":7,"method":"debug_traceTransaction","params":["0x01",{"tracer":"callTracer","timeout":"1s"}]}`,
	`{"jsonrpc":"2.0","id":8,"method":"debug_traceCall","params":[{"to":"0x01"},"latest",{"tracer":"x","stateOverrides":{}}]}`,
	`[]`, `[1,2]`, `{}`, `null`, `{"jsonrpc":"2.0","id":1,"method":"eth_getBalance","params":{}}`,
}

// FuzzJSONRPCHandler POSTs arbitrary bytes to the HTTP handler: the answer is an HTTP
// error or well-formed JSON-RPC (a response object, a batch of them, or nothing for
// notifications), never a panic.
func FuzzJSONRPCHandler(f *testing.F) {
	for _, seed := range fuzzSeeds {
		f.Add([]byte(seed))
	}
	s, err := NewServer(Config{Address: "127.0.0.1:0", BatchItemLimit: 16, HTTPBodyLimit: 64 * 1024}, newMemBackend(f), nil)
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "http://localhost/", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			return
		}
		requireJSONRPCAnswer(t, bytes.TrimSpace(rec.Body.Bytes()))
	})
}

// requireJSONRPCAnswer checks that out is empty, one response object or an array of them.
func requireJSONRPCAnswer(t *testing.T, out []byte) {
	if len(out) == 0 {
		return
	}
	if out[0] == '[' {
		var batch []json.RawMessage
		require.NoError(t, json.Unmarshal(out, &batch), "%s", out)
		require.NotEmpty(t, batch)
		for _, item := range batch {
			requireResponseObject(t, item)
		}
		return
	}
	requireResponseObject(t, out)
}

// requireResponseObject checks one JSON-RPC 2.0 response: an id and exactly one of
// result and error, the error with a code and a message.
func requireResponseObject(t *testing.T, raw []byte) {
	var resp map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &resp), "%s", raw)
	require.JSONEq(t, `"2.0"`, string(resp["jsonrpc"]), "%s", raw)
	_, hasID := resp["id"]
	require.True(t, hasID, "%s", raw)
	_, hasResult := resp["result"]
	errObj, hasError := resp["error"]
	require.True(t, hasResult != hasError, "exactly one of result and error: %s", raw)
	if hasError {
		var e struct {
			Code    *int    `json:"code"`
			Message *string `json:"message"`
		}
		require.NoError(t, json.Unmarshal(errObj, &e), "%s", raw)
		require.NotNil(t, e.Code, "%s", raw)
		require.NotNil(t, e.Message, "%s", raw)
		// go-ethereum's rpc package recovers a panicking method and answers with this text.
		require.NotEqual(t, "method handler crashed", *e.Message, "a method panicked: %s", raw)
	}
}
