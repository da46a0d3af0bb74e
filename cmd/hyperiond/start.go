package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"syscall"

	cmtlog "github.com/cometbft/cometbft/libs/log"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/hyperion-rollup/hyperion/app"
)

// ErrNotInitialized is returned by start for a home without a config.
var ErrNotInitialized = errors.New("home is not initialized (run `hyperiond init --home DIR` first)")

// Flags of start that override app.toml; the names are the app.toml keys.
const (
	flagJSONRPCAddress = "json-rpc.address"
	flagLogLevel       = "log-level"
)

func newStartCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "start",
		Short: "Run the node until SIGINT or SIGTERM",
		Long: "Runs CometBFT, the application and the JSON-RPC server of the home.\n" +
			"Settings: flags > HYPERION_* environment (e.g. HYPERION_JSON_RPC_ADDRESS) > config/app.toml.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadStartConfig(cmd)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runNode(ctx, cfg, newLogger(cmd.ErrOrStderr(), cfg.LogLevel))
		},
	}
	f := cmd.Flags()
	f.String(flagJSONRPCAddress, "", "JSON-RPC listen address host:port (overrides [json-rpc] address)")
	f.String(flagLogLevel, "", "log level: debug, info or error (overrides log-level)")
	f.String(flagL1RPC, "", "L1 JSON-RPC URL (overrides [rollup] l1-rpc)")
	return cmd
}

// loadStartConfig loads the home's config with cmd's flags bound over it.
func loadStartConfig(cmd *cobra.Command) (app.Config, error) {
	home, err := homeFlag(cmd)
	if err != nil {
		return app.Config{}, err
	}
	if _, err := os.Stat(app.DefaultConfig(home).CometConfigFile()); errors.Is(err, fs.ErrNotExist) {
		return app.Config{}, fmt.Errorf("%s: %w", home, ErrNotInitialized)
	}
	return loadConfigWithFlags(home, cmd.Flags())
}

// loadConfigWithFlags loads app.Config from home, env and the flags of fs
// named like config keys.
func loadConfigWithFlags(home string, flags *pflag.FlagSet) (app.Config, error) {
	v := viper.New()
	for _, key := range app.ConfigKeys() {
		if f := flags.Lookup(key); f != nil {
			if err := v.BindPFlag(key, f); err != nil {
				return app.Config{}, err
			}
		}
	}
	for flag, key := range app.FlagAliases() {
		if f := flags.Lookup(flag); f != nil {
			if err := v.BindPFlag(key, f); err != nil {
				return app.Config{}, err
			}
		}
	}
	return app.LoadConfig(home, v)
}

// newLogger returns CometBFT's text logger filtered at level.
func newLogger(w io.Writer, level string) cmtlog.Logger {
	logger := cmtlog.NewTMLogger(cmtlog.NewSyncWriter(w))
	opt, err := cmtlog.AllowLevel(level)
	if err != nil {
		opt = cmtlog.AllowInfo()
	}
	return cmtlog.NewFilter(logger, opt)
}

// runNode builds and starts the node, waits for ctx, and stops it.
func runNode(ctx context.Context, cfg app.Config, logger cmtlog.Logger) error {
	node, err := app.NewNode(cfg, logger)
	if err != nil {
		return fmt.Errorf("build node: %w", err)
	}
	if err := node.Start(); err != nil {
		return errors.Join(fmt.Errorf("start node: %w", err), node.Stop())
	}
	if cfg.JSONRPC.Enable {
		logger.Info("node started", "home", cfg.Home, "json-rpc", "http://"+cfg.JSONRPC.Address)
	}
	<-ctx.Done()
	logger.Info("shutting down")
	if err := node.Stop(); err != nil {
		return fmt.Errorf("stop node: %w", err)
	}
	return nil
}
