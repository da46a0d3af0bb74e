package jsonrpc

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

// startServer starts a server on a free loopback port and stops it when the test ends.
func startServer(t testing.TB, cfg Config, b Backend) (*Server, string) {
	t.Helper()
	cfg.Address = "127.0.0.1:0"
	s, err := NewServer(cfg, b, nil)
	require.NoError(t, err)
	require.NoError(t, s.Start())
	t.Cleanup(func() { require.NoError(t, s.Stop()) })
	return s, "http://" + s.Addr().String()
}

// dialClient starts a server over a fresh test chain and returns an ethclient and the raw URL.
func dialClient(t testing.TB) (*ethclient.Client, *memBackend, string) {
	t.Helper()
	b := newMemBackend(t)
	_, url := startServer(t, Config{}, b)
	client, err := rpc.Dial(url)
	require.NoError(t, err)
	t.Cleanup(client.Close)
	return ethclient.NewClient(client), b, url
}

// rpcResponse is one JSON-RPC response object.
type rpcResponse struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  json.RawMessage `json:"result"`
	Error   *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// postRaw POSTs body as JSON and returns the status code and body.
func postRaw(t testing.TB, url string, body []byte, header http.Header) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, out
}

// call sends one request and decodes its response.
func call(t testing.TB, url, method string, params ...any) rpcResponse {
	t.Helper()
	if params == nil {
		params = []any{}
	}
	req, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
	require.NoError(t, err)
	status, body := postRaw(t, url, req, nil)
	require.Equal(t, http.StatusOK, status, string(body))
	var resp rpcResponse
	require.NoError(t, json.Unmarshal(body, &resp), string(body))
	require.Equal(t, "2.0", resp.JSONRPC)
	return resp
}

// callResult sends one request, requires success and decodes the result into out.
func callResult(t testing.TB, url string, out any, method string, params ...any) {
	t.Helper()
	resp := call(t, url, method, params...)
	require.Nil(t, resp.Error, "%s: %+v", method, resp.Error)
	require.NoError(t, json.Unmarshal(resp.Result, out))
}

func TestBatchRequests(t *testing.T) {
	_, _, url := dialClient(t)
	batch := `[{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},` +
		`{"jsonrpc":"2.0","id":2,"method":"eth_blockNumber"},` +
		`{"jsonrpc":"2.0","id":3,"method":"eth_noSuchMethod"}]`
	status, body := postRaw(t, url, []byte(batch), nil)
	require.Equal(t, http.StatusOK, status)
	var resps []rpcResponse
	require.NoError(t, json.Unmarshal(body, &resps), string(body))
	require.Len(t, resps, 3)
	byID := map[string]rpcResponse{}
	for _, r := range resps {
		byID[string(r.ID)] = r
	}
	require.JSONEq(t, `"0x67932"`, string(byID["1"].Result))
	require.JSONEq(t, `"0x2"`, string(byID["2"].Result))
	require.NotNil(t, byID["3"].Error)
	require.Equal(t, -32601, byID["3"].Error.Code)
	require.Contains(t, byID["3"].Error.Message, "does not exist/is not available")
}

func TestBatchItemLimit(t *testing.T) {
	_, url := startServer(t, Config{BatchItemLimit: 3}, newMemBackend(t))
	items := make([]string, 4)
	for i := range items {
		items[i] = `{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}`
	}
	status, body := postRaw(t, url, []byte("["+strings.Join(items, ",")+"]"), nil)
	require.Equal(t, http.StatusOK, status)
	var resps []rpcResponse
	require.NoError(t, json.Unmarshal(body, &resps), string(body))
	require.Len(t, resps, 1)
	require.NotNil(t, resps[0].Error)
	require.Equal(t, -32600, resps[0].Error.Code)
	require.Equal(t, "batch too large", resps[0].Error.Message)

	status, body = postRaw(t, url, []byte("["+strings.Join(items[:3], ",")+"]"), nil)
	require.Equal(t, http.StatusOK, status)
	require.NoError(t, json.Unmarshal(body, &resps))
	require.Len(t, resps, 3)
}

func TestHTTPBodyLimit(t *testing.T) {
	_, url := startServer(t, Config{HTTPBodyLimit: 1024}, newMemBackend(t))
	padding := strings.Repeat("0", 2048)
	big := `{"jsonrpc":"2.0","id":1,"method":"web3_sha3","params":["0x` + padding + `"]}`
	status, _ := postRaw(t, url, []byte(big), nil)
	require.Equal(t, http.StatusRequestEntityTooLarge, status)

	small := `{"jsonrpc":"2.0","id":1,"method":"web3_sha3","params":["0x` + padding[:512] + `"]}`
	status, _ = postRaw(t, url, []byte(small), nil)
	require.Equal(t, http.StatusOK, status)
}

