package testutil

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Process network errors.
var (
	ErrNodeRunning    = errors.New("node process is running")
	ErrNodeNotRunning = errors.New("node process is not running")
	ErrExitTimeout    = errors.New("node process did not exit in time")
	ErrNoSuchNode     = errors.New("no such node")
)

// procStopGrace bounds how long a SIGTERM'd node may take before it is killed.
const procStopGrace = 15 * time.Second

// ProcNet is a network of `hyperiond start` processes over the homes written
// by WriteHomes, for fault tests: nodes can be started, stopped, killed with
// SIGKILL and restarted, each with its own environment. Every process logs to
// HOME/node.log and every process still alive is killed when the test ends.
type ProcNet struct {
	Dir   string
	Homes []string
	Ports []NodePorts

	bin   string
	mu    sync.Mutex
	procs []*NodeProcess // by node index; nil before the first start
}

// NodeProcess is one run of `hyperiond start` for a home.
type NodeProcess struct {
	cmd    *exec.Cmd
	log    *os.File
	exited chan struct{} // closed once the process has exited and state is set
	state  *os.ProcessState
}

// NewProcNet writes the homes of a network of opts.Validators into a fresh
// temporary directory of t and starts no process. The test's cleanup kills
// every process left and, on failure, logs the tail of every node's log.
func NewProcNet(t testing.TB, opts HomeOptions) *ProcNet {
	t.Helper()
	bin, err := Binary()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	homes, ports, err := WriteHomes(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	n := &ProcNet{Dir: dir, Homes: homes, Ports: ports, bin: bin, procs: make([]*NodeProcess, len(homes))}
	t.Cleanup(func() {
		n.KillAll()
		if t.Failed() {
			for i := range n.Homes {
				t.Logf("--- node%d log tail ---\n%s", i, n.LogTail(i, 40))
			}
		}
	})
	return n
}

// RPCURL is node i's Ethereum JSON-RPC URL.
func (n *ProcNet) RPCURL(i int) string { return fmt.Sprintf("http://127.0.0.1:%d", n.Ports[i].JSONRPC) }

// LogPath is the file node i's processes log to.
func (n *ProcNet) LogPath(i int) string { return filepath.Join(n.Homes[i], "node.log") }

// Start starts node i with the extra environment entries env ("KEY=value"),
// appending its output to HOME/node.log. It fails if node i is running.
func (n *ProcNet) Start(i int, env ...string) error {
	if i < 0 || i >= len(n.Homes) {
		return fmt.Errorf("%w: %d", ErrNoSuchNode, i)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if p := n.procs[i]; p != nil && !p.Exited() {
		return fmt.Errorf("node%d: %w", i, ErrNodeRunning)
	}
	p, err := n.spawn(i, env)
	if err != nil {
		return fmt.Errorf("start node%d: %w", i, err)
	}
	n.procs[i] = p
	return nil
}

// StartAll starts every node without extra environment.
func (n *ProcNet) StartAll() error {
	for i := range n.Homes {
		if err := n.Start(i); err != nil {
			return err
		}
	}
	return nil
}

func (n *ProcNet) spawn(i int, env []string) (*NodeProcess, error) {
	logFile, err := os.OpenFile(n.LogPath(i), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(logFile, "=== testutil: start node%d env=%q at %s ===\n", i, env, time.Now().Format(time.RFC3339Nano))
	cmd := exec.Command(n.bin, "start", "--home", n.Homes[i],
		"--json-rpc.address", fmt.Sprintf("127.0.0.1:%d", n.Ports[i].JSONRPC))
	cmd.Env = append(childEnv(), env...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = childProcAttr()
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, err
	}
	p := &NodeProcess{cmd: cmd, log: logFile, exited: make(chan struct{})}
	go p.wait()
	return p, nil
}

// childEnv is this process's environment without HYPERION_* variables, so a
// crash point or setting of the test's own environment never leaks into a node.
func childEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HYPERION_") {
			out = append(out, kv)
		}
	}
	return out
}

func (p *NodeProcess) wait() {
	_ = p.cmd.Wait() // the exit status is read from ProcessState
	p.state = p.cmd.ProcessState
	p.log.Close()
	close(p.exited)
}

// Exited reports whether the process has exited.
func (p *NodeProcess) Exited() bool {
	select {
	case <-p.exited:
		return true
	default:
		return false
	}
}

// proc returns node i's current process, or nil.
func (n *ProcNet) proc(i int) *NodeProcess {
	n.mu.Lock()
	defer n.mu.Unlock()
	if i < 0 || i >= len(n.procs) {
		return nil
	}
	return n.procs[i]
}

// Running reports whether node i has a live process.
func (n *ProcNet) Running(i int) bool {
	p := n.proc(i)
	return p != nil && !p.Exited()
}

// Kill sends SIGKILL to node i and waits for it to exit.
func (n *ProcNet) Kill(i int) error {
	p := n.proc(i)
	if p == nil || p.Exited() {
		return fmt.Errorf("node%d: %w", i, ErrNodeNotRunning)
	}
	signalChild(p.cmd.Process, syscall.SIGKILL)
	_, err := n.WaitExit(i, procStopGrace)
	return err
}

// Stop sends SIGTERM to node i, waits up to a grace period for a clean exit,
// then kills it. It returns the exit code (-1 when killed by a signal).
func (n *ProcNet) Stop(i int) (int, error) {
	p := n.proc(i)
	if p == nil || p.Exited() {
		return 0, fmt.Errorf("node%d: %w", i, ErrNodeNotRunning)
	}
	signalChild(p.cmd.Process, syscall.SIGTERM)
	code, err := n.WaitExit(i, procStopGrace)
	if errors.Is(err, ErrExitTimeout) {
		signalChild(p.cmd.Process, syscall.SIGKILL)
		<-p.exited
		return p.state.ExitCode(), fmt.Errorf("node%d ignored SIGTERM: %w", i, err)
	}
	return code, err
}

// WaitExit waits up to timeout for node i's process to exit by itself and
// returns its exit code (-1 when a signal ended it).
func (n *ProcNet) WaitExit(i int, timeout time.Duration) (int, error) {
	p := n.proc(i)
	if p == nil {
		return 0, fmt.Errorf("node%d: %w", i, ErrNodeNotRunning)
	}
	select {
	case <-p.exited:
		return p.state.ExitCode(), nil
	case <-time.After(timeout):
		return 0, fmt.Errorf("node%d after %v: %w", i, timeout, ErrExitTimeout)
	}
}

// KillAll kills every live node process and waits for each to exit.
func (n *ProcNet) KillAll() {
	for i := range n.Homes {
		if p := n.proc(i); p != nil && !p.Exited() {
			signalChild(p.cmd.Process, syscall.SIGKILL)
			select {
			case <-p.exited:
			case <-time.After(procStopGrace):
			}
		}
	}
}

// LogTail returns the last lines of node i's log (read from its last 64 KiB).
func (n *ProcNet) LogTail(i int, lines int) string {
	f, err := os.Open(n.LogPath(i))
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	const maxTail = 64 << 10
	if st, err := f.Stat(); err == nil && st.Size() > maxTail {
		_, _ = f.Seek(st.Size()-maxTail, io.SeekStart)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxTail))
	if err != nil {
		return err.Error()
	}
	all := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// LogContains reports whether node i's log holds s.
func (n *ProcNet) LogContains(i int, s string) bool {
	data, err := os.ReadFile(n.LogPath(i))
	return err == nil && strings.Contains(string(data), s)
}
