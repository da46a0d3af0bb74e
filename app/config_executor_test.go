package app

import (
	"testing"

	"github.com/spf13/viper"
	"github.com/stretchr/testify/require"
)

func TestExecutorConfig(t *testing.T) {
	t.Setenv("HYPERION_EXECUTOR", "")
	home := t.TempDir()
	cfg := DefaultConfig(home)
	require.Equal(t, ExecutorParallel, cfg.Executor, "Block-STM is the default")
	require.Zero(t, cfg.Workers)
	require.NoError(t, cfg.Validate())

	bad := cfg
	bad.Executor = "fast"
	require.ErrorIs(t, bad.Validate(), ErrInvalidConfig)
	bad = cfg
	bad.Workers = -1
	require.ErrorIs(t, bad.Validate(), ErrInvalidConfig)

	t.Setenv("HYPERION_EXECUTOR", ExecutorSequential)
	t.Setenv("HYPERION_WORKERS", "3")
	require.Equal(t, ExecutorSequential, DefaultConfig(home).Executor)
	loaded, err := LoadConfig(home, viper.New())
	require.NoError(t, err)
	require.Equal(t, ExecutorSequential, loaded.Executor)
	require.Equal(t, 3, loaded.Workers)

	toml, err := RenderAppTOML(loaded)
	require.NoError(t, err)
	require.Contains(t, string(toml), "executor = \"sequential\"")
	require.Contains(t, string(toml), "workers = 3")
}
