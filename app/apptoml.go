package app

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
)

// appTOMLHeader opens every rendered app.toml.
const appTOMLHeader = `# Hyperion application configuration (app.toml).
# Precedence: command-line flags > HYPERION_* environment variables > this file.
# Environment names are the keys upper-cased with '.' and '-' as '_',
# e.g. HYPERION_JSON_RPC_ADDRESS for [json-rpc] address.
`

// configEntry is one key of app.toml with its comment and current value.
type configEntry struct {
	Key     string
	Comment string
	Value   any // string, bool, int, uint64
}

// configSection is one [table] of app.toml; Name "" is the top level.
type configSection struct {
	Name    string
	Comment string
	Entries []configEntry
}

// configSections lists every app.toml key of c, in file order. It is the one
// place that names keys: rendering, defaults and env binding all use it.
func configSections(c Config) []configSection {
	return []configSection{
		{Name: "", Entries: []configEntry{
			{"log-level", "Log level: debug, info or error.", c.LogLevel},
			{"executor", "How verified blocks execute: \"sequential\" or \"parallel\" (Block-STM, identical results; blocks still run in order where that was cheaper on recent blocks).", c.Executor},
			{"workers", "Block-STM workers; 0 uses every CPU.", c.Workers},
		}},
		{Name: "json-rpc", Comment: "Ethereum JSON-RPC server (HTTP and WebSocket on one port).", Entries: []configEntry{
			{"enable", "Serve JSON-RPC.", c.JSONRPC.Enable},
			{"address", "Listen address, host:port.", c.JSONRPC.Address},
		}},
		{Name: "state", Comment: "IAVL state store.", Entries: []configEntry{
			{"keep-recent", "Recent versions kept for historical queries; 0 keeps every version.", c.State.KeepRecent},
			{"cache-size", "IAVL node cache size, in nodes.", c.State.CacheSize},
		}},
		{Name: "inference", Comment: "Inference precompile (0x…0810).", Entries: []configEntry{
			{"model-dir", "Directory of the registered models' files (<sha256>.hyqm); empty means <home>/models.", c.Inference.ModelDir},
		}},
		{Name: "txpool", Comment: "Application mempool.", Entries: []configEntry{
			{"account-slots", "Pending transactions kept per sender.", c.TxPool.AccountSlots},
			{"global-slots", "Pending transactions kept in total.", c.TxPool.GlobalSlots},
			{"price-bump", "Minimum fee increase, in percent, to replace a pending transaction.", c.TxPool.PriceBump},
		}},
		rollupSection(c.Rollup),
	}
}

// configKey is the viper key of an entry: "section.key", or "key" at top level.
func configKey(section, key string) string {
	if section == "" {
		return key
	}
	return section + "." + key
}

// RenderAppTOML renders c as a commented app.toml.
func RenderAppTOML(c Config) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(appTOMLHeader)
	for _, s := range configSections(c) {
		buf.WriteString("\n")
		if s.Name != "" {
			fmt.Fprintf(&buf, "# %s\n[%s]\n", s.Comment, s.Name)
		}
		for _, e := range s.Entries {
			v, err := tomlValue(e.Value)
			if err != nil {
				return nil, fmt.Errorf("app.toml %s: %w", configKey(s.Name, e.Key), err)
			}
			fmt.Fprintf(&buf, "# %s\n%s = %s\n", e.Comment, e.Key, v)
		}
	}
	return buf.Bytes(), nil
}

// WriteAppTOML renders c and writes it to path, creating the directory.
func WriteAppTOML(path string, c Config) error {
	data, err := RenderAppTOML(c)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o600)
}

// tomlValue formats a scalar as a TOML value.
func tomlValue(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return tomlString(x), nil
	case bool:
		return strconv.FormatBool(x), nil
	case int:
		return strconv.Itoa(x), nil
	case uint64:
		if x > 1<<63-1 {
			return "", fmt.Errorf("value %d exceeds TOML's int64", x)
		}
		return strconv.FormatUint(x, 10), nil
	default:
		return "", fmt.Errorf("unsupported value type %T", v)
	}
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r > 0xffff && !unicode.IsPrint(r):
			fmt.Fprintf(&b, "\\U%08X", r)
		case r < 0x20 || r == 0x7f || !unicode.IsPrint(r):
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
