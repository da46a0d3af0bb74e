package jsonrpc

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"sync"
)

// errNotHijackable is returned when the HTTP server cannot hand over a connection.
var errNotHijackable = errors.New("jsonrpc: response writer cannot be hijacked")

// wsConns tracks the network connections of WebSocket clients by remote address, the
// key go-ethereum's rpc package puts in PeerInfo.RemoteAddr, so that a subscription
// can close its client's connection when it cuts the client off: the client then
// sees an error instead of a subscription that silently stops.
type wsConns struct {
	mu    sync.Mutex
	conns map[string]*trackedConn
}

func newWSConns() *wsConns { return &wsConns{conns: make(map[string]*trackedConn)} }

// close closes the connection of a remote address; false when none is known.
func (c *wsConns) close(remote string) bool {
	c.mu.Lock()
	conn := c.conns[remote]
	c.mu.Unlock()
	if conn == nil {
		return false
	}
	_ = conn.Close()
	return true
}

func (c *wsConns) add(conn *trackedConn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.conns[conn.RemoteAddr().String()] = conn
}

func (c *wsConns) remove(conn *trackedConn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	key := conn.RemoteAddr().String()
	if c.conns[key] == conn {
		delete(c.conns, key)
	}
}

// count returns the number of tracked connections.
func (c *wsConns) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.conns)
}

// trackedConn removes itself from the registry when closed.
type trackedConn struct {
	net.Conn
	owner *wsConns
	once  sync.Once
}

// Close closes the connection and forgets it.
func (t *trackedConn) Close() error {
	t.once.Do(func() { t.owner.remove(t) })
	return t.Conn.Close()
}

// hijackRecorder is a ResponseWriter whose hijacked connection is tracked.
type hijackRecorder struct {
	http.ResponseWriter
	owner *wsConns
}

// Hijack hands the connection over, tracked.
func (h *hijackRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := h.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errNotHijackable
	}
	conn, rw, err := hj.Hijack()
	if err != nil {
		return nil, nil, err
	}
	tracked := &trackedConn{Conn: conn, owner: h.owner}
	h.owner.add(tracked)
	return tracked, rw, nil
}

// Unwrap returns the wrapped writer (for http.ResponseController).
func (h *hijackRecorder) Unwrap() http.ResponseWriter { return h.ResponseWriter }
