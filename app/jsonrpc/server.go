package jsonrpc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// Default limits, as go-ethereum's node package sets them.
const (
	DefaultBatchItemLimit       = 1000
	DefaultBatchResponseMaxSize = 25 * 1000 * 1000
	DefaultHTTPBodyLimit        = 5 * 1024 * 1024
	DefaultWSReadLimit          = 32 * 1024 * 1024
	DefaultClientVersion        = "Hyperion/v0.1.0"

	shutdownTimeout = 5 * time.Second
)

// Errors of the server's life cycle and configuration.
var (
	ErrNoBackend      = errors.New("jsonrpc: backend is nil")
	ErrNoAddress      = errors.New("jsonrpc: listen address is empty")
	ErrNegativeLimit  = errors.New("jsonrpc: limits must not be negative")
	ErrAlreadyStarted = errors.New("jsonrpc: server already started")
	ErrNotStarted     = errors.New("jsonrpc: server not started")
)

// Config configures the JSON-RPC server. Zero limits take the defaults above.
type Config struct {
	Address              string   // host:port to listen on; port 0 picks a free one
	CORSOrigins          []string // origins browsers may call from over HTTP; none disables CORS
	VHosts               []string // Host header values accepted over HTTP ("*" any); nil means localhost
	WSOrigins            []string // Origin header values accepted for WebSocket; nil means localhost
	BatchItemLimit       int      // most requests in one batch
	BatchResponseMaxSize int      // most bytes in one batch response
	HTTPBodyLimit        int      // most bytes in one HTTP request body
	WSReadLimit          int64    // most bytes in one WebSocket message
	ClientVersion        string   // answer of web3_clientVersion
	// FilterTimeout uninstalls polling filters not polled for this long
	// (DefaultFilterTimeout when zero).
	FilterTimeout time.Duration
}

// DefaultConfig returns the configuration of a local node: 127.0.0.1:8545, localhost only.
func DefaultConfig() Config {
	return Config{Address: "127.0.0.1:8545"}.withDefaults()
}

// withDefaults fills zero values with the defaults.
func (c Config) withDefaults() Config {
	if c.VHosts == nil {
		c.VHosts = []string{"localhost"}
	}
	if c.BatchItemLimit == 0 {
		c.BatchItemLimit = DefaultBatchItemLimit
	}
	if c.BatchResponseMaxSize == 0 {
		c.BatchResponseMaxSize = DefaultBatchResponseMaxSize
	}
	if c.HTTPBodyLimit == 0 {
		c.HTTPBodyLimit = DefaultHTTPBodyLimit
	}
	if c.WSReadLimit == 0 {
		c.WSReadLimit = DefaultWSReadLimit
	}
	if c.ClientVersion == "" {
		c.ClientVersion = DefaultClientVersion
	}
	if c.FilterTimeout == 0 {
		c.FilterTimeout = DefaultFilterTimeout
	}
	return c
}

// validate checks a configuration after defaults are applied.
func (c Config) validate() error {
	if c.Address == "" {
		return ErrNoAddress
	}
	if c.BatchItemLimit < 0 || c.BatchResponseMaxSize < 0 || c.HTTPBodyLimit < 0 || c.WSReadLimit < 0 || c.FilterTimeout < 0 {
		return ErrNegativeLimit
	}
	return nil
}

// Server serves Ethereum JSON-RPC over HTTP and WebSocket on one TCP port.
type Server struct {
	cfg     Config
	logger  *slog.Logger
	rpc     *rpc.Server
	handler http.Handler
	hub     *eventHub
	filters *filterManager
	quit    chan struct{} // stops the filter janitor

	mu       sync.Mutex
	listener net.Listener
	http     *http.Server
	stopped  bool
}

