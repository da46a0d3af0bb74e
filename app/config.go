package app

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// ErrInvalidConfig is wrapped by every Validate error.
var ErrInvalidConfig = errors.New("config: invalid")

// LogLevels are the accepted values of Config.LogLevel.
var LogLevels = []string{"debug", "info", "error"}

// Config is the node's typed configuration: app.toml, overridden by
// HYPERION_* environment variables, overridden by command-line flags.
// CometBFT's own settings stay in config/config.toml under Home.
type Config struct {
	// Home is the node's home directory.
	Home string `mapstructure:"-"`
	// JSONRPC configures the Ethereum JSON-RPC server.
	JSONRPC JSONRPCConfig `mapstructure:"json-rpc"`
	// State configures the IAVL store.
	State StateConfig `mapstructure:"state"`
	// Inference configures the inference precompile's model registry.
	Inference InferenceConfig `mapstructure:"inference"`
	// TxPool configures the application mempool.
	TxPool TxPoolConfig `mapstructure:"txpool"`
	// Rollup is the L1 side: batches, outputs (see app/rollup_config.go).
	Rollup RollupConfig `mapstructure:"rollup"`
	// LogLevel is one of debug, info, error.
	LogLevel string `mapstructure:"log-level"`
	// Executor is how verified and decided blocks execute: "sequential" or
	// "parallel" (Block-STM, bit-identical results). Proposers always build
	// sequentially.
	Executor string `mapstructure:"executor"`
	// Workers is the number of Block-STM workers; 0 uses every CPU.
	Workers int `mapstructure:"workers"`
}

// maxWorkers bounds Config.Workers.
const maxWorkers = 1024

// Executors are the accepted values of Config.Executor.
var Executors = []string{ExecutorSequential, ExecutorParallel}

// Executor names.
const (
	ExecutorSequential = "sequential"
	ExecutorParallel   = "parallel"
)

// defaultExecutor is parallel (Block-STM; bit-identical to sequential, and
// it runs sequentially by itself with one worker, on small blocks, on
// dependency chains and where in-order execution was cheaper) unless HYPERION_EXECUTOR names another executor, so
// in-process test networks built from DefaultConfig can pick either.
// LoadConfig applies the same variable anyway.
func defaultExecutor() string {
	if v := os.Getenv(EnvName("executor")); slices.Contains(Executors, v) {
		return v
	}
	return ExecutorParallel
}

// JSONRPCConfig configures the Ethereum JSON-RPC server (HTTP and WebSocket on one port).
type JSONRPCConfig struct {
	Enable  bool   `mapstructure:"enable"`
	Address string `mapstructure:"address"`
}

// StateConfig configures the state store.
type StateConfig struct {
	// KeepRecent is how many recent versions are kept; 0 keeps every version.
	KeepRecent uint64 `mapstructure:"keep-recent"`
	// CacheSize is the IAVL node cache size, in nodes.
	CacheSize int `mapstructure:"cache-size"`
}

// InferenceConfig configures the inference precompile.
type InferenceConfig struct {
	// ModelDir holds the registered models' files; empty means Home/models.
	ModelDir string `mapstructure:"model-dir"`
}

// ModelDir is the directory of the registered models' files.
func (c Config) ModelDir() string {
	if c.Inference.ModelDir != "" {
		return c.Inference.ModelDir
	}
	return filepath.Join(c.Home, "models")
}

// TxPoolConfig configures the application mempool.
type TxPoolConfig struct {
	AccountSlots int    `mapstructure:"account-slots"`
	GlobalSlots  int    `mapstructure:"global-slots"`
	PriceBump    uint64 `mapstructure:"price-bump"`
}

// DefaultConfig returns the defaults for a home directory.
func DefaultConfig(home string) Config {
	return Config{
		Home:     home,
		JSONRPC:  JSONRPCConfig{Enable: true, Address: "127.0.0.1:8545"},
		State:    StateConfig{KeepRecent: 100_000, CacheSize: 500_000},
		TxPool:   TxPoolConfig{AccountSlots: 64, GlobalSlots: 8192, PriceBump: 10},
		LogLevel: "info",
		Executor: defaultExecutor(),
		Rollup:   DefaultRollupConfig(),
	}
}

// Validate checks the configuration.
func (c Config) Validate() error {
	if c.Home == "" {
		return fmt.Errorf("%w: home directory is not set", ErrInvalidConfig)
	}
	if c.TxPool.AccountSlots <= 0 || c.TxPool.GlobalSlots <= 0 {
		return fmt.Errorf("%w: txpool slots must be positive", ErrInvalidConfig)
	}
	if !slices.Contains(Executors, c.Executor) {
		return fmt.Errorf("%w: executor %q is not one of %v", ErrInvalidConfig, c.Executor, Executors)
	}
	if c.Workers < 0 || c.Workers > maxWorkers {
		return fmt.Errorf("%w: workers %d is not in [0, %d]", ErrInvalidConfig, c.Workers, maxWorkers)
	}
	if err := c.Rollup.Validate(); err != nil {
		return err
	}
	if !validLogLevel(c.LogLevel) {
		return fmt.Errorf("%w: log-level %q is not one of %v", ErrInvalidConfig, c.LogLevel, LogLevels)
	}
	if c.JSONRPC.Enable {
		if err := validateListenAddress(c.JSONRPC.Address); err != nil {
			return fmt.Errorf("%w: json-rpc.address: %v", ErrInvalidConfig, err)
		}
	}
	return nil
}

func validLogLevel(level string) bool {
	for _, l := range LogLevels {
		if l == level {
			return true
		}
	}
	return false
}

// validateListenAddress checks a host:port listen address.
func validateListenAddress(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return fmt.Errorf("port %q: %v", port, err)
	}
	return nil
}

// DataDir is where the application keeps its databases.
func (c Config) DataDir() string { return filepath.Join(c.Home, "data", "hyperion") }

// CometConfigFile is CometBFT's config.toml under Home.
func (c Config) CometConfigFile() string { return filepath.Join(c.Home, "config", "config.toml") }

// AppConfigFile is app.toml under Home.
func (c Config) AppConfigFile() string { return filepath.Join(c.Home, "config", "app.toml") }
