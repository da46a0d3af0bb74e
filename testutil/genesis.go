package testutil

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hyperion-rollup/hyperion/app"
)

// EditAppState rewrites the app_state of every home's genesis.json with edit,
// keeping the rest of the file; all homes get the same result.
func EditAppState(homes []string, edit func(*app.GenesisState)) error {
	for _, home := range homes {
		path := filepath.Join(home, "config", "genesis.json")
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(raw, &doc); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		state, err := app.ParseGenesisState(doc["app_state"])
		if err != nil {
			return err
		}
		edit(&state)
		if doc["app_state"], err = json.Marshal(state); err != nil {
			return err
		}
		out, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(path, out, 0o600); err != nil {
			return err
		}
	}
	return nil
}
