package main

import (
	"fmt"
	"io"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Set at link time: -ldflags "-X main.version=v1.2.3 -X main.commit=abc123".
var (
	version = "dev"
	commit  = ""
)

// versionedModules are the dependencies `version` reports.
var versionedModules = []string{
	"github.com/cometbft/cometbft",
	"github.com/ethereum/go-ethereum",
	"github.com/cosmos/iavl",
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit, Go version and key dependency versions",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			printVersion(cmd.OutOrStdout())
			return nil
		},
	}
}

func printVersion(w io.Writer) {
	info, ok := debug.ReadBuildInfo()
	rev, goVersion := commit, "unknown"
	deps := map[string]string{}
	if ok {
		goVersion = info.GoVersion
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && rev == "" {
				rev = s.Value
			}
		}
		for _, d := range info.Deps {
			deps[d.Path] = moduleVersion(d)
		}
	}
	if rev == "" {
		rev = "unknown"
	}
	fmt.Fprintf(w, "hyperiond %s\ncommit:   %s\ngo:       %s\n", version, rev, goVersion)
	for _, m := range versionedModules {
		v := deps[m]
		if v == "" {
			v = "unknown"
		}
		fmt.Fprintf(w, "%s %s\n", m, v)
	}
}

func moduleVersion(m *debug.Module) string {
	if m.Replace != nil {
		return m.Replace.Version + " (replaces " + m.Version + ")"
	}
	return m.Version
}
