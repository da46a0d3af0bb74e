package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/rollup/l1"
)

// stopGrace is how long stopped nodes get to exit before they are killed.
const stopGrace = 20 * time.Second

// ErrNoNodes is returned when the testnet directory holds no node homes.
var ErrNoNodes = errors.New("no node homes (DIR/node0, DIR/node1, ...) found; run `hyperiond testnet` first")

func newTestnetStartCmd() *cobra.Command {
	var (
		out  string
		noL1 bool
	)
	cmd := &cobra.Command{
		Use:   "start",
		Short: "Start every node of a testnet directory as its own process; Ctrl-C stops them all",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			exe, err := os.Executable()
			if err != nil {
				return err
			}
			return runTestnetStart(ctx, cmd.OutOrStdout(), out, exe, !noL1)
		},
	}
	cmd.Flags().StringVar(&out, flagOut, "./testnet", "testnet directory written by `hyperiond testnet`")
	cmd.Flags().BoolVar(&noL1, "no-l1", false, "do not start the development L1 (the nodes run without rollup duties)")
	return cmd
}

// testnetHomes lists DIR/node0, DIR/node1, ... up to the first missing one.
func testnetHomes(outDir string) ([]string, error) {
	var homes []string
	for i := 0; i < maxTestnetValidators; i++ {
		home := testnetNodeHome(outDir, i)
		if _, err := os.Stat(filepath.Join(home, "config", "genesis.json")); err != nil {
			break
		}
		homes = append(homes, home)
	}
	if len(homes) == 0 {
		return nil, fmt.Errorf("%s: %w", outDir, ErrNoNodes)
	}
	return homes, nil
}

// nodeProcess is one running `hyperiond start`.
type nodeProcess struct {
	name   string
	cmd    *exec.Cmd
	log    *os.File
	exited chan struct{} // closed when the process has exited; err is set then
	err    error
}

// runTestnetStart starts the development L1 (withL1) and `exe start --home`
// for every node, waits for ctx, then stops them all.
func runTestnetStart(ctx context.Context, out io.Writer, outDir, exe string, withL1 bool) error {
	homes, err := testnetHomes(outDir)
	if err != nil {
		return err
	}
	procs := make([]*nodeProcess, 0, len(homes)+1)
	defer func() { stopNodes(out, procs) }()
	var nodeArgs []string
	if withL1 {
		l1p, l1url, err := startTestnetL1(ctx, exe, outDir, homes)
		if l1p != nil {
			procs = append(procs, l1p)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "started the development L1 at %s with the rollup contracts, log %s\n", l1url, l1p.log.Name())
		nodeArgs = []string{"--" + flagL1RPC, l1url}
	}
	for i, home := range homes {
		p, err := startNodeProcess(exe, fmt.Sprintf("node%d", i), home, nodeArgs...)
		if err != nil {
			return err
		}
		procs = append(procs, p)
		fmt.Fprintf(out, "started %s (pid %d), JSON-RPC http://127.0.0.1:%d, log %s\n",
			p.name, p.cmd.Process.Pid, portsForNode(i).JSONRPC, p.log.Name())
	}
	fmt.Fprintln(out, "Press Ctrl-C to stop the network.")
	return superviseNodes(ctx, out, procs)
}

// startTestnetL1 starts `exe l1` (log DIR/l1.log) and deploys the rollup contracts with the homes' keys.
func startTestnetL1(ctx context.Context, exe, outDir string, homes []string) (*nodeProcess, string, error) {
	p, err := startProcess(exe, "l1", filepath.Join(outDir, "l1.log"), "l1")
	if err != nil {
		return nil, "", err
	}
	url := fmt.Sprintf("http://%s:%d", l1.DefaultHost, l1.DefaultPort)
	return p, url, app.DevDeployHomes(ctx, url, homes)
}

// startNodeProcess starts `exe start --home home [args]`, logging to home/node.log.
func startNodeProcess(exe, name, home string, args ...string) (*nodeProcess, error) {
	return startProcess(exe, name, filepath.Join(home, "node.log"), append([]string{"start", "--home", home}, args...)...)
}

// startProcess starts exe with args, logging to logPath.
func startProcess(exe, name, logPath string, args ...string) (*nodeProcess, error) {
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = detachedProcAttr() // our own signal forwarding, not the terminal's
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &nodeProcess{name: name, cmd: cmd, log: logFile, exited: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

// superviseNodes reports nodes that exit on their own and returns when ctx is
// done (nil) or when every node has exited (an error).
func superviseNodes(ctx context.Context, out io.Writer, procs []*nodeProcess) error {
	exited := make(chan *nodeProcess, len(procs))
	for _, p := range procs {
		go func() {
			<-p.exited
			exited <- p
		}()
	}
	for alive := len(procs); ; {
		select {
		case <-ctx.Done():
			return nil
		case p := <-exited:
			alive--
			fmt.Fprintf(out, "%s exited unexpectedly (%s); see %s\n", p.name, exitText(p.err), p.log.Name())
			if alive == 0 {
				return errors.New("every node has exited")
			}
		}
	}
}

// stopNodes sends SIGTERM to the nodes, waits up to stopGrace for all of
// them, then kills the rest.
func stopNodes(out io.Writer, procs []*nodeProcess) {
	for _, p := range procs {
		_ = p.cmd.Process.Signal(syscall.SIGTERM) // fails only if it has already exited
	}
	grace, cancel := context.WithTimeout(context.Background(), stopGrace)
	defer cancel()
	for _, p := range procs {
		select {
		case <-p.exited:
		case <-grace.Done():
			fmt.Fprintf(out, "%s did not stop within %s; killing it\n", p.name, stopGrace)
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
		p.log.Close()
	}
	if len(procs) > 0 {
		fmt.Fprintf(out, "stopped %d nodes\n", len(procs))
	}
}

func exitText(err error) string {
	if err == nil {
		return "exit status 0"
	}
	return err.Error()
}