// NewServer registers the web3, net and eth namespaces over b, and txpool and
// debug when b implements PoolInspector and TraceBackend. A nil logger discards.
func NewServer(cfg Config, b Backend, logger *slog.Logger) (*Server, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if b == nil {
		return nil, ErrNoBackend
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	srv := rpc.NewServer()
	srv.SetBatchLimits(cfg.BatchItemLimit, cfg.BatchResponseMaxSize)
	srv.SetHTTPBodyLimit(cfg.HTTPBodyLimit)
	srv.SetWebsocketReadLimit(cfg.WSReadLimit)
	hub := newEventHub(b, logger)
	filters := newFilterManager(hub, cfg.FilterTimeout)
	conns := newWSConns()
	eth := newEthAPI(b, logger, hub, filters, conns)
	if err := registerAPIs(srv, cfg, b, eth); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, logger: logger, rpc: srv, hub: hub, filters: filters, quit: make(chan struct{})}
	s.handler = newRouter(srv, cfg, conns)
	return s, nil
}

// NotifyCommit tells the server that a height was committed, so that subscriptions
// and filters see it at once. It never blocks: call it from the commit hook. Without
// it the server still notices new heights by polling the backend.
func (s *Server) NotifyCommit() { s.hub.notifyHead() }

// NotifyPendingTx tells the server that the pool accepted tx (newPendingTransactions
// subscriptions and pending filters). It never blocks.
func (s *Server) NotifyPendingTx(tx *types.Transaction) { s.hub.notifyPending(tx) }

// registerAPIs registers the namespaces served.
func registerAPIs(srv *rpc.Server, cfg Config, b Backend, eth *ethAPI) error {
	peers, _ := b.(PeerCounter)
	apis := []struct {
		namespace string
		service   any
	}{
		{"web3", &web3API{clientVersion: cfg.ClientVersion}},
		{"net", &netAPI{chainID: b.ChainID(), peers: peers}},
		{"eth", eth},
	}
	if pool, ok := b.(PoolInspector); ok {
		apis = append(apis, struct {
			namespace string
			service   any
		}{"txpool", &txpoolAPI{pool: pool, eth: eth}})
	}
	if tb, ok := b.(ThresholdBackend); ok {
		apis = append(apis, struct {
			namespace string
			service   any
		}{"hyperion", &tencAPI{b: tb}})
	}
	if traces, ok := b.(TraceBackend); ok {
		apis = append(apis, struct {
			namespace string
			service   any
		}{"debug", newDebugAPI(eth, traces)})
	}
	for _, api := range apis {
		if err := srv.RegisterName(api.namespace, api.service); err != nil {
			return fmt.Errorf("jsonrpc: register %s: %w", api.namespace, err)
		}
	}
	return nil
}

// Start listens on the configured address and serves in the background.
func (s *Server) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listener != nil || s.stopped {
		return ErrAlreadyStarted
	}
	listener, err := net.Listen("tcp", s.cfg.Address)
	if err != nil {
		return fmt.Errorf("jsonrpc: listen on %s: %w", s.cfg.Address, err)
	}
	timeouts := rpc.DefaultHTTPTimeouts
	s.listener = listener
	s.http = &http.Server{
		Handler:           s.handler,
		ReadTimeout:       timeouts.ReadTimeout,
		ReadHeaderTimeout: timeouts.ReadHeaderTimeout,
		WriteTimeout:      timeouts.WriteTimeout,
		IdleTimeout:       timeouts.IdleTimeout,
	}
	s.hub.start()
	go s.filters.run(s.quit)
	go s.serve(s.http, listener)
	s.logger.Info("JSON-RPC server started", "addr", listener.Addr().String(),
		"cors", s.cfg.CORSOrigins, "vhosts", s.cfg.VHosts)
	return nil
}

// serve runs the HTTP server until it is shut down.
func (s *Server) serve(srv *http.Server, listener net.Listener) {
	if err := srv.Serve(listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
		s.logger.Error("JSON-RPC server failed", "err", err)
	}
}

// Addr returns the bound address, or nil before Start.
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listener == nil {
		return nil
	}
	return s.listener.Addr()
}

// Stop closes WebSocket connections, drains HTTP requests and stops listening.
// The server cannot be started again.
func (s *Server) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listener == nil || s.stopped {
		return ErrNotStarted
	}
	s.stopped = true
	close(s.quit)
	s.rpc.Stop()
	s.hub.stop()
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := s.http.Shutdown(ctx); err != nil {
		return fmt.Errorf("jsonrpc: shutdown: %w", err)
	}
	s.logger.Info("JSON-RPC server stopped", "addr", s.listener.Addr().String())
	return nil
}
