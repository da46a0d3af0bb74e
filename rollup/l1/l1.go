// Package l1 provides Hyperion's development L1: go-ethereum's simulated backend with Osaka as the last
// fork, optionally served over HTTP JSON-RPC on loopback and mining a block on a timer.
package l1

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
)

// Defaults of the served development L1.
const (
	// DefaultHost is the only interface the dev L1 listens on.
	DefaultHost = "127.0.0.1"
	// DefaultPort is the dev L1's HTTP JSON-RPC port.
	DefaultPort = 8645
	// DefaultBlockTime is the interval between mined blocks.
	DefaultBlockTime = time.Second
)

// Modules are the JSON-RPC namespaces served over HTTP.
var Modules = []string{"eth", "net", "web3"}

// Sentinel errors.
var (
	ErrBadBlockTime = errors.New("l1: block time must be positive")
	ErrBadPort      = errors.New("l1: port out of range")
)

// ChainConfig returns go-ethereum's development chain config with every fork up to and including Osaka
// active from genesis and nothing later: no BPO forks, Amsterdam or Bogota (whose state-gas repricing
// the simulated backend enables by default). The chain id is 1337, like the simulated backend's.
func ChainConfig() *params.ChainConfig {
	cfg := *params.AllDevChainProtocolChanges
	cfg.BPO1Time, cfg.BPO2Time, cfg.BPO3Time, cfg.BPO4Time, cfg.BPO5Time = nil, nil, nil, nil, nil
	cfg.AmsterdamTime, cfg.BogotaTime, cfg.UBTTime = nil, nil, nil
	blobs := *params.AllDevChainProtocolChanges.BlobScheduleConfig
	blobs.BPO1, blobs.BPO2, blobs.BPO3, blobs.BPO4, blobs.BPO5 = nil, nil, nil, nil, nil
	cfg.BlobScheduleConfig = &blobs
	return &cfg
}

// WithOsakaLast is a simulated-backend option forcing ChainConfig as the genesis config.
func WithOsakaLast(_ *node.Config, ec *ethconfig.Config) {
	ec.Genesis.Config = ChainConfig()
}

// NewSimulated returns an in-process simulated L1 with Osaka last, funded per alloc; further options run
// after the chain config is forced.
func NewSimulated(alloc types.GenesisAlloc, opts ...func(*node.Config, *ethconfig.Config)) *simulated.Backend {
	return simulated.NewBackend(alloc, append([]func(*node.Config, *ethconfig.Config){WithOsakaLast}, opts...)...)
}

// Config configures a served development L1.
type Config struct {
	// Alloc prefunds accounts at genesis.
	Alloc types.GenesisAlloc
	// Port is the HTTP JSON-RPC port on DefaultHost.
	Port int
	// BlockTime is the interval between mined blocks.
	BlockTime time.Duration
}

// Server is a running development L1 served over HTTP.
type Server struct {
	backend  *simulated.Backend
	endpoint string
	stop     chan struct{}
	done     sync.WaitGroup
	once     sync.Once
}

// Start builds the simulated L1, serves it over HTTP on DefaultHost:cfg.Port and mines a block every
// cfg.BlockTime until Close.
func Start(cfg Config) (*Server, error) {
	if cfg.BlockTime <= 0 {
		return nil, ErrBadBlockTime
	}
	if cfg.Port <= 0 || cfg.Port > 65535 {
		return nil, fmt.Errorf("%w: %d", ErrBadPort, cfg.Port)
	}
	if err := checkPortFree(cfg.Port); err != nil {
		return nil, err
	}
	backend, err := newServedBackend(cfg)
	if err != nil {
		return nil, err
	}
	s := &Server{
		backend:  backend,
		endpoint: "http://" + net.JoinHostPort(DefaultHost, strconv.Itoa(cfg.Port)),
		stop:     make(chan struct{}),
	}
	s.done.Add(1)
	go s.mine(cfg.BlockTime)
	return s, nil
}

// newServedBackend builds the simulated backend serving HTTP on cfg.Port. The
// simulated backend panics when its node cannot start (the port was taken
// between checkPortFree and the bind): that becomes an error here.
func newServedBackend(cfg Config) (backend *simulated.Backend, err error) {
	defer func() {
		if r := recover(); r != nil {
			backend, err = nil, fmt.Errorf("l1: start on port %d: %v", cfg.Port, r)
		}
	}()
	return NewSimulated(cfg.Alloc, func(nc *node.Config, _ *ethconfig.Config) {
		nc.HTTPHost = DefaultHost
		nc.HTTPPort = cfg.Port
		nc.HTTPModules = Modules
	}), nil
}

// checkPortFree fails early (the simulated backend panics when its node cannot start).
func checkPortFree(port int) error {
	ln, err := net.Listen("tcp", net.JoinHostPort(DefaultHost, strconv.Itoa(port)))
	if err != nil {
		return fmt.Errorf("l1: port %d unavailable: %w", port, err)
	}
	return ln.Close()
}

// mine seals a block every interval.
func (s *Server) mine(interval time.Duration) {
	defer s.done.Done()
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-ticker.C:
			s.backend.Commit()
		}
	}
}

// Endpoint is the HTTP JSON-RPC URL.
func (s *Server) Endpoint() string { return s.endpoint }

// Backend is the underlying simulated backend (for in-process use alongside the HTTP endpoint).
func (s *Server) Backend() *simulated.Backend { return s.backend }

// Wait blocks until ctx is done, then closes the server.
func (s *Server) Wait(ctx context.Context) error {
	<-ctx.Done()
	return s.Close()
}

// Close stops mining and shuts the chain and its HTTP server down.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() {
		close(s.stop)
		s.done.Wait()
		err = s.backend.Close()
	})
	return err
}
