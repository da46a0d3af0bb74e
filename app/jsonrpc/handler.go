package jsonrpc

import (
	"net"
	"net/http"
	"strings"

	"github.com/ethereum/go-ethereum/rpc"
	"github.com/rs/cors"
)

// corsMaxAge is how long, in seconds, browsers may cache a preflight answer.
const corsMaxAge = 600

// newRouter sends WebSocket upgrades to the WebSocket handler (which checks WSOrigins)
// and everything else through the virtual-host and CORS checks to the HTTP handler.
// WebSocket connections are tracked in conns.
func newRouter(srv *rpc.Server, cfg Config, conns *wsConns) http.Handler {
	ws := srv.WebsocketHandler(cfg.WSOrigins)
	httpHandler := newVHostHandler(cfg.VHosts, newCORSHandler(srv, cfg.CORSOrigins))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isWebsocket(r) {
			ws.ServeHTTP(&hijackRecorder{ResponseWriter: w, owner: conns}, r)
			return
		}
		httpHandler.ServeHTTP(w, r)
	})
}

// isWebsocket reports whether r asks to upgrade to WebSocket.
func isWebsocket(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket") &&
		strings.Contains(strings.ToLower(r.Header.Get("Connection")), "upgrade")
}

// newCORSHandler answers preflights and sets CORS headers for the allowed origins;
// without origins it adds nothing, so browsers refuse cross-origin reads.
func newCORSHandler(next http.Handler, allowedOrigins []string) http.Handler {
	if len(allowedOrigins) == 0 {
		return next
	}
	c := cors.New(cors.Options{
		AllowedOrigins: allowedOrigins,
		AllowedMethods: []string{http.MethodPost, http.MethodGet},
		AllowedHeaders: []string{"*"},
		MaxAge:         corsMaxAge,
	})
	return c.Handler(next)
}

// vhostHandler rejects requests whose Host header names a host not allowed, which
// defeats DNS-rebinding attacks from browsers. IP addresses are always allowed.
type vhostHandler struct {
	allowed  map[string]bool
	allowAll bool
	next     http.Handler
}

// newVHostHandler returns a vhostHandler for the given host names ("*" allows all).
func newVHostHandler(vhosts []string, next http.Handler) http.Handler {
	h := &vhostHandler{allowed: make(map[string]bool, len(vhosts)), next: next}
	for _, host := range vhosts {
		if host == "*" {
			h.allowAll = true
		}
		h.allowed[strings.ToLower(host)] = true
	}
	return h
}

// ServeHTTP implements http.Handler.
func (h *vhostHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.allowAll || r.Host == "" {
		h.next.ServeHTTP(w, r)
		return
	}
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host // no port
	}
	if net.ParseIP(strings.Trim(host, "[]")) != nil || h.allowed[strings.ToLower(host)] {
		h.next.ServeHTTP(w, r)
		return
	}
	http.Error(w, "invalid host specified", http.StatusForbidden)
}
