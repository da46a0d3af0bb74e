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
	require.Equal(t, ExecutorSequential, cfg.Executor)
	require.Zero(t, cfg.Workers)
	require.NoError(t, cfg.Validate())

	bad := cfg
	bad.Executor = "fast"
	require.ErrorIs(t, bad.Validate(), ErrInvalidConfig)
	bad = cfg
	bad.Workers = -1
	require.ErrorIs(t, bad.Validate(), ErrInvalidConfig)

	t.Setenv("HYPERION_EXECUTOR", ExecutorParallel)
	t.Setenv("HYPERION_WORKERS", "3")
	require.Equal(t, ExecutorParallel, DefaultConfig(home).Executor)
	loaded, err := LoadConfig(home, viper.New())
	require.NoError(t, err)
	require.Equal(t, ExecutorParallel, loaded.Executor)
	require.Equal(t, 3, loaded.Workers)

	toml, err := RenderAppTOML(loaded)
	require.NoError(t, err)
	require.Contains(t, string(toml), "executor = \"parallel\"")
	require.Contains(t, string(toml), "workers = 3")
}
