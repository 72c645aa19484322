// Package profiling serves Go's runtime profiles (net/http/pprof) for
// gosupervisord's opt-in profiling endpoint: [supervisord] pprof_addr= or
// the GOSUPERVISORD_PPROF environment variable. Nothing is served unless
// one of them names an address.
package profiling

import (
	"errors"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"strings"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
)

// EnvVar is the environment variable that enables profiling; when set and
// not empty it takes precedence over [supervisord] pprof_addr=.
const EnvVar = "GOSUPERVISORD_PPROF"

// Server is a running profiling endpoint.
type Server struct {
	srv  *httpserver.Server
	l    net.Listener
	sock string // unix socket path to remove on Close
}

// Listen starts serving the pprof handlers under /debug/pprof/ on addr:
// "host:port" (port 0 picks a free port), or an absolute path for a unix
// socket, created with mode 0600 (a stale socket file is replaced).
func Listen(addr string) (*Server, error) {
	if addr == "" {
		return nil, errors.New("profiling: empty address")
	}
	s := &Server{}
	var err error
	if strings.HasPrefix(addr, "/") {
		_ = os.Remove(addr)
		if s.l, err = net.Listen("unix", addr); err != nil {
			return nil, err
		}
		s.sock = addr
		if err := os.Chmod(addr, 0o600); err != nil {
			s.l.Close()
			os.Remove(addr)
			return nil, err
		}
	} else if s.l, err = net.Listen("tcp", addr); err != nil {
		return nil, err
	}
	// Served by our own HTTP server: net/http's would link its whole
	// server, HTTP/2 and TLS (about 1.5 MB of resident code).
	s.srv = &httpserver.Server{Handler: httpserver.FromHTTP(Handler())}
	go s.srv.Serve(s.l)
	return s, nil
}

// Handler returns the pprof routes: the index at /debug/pprof/, the named
// profiles below it (heap, goroutine, allocs, block, mutex, threadcreate),
// and cmdline, profile (CPU, ?seconds=N), symbol and trace.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// URL returns where the profiles are served, for the main log:
// "http://127.0.0.1:6060/debug/pprof/" or "unix:/path".
func (s *Server) URL() string {
	if s.sock != "" {
		return "unix:" + s.sock
	}
	return "http://" + s.l.Addr().String() + "/debug/pprof/"
}

// Addr returns the listener's address.
func (s *Server) Addr() net.Addr { return s.l.Addr() }

// Close stops serving at once and removes the unix socket file.
func (s *Server) Close() error {
	err := s.srv.Close()
	if s.sock != "" {
		os.Remove(s.sock)
	}
	return err
}
