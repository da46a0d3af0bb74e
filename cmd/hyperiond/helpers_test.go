package main

import (
	"bytes"
	"strings"
	"testing"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/spf13/viper"
	"github.com/stretchr/testify/require"
)

// runCLI runs hyperiond in-process with args and stdin, returning stdout.
func runCLI(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), err
}

// mustRunCLI is runCLI that fails the test on error.
func mustRunCLI(t *testing.T, args ...string) string {
	t.Helper()
	out, err := runCLI(t, "", args...)
	require.NoError(t, err, out)
	return out
}

// readCometConfig loads a written config.toml the way CometBFT does.
func readCometConfig(t *testing.T, home string) *cmtcfg.Config {
	t.Helper()
	v := viper.New()
	v.SetConfigFile(home + "/config/config.toml")
	require.NoError(t, v.ReadInConfig())
	conf := cmtcfg.DefaultConfig()
	require.NoError(t, v.Unmarshal(conf))
	conf.SetRoot(home)
	require.NoError(t, conf.ValidateBasic())
	return conf
}
