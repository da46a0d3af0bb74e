package app

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"github.com/stretchr/testify/require"
)

func writeTestAppTOML(t *testing.T, home string, cfg Config) {
	t.Helper()
	require.NoError(t, WriteAppTOML(cfg.AppConfigFile(), cfg))
	_, err := os.Stat(filepath.Join(home, "config", "app.toml"))
	require.NoError(t, err)
}

func TestAppTOMLRoundTrip(t *testing.T) {
	home := t.TempDir()
	cfg := DefaultConfig(home)
	cfg.LogLevel = "debug"
	cfg.JSONRPC = JSONRPCConfig{Enable: false, Address: "0.0.0.0:9545"}
	cfg.State = StateConfig{KeepRecent: 7, CacheSize: 1234}
	cfg.TxPool = TxPoolConfig{AccountSlots: 3, GlobalSlots: 99, PriceBump: 25}
	writeTestAppTOML(t, home, cfg)

	got, err := LoadConfig(home, viper.New())
	require.NoError(t, err)
	require.Equal(t, cfg, got)
}

func TestRenderedDefaultsMatchDefaults(t *testing.T) {
	home := t.TempDir()
	writeTestAppTOML(t, home, DefaultConfig(home))
	data, err := os.ReadFile(DefaultConfig(home).AppConfigFile())
	require.NoError(t, err)
	require.Contains(t, string(data), "[json-rpc]\n")
	require.Contains(t, string(data), `address = "127.0.0.1:8545"`)
	require.Contains(t, string(data), "# Listen address")

	got, err := LoadConfig(home, viper.New())
	require.NoError(t, err)
	require.Equal(t, DefaultConfig(home), got)
}

func TestLoadConfigMissingFileGivesDefaults(t *testing.T) {
	home := t.TempDir()
	got, err := LoadConfig(home, viper.New())
	require.NoError(t, err)
	require.Equal(t, DefaultConfig(home), got)
}

func TestConfigPrecedence(t *testing.T) {
	home := t.TempDir()
	file := DefaultConfig(home)
	file.JSONRPC.Address = "127.0.0.1:1111"
	file.LogLevel = "error"
	file.TxPool.GlobalSlots = 10
	writeTestAppTOML(t, home, file)

	// env beats file
	t.Setenv(EnvName("json-rpc.address"), "127.0.0.1:2222")
	t.Setenv("HYPERION_TXPOOL_GLOBAL_SLOTS", "20")
	// flag beats env (and file); an unset flag does not count
	flags := pflag.NewFlagSet("test", pflag.ContinueOnError)
	flags.String("json-rpc.address", "127.0.0.1:9999", "")
	flags.String("log-level", "info", "")
	require.NoError(t, flags.Parse([]string{"--json-rpc.address", "127.0.0.1:3333"}))
	v := viper.New()
	require.NoError(t, v.BindPFlag("json-rpc.address", flags.Lookup("json-rpc.address")))
	require.NoError(t, v.BindPFlag("log-level", flags.Lookup("log-level")))

	got, err := LoadConfig(home, v)
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:3333", got.JSONRPC.Address, "flag > env > file")
	require.Equal(t, 20, got.TxPool.GlobalSlots, "env > file")
	require.Equal(t, "error", got.LogLevel, "file > unset flag default")
	require.Equal(t, file.State, got.State)
}

func TestLoadConfigRejects(t *testing.T) {
	home := t.TempDir()
	path := DefaultConfig(home).AppConfigFile()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))

	require.NoError(t, os.WriteFile(path, []byte("[json-rpc]\nadress = \"x\"\n"), 0o600))
	_, err := LoadConfig(home, viper.New())
	require.ErrorContains(t, err, "adress", "unknown keys are reported")

	require.NoError(t, os.WriteFile(path, []byte("log-level = \"loud\"\n"), 0o600))
	_, err = LoadConfig(home, viper.New())
	require.ErrorIs(t, err, ErrInvalidConfig)

	require.NoError(t, os.WriteFile(path, []byte("[json-rpc]\naddress = \"nope\"\n"), 0o600))
	_, err = LoadConfig(home, viper.New())
	require.ErrorIs(t, err, ErrInvalidConfig)

	require.NoError(t, os.WriteFile(path, []byte("[json-rpc\n"), 0o600))
	_, err = LoadConfig(home, viper.New())
	require.Error(t, err)
}

func TestEnvNameAndKeys(t *testing.T) {
	require.Equal(t, "HYPERION_JSON_RPC_ADDRESS", EnvName("json-rpc.address"))
	require.Equal(t, []string{"log-level", "executor", "workers", "json-rpc.enable", "json-rpc.address",
		"state.keep-recent", "state.cache-size", "inference.model-dir",
		"txpool.account-slots", "txpool.global-slots", "txpool.price-bump",
		"rollup.enable", "rollup.l1-rpc", "rollup.l1-key-file", "rollup.set-address", "rollup.inbox-address",
		"rollup.oracle-address", "rollup.batch-interval", "rollup.output-interval", "rollup.codec", "rollup.medium",
		"rollup.post-timeout", "rollup.embedded-l1-port"}, ConfigKeys())
}

func TestTOMLStringEscapes(t *testing.T) {
	require.Equal(t, `"a\"b\\c\u000A"`, tomlString("a\"b\\c\n"))
}
