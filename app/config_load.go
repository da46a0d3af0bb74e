package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/viper"
)

// EnvPrefix prefixes the environment variables that override app.toml:
// HYPERION_LOG_LEVEL, HYPERION_JSON_RPC_ADDRESS, ...
const EnvPrefix = "HYPERION"

// ConfigKeys returns every app.toml key in viper's dotted form
// ("json-rpc.address"), in file order.
func ConfigKeys() []string {
	var keys []string
	for _, s := range configSections(DefaultConfig("")) {
		for _, e := range s.Entries {
			keys = append(keys, configKey(s.Name, e.Key))
		}
	}
	return keys
}

// EnvName is the environment variable that overrides a config key.
func EnvName(key string) string {
	return EnvPrefix + "_" + strings.ToUpper(envReplacer.Replace(key))
}

var envReplacer = strings.NewReplacer(".", "_", "-", "_")

// LoadConfig reads the configuration of the node at home with the precedence
// flags > HYPERION_* environment > home/config/app.toml > defaults. Flags take
// part when the caller has bound them to v (v.BindPFlag("json-rpc.address",
// ...)); a flag counts only when set on the command line. A missing app.toml
// leaves the defaults; unknown keys in it are an error.
func LoadConfig(home string, v *viper.Viper) (Config, error) {
	for _, s := range configSections(DefaultConfig(home)) {
		for _, e := range s.Entries {
			v.SetDefault(configKey(s.Name, e.Key), e.Value)
		}
	}
	v.SetEnvPrefix(EnvPrefix)
	v.SetEnvKeyReplacer(envReplacer)
	v.AutomaticEnv()

	cfg := DefaultConfig(home)
	if err := readAppTOML(v, cfg.AppConfigFile()); err != nil {
		return cfg, err
	}
	if err := v.UnmarshalExact(&cfg); err != nil {
		return cfg, fmt.Errorf("config: %w", err)
	}
	cfg.Home = home
	return cfg, cfg.Validate()
}

// readAppTOML merges path into v if it exists.
func readAppTOML(v *viper.Viper, path string) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	v.SetConfigFile(path)
	v.SetConfigType("toml")
	if err := v.ReadInConfig(); err != nil {
		return fmt.Errorf("config: read %s: %w", path, err)
	}
	return nil
}
