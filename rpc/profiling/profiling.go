// Package profiling serves Go's runtime profiles (runtime/pprof and
// runtime/trace, under /debug/pprof/ like net/http/pprof) for
// gosupervisord's opt-in profiling endpoint: [supervisord] pprof_addr= or
// the GOSUPERVISORD_PPROF environment variable. Nothing is served unless
// one of them names an address. It is served by rpc/httpserver, so the
// daemon links neither net/http nor net/http/pprof.
package profiling

import (
	"errors"
	"net"
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

// Listen starts serving Handler on addr: "host:port" (port 0 picks a free
// port), or an absolute path for a unix socket, created with mode 0600 (a
// stale socket file is replaced). It resumes heap profiling if
// PauseMemProfile paused it.
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
	ResumeMemProfile()
	s.srv = &httpserver.Server{Handler: Handler()}
	go s.srv.Serve(s.l)
	return s, nil
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