func TestWebSocketSamePort(t *testing.T) {
	b := newMemBackend(t)
	s, _ := startServer(t, Config{}, b)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	client, err := rpc.DialWebsocket(ctx, "ws://"+s.Addr().String(), "")
	require.NoError(t, err)
	defer client.Close()
	chainID, err := ethclient.NewClient(client).ChainID(ctx)
	require.NoError(t, err)
	require.Equal(t, testChainID, chainID)

	batch := []rpc.BatchElem{{Method: "eth_blockNumber", Result: new(string)}, {Method: "net_version", Result: new(string)}}
	require.NoError(t, client.BatchCallContext(ctx, batch))
	require.Equal(t, "0x2", *batch[0].Result.(*string))
	require.Equal(t, "424242", *batch[1].Result.(*string))

	_, err = rpc.DialWebsocket(ctx, "ws://"+s.Addr().String(), "http://evil.example")
	require.Error(t, err, "an origin outside WSOrigins must be refused")
}

func TestWebSocketAllowedOrigin(t *testing.T) {
	s, _ := startServer(t, Config{WSOrigins: []string{"https://app.example"}}, newMemBackend(t))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	client, err := rpc.DialWebsocket(ctx, "ws://"+s.Addr().String(), "https://app.example")
	require.NoError(t, err)
	client.Close()
}

func TestCORSPreflight(t *testing.T) {
	_, url := startServer(t, Config{CORSOrigins: []string{"https://app.example"}}, newMemBackend(t))
	preflight := func(origin string) *http.Response {
		req, err := http.NewRequest(http.MethodOptions, url, nil)
		require.NoError(t, err)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", http.MethodPost)
		req.Header.Set("Access-Control-Request-Headers", "content-type")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp
	}
	resp := preflight("https://app.example")
	require.Less(t, resp.StatusCode, 300)
	require.Equal(t, "https://app.example", resp.Header.Get("Access-Control-Allow-Origin"))
	require.Contains(t, resp.Header.Get("Access-Control-Allow-Methods"), http.MethodPost)
	require.Equal(t, "600", resp.Header.Get("Access-Control-Max-Age"))

	resp = preflight("https://evil.example")
	require.Empty(t, resp.Header.Get("Access-Control-Allow-Origin"))

	status, _ := postRaw(t, url, []byte(`{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}`),
		http.Header{"Origin": {"https://app.example"}})
	require.Equal(t, http.StatusOK, status)
}

func TestVirtualHosts(t *testing.T) {
	s, url := startServer(t, Config{}, newMemBackend(t))
	body := []byte(`{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}`)
	for host, want := range map[string]int{
		"localhost:8545":    http.StatusOK,
		"LOCALHOST":         http.StatusOK,
		s.Addr().String():   http.StatusOK,
		"[::1]:8545":        http.StatusOK,
		"evil.example:8545": http.StatusForbidden,
		"evil.example":      http.StatusForbidden,
	} {
		req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
		require.NoError(t, err)
		req.Host = host
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, want, resp.StatusCode, host)
	}
}

func TestServerLifecycle(t *testing.T) {
	_, err := NewServer(Config{Address: "127.0.0.1:0"}, nil, nil)
	require.ErrorIs(t, err, ErrNoBackend)
	_, err = NewServer(Config{}, newMemBackend(t), nil)
	require.ErrorIs(t, err, ErrNoAddress)
	_, err = NewServer(Config{Address: "127.0.0.1:0", HTTPBodyLimit: -1}, newMemBackend(t), nil)
	require.ErrorIs(t, err, ErrNegativeLimit)

	s, err := NewServer(Config{Address: "127.0.0.1:0"}, newMemBackend(t), nil)
	require.NoError(t, err)
	require.Nil(t, s.Addr())
	require.ErrorIs(t, s.Stop(), ErrNotStarted)
	require.NoError(t, s.Start())
	require.ErrorIs(t, s.Start(), ErrAlreadyStarted)
	url := "http://" + s.Addr().String()
	var chainID string
	callResult(t, url, &chainID, "eth_chainId")
	require.Equal(t, "0x67932", chainID)
	require.NoError(t, s.Stop())
	require.ErrorIs(t, s.Stop(), ErrNotStarted)
	require.ErrorIs(t, s.Start(), ErrAlreadyStarted)
	_, err = http.Post(url, "application/json", strings.NewReader(`{}`))
	require.Error(t, err, "a stopped server must not accept connections")
}

// BenchmarkGetBlockFullTx measures one eth_getBlockByNumber(full) round trip over HTTP.
func BenchmarkGetBlockFullTx(b *testing.B) {
	_, url := startServer(b, Config{}, newMemBackend(b))
	client, err := rpc.Dial(url)
	require.NoError(b, err)
	defer client.Close()
	b.ResetTimer()
	for b.Loop() {
		var block map[string]any
		if err := client.Call(&block, "eth_getBlockByNumber", "0x1", true); err != nil || block == nil {
			b.Fatal(err)
		}
	}
}
