// Package server opens supervisord's HTTP servers, one per
// [unix_http_server*] or [inet_http_server*] section, each serving the same
// routes behind its own credentials, as 4.2.5 does:
//
//	/RPC2...        XML-RPC (rpc.Registry)
//	/logtail...     process log streams (logtail)
//	/mainlogtail... the main log stream
//	anything else   the web UI (Options.UI), or ok.html and 404s without it
//
// The wire behaviour is Medusa's (see rpc/httpserver).
package server

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"sync"

	"github.com/gosupervisord/gosupervisord/internal/py"
	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
	"github.com/gosupervisord/gosupervisord/rpc/logtail"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

// Logger receives the main-log lines of the HTTP layer. *logger.Logger
// implements it.
type Logger interface {
	Critf(format string, args ...any)
	Errorf(format string, args ...any)
	Warnf(format string, args ...any)
	Infof(format string, args ...any)
	Tracef(format string, args ...any)
}

type nopLogger struct{}

func (nopLogger) Critf(string, ...any)  {}
func (nopLogger) Errorf(string, ...any) {}
func (nopLogger) Warnf(string, ...any)  {}
func (nopLogger) Infof(string, ...any)  {}
func (nopLogger) Tracef(string, ...any) {}

// Options configure the servers.
type Options struct {
	// Registry holds the XML-RPC methods. Required.
	Registry *rpc.Registry
	// Logs resolves /logtail and /mainlogtail requests; nil answers them
	// with 404. *supervisor.Supervisor implements it.
	Logs logtail.Resolver
	// Watch wakes log streams when a log changes; nil uses childlog.Watch.
	Watch logtail.WatchFunc
	// UI serves every path the routes above do not take (the web UI and
	// its static files). Nil serves only ok.html and answers 404 (400 for
	// methods other than GET and HEAD), as 4.2.5's file handler would
	// with no files.
	UI httpserver.Handler
	// Logger receives the startup lines and request errors; nil discards.
	Logger Logger
	// Stderr receives what 4.2.5 writes to its standard error
	// ("Unlinking stale socket ...", malformed credentials); nil means
	// os.Stderr.
	Stderr io.Writer
	// MaxRequestBytes defaults to DefaultMaxRequestBytes.
	MaxRequestBytes int64
}

// Servers are the open HTTP servers. Close them on shutdown and before a
// restart (4.2.5 reopens them after re-reading the configuration).
type Servers struct {
	servers []*httpserver.Server
	addrs   []net.Addr
	files   []string // unix socket paths to remove on close
	closeMu sync.Mutex
	closed  bool
}

// Listen opens one server per configuration, in order, and starts serving.
// For each it logs, as 4.2.5 does, "RPC interface '<namespace>'
// initialized" for each registered namespace and, when the section has no
// username, "Server '<section>' running without any HTTP authentication
// checking" at CRIT. On error the servers opened so far are closed again
// and the error is a *ListenError carrying 4.2.5's message.
func Listen(cfgs []config.ServerConfig, opts Options) (*Servers, error) {
	if opts.Registry == nil {
		return nil, errors.New("server: Options.Registry is required")
	}
	if opts.Logger == nil {
		opts.Logger = nopLogger{}
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	if opts.MaxRequestBytes <= 0 {
		opts.MaxRequestBytes = DefaultMaxRequestBytes
	}
	s := &Servers{}
	ui := opts.UI
	if ui == nil {
		ui = httpserver.HandlerFunc(fallback)
	}
	for _, cfg := range cfgs {
		var l net.Listener
		var local net.Addr
		var err error
		switch cfg.Family {
		case config.FamilyUnix:
			var ul *net.UnixListener
			if ul, err = listenUnix(cfg, opts.Stderr); err == nil {
				l, local = ul, &net.UnixAddr{Name: cfg.File, Net: "unix"}
				s.files = append(s.files, cfg.File)
				opts.Logger.Tracef("%s:Medusa (V1.12) started at %s\n\tHostname: <unix domain socket>\n\tPort:%s",
					cfg.File, ctime(), cfg.File)
			}
		default:
			if l, err = listenInet(cfg); err == nil {
				opts.Logger.Tracef("%s:Medusa (V1.12) started at %s\n\tHostname: %s\n\tPort:%d",
					cfg.Host, ctime(), hostnameOf(cfg.Host), cfg.Port)
			}
		}
		if err != nil {
			s.Close()
			return nil, err
		}
		for _, ns := range opts.Registry.Namespaces() {
			opts.Logger.Infof("RPC interface %s initialized", py.Repr(ns))
		}
		srv := &httpserver.Server{
			Handler:  handlerFor(cfg, opts, ui),
			ErrorLog: opts.Logger.Errorf,
			AccessLog: func(r *httpserver.Request, status int, n int64) {
				accessLog(opts.Logger, r, status, n)
			},
		}
		if local != nil {
			// The web UI's server name on unix sockets is the configured
			// path, not the temporary name we bind.
			srv.ConnContext = func(ctx context.Context, _ net.Conn) context.Context {
				return context.WithValue(ctx, httpserver.LocalAddrContextKey, local)
			}
		}
		s.servers = append(s.servers, srv)
		s.addrs = append(s.addrs, l.Addr())
		go srv.Serve(l)
	}
	return s, nil
}

// handlerFor builds one listener's routes behind its credentials.
func handlerFor(cfg config.ServerConfig, opts Options, ui httpserver.Handler) httpserver.Handler {
	logs := &logtail.Handler{Resolver: opts.Logs, Watch: opts.Watch}
	mainLog := &logtail.Handler{Resolver: opts.Logs, Watch: opts.Watch, Main: true}
	var h httpserver.Handler = &httpserver.Mux{
		Routes: []httpserver.Route{
			{Prefix: "/RPC2", Handler: &rpcHandler{reg: opts.Registry, log: opts.Logger, maxBody: opts.MaxRequestBytes}},
			{Prefix: "/logtail", Handler: logs},
			{Prefix: "/mainlogtail", Handler: mainLog},
		},
		Default: ui,
	}
	if cfg.Username != nil && *cfg.Username != "" {
		password := ""
		if cfg.Password != nil {
			password = *cfg.Password
		}
		return &httpserver.BasicAuth{Username: *cfg.Username, Password: password, Handler: h, Stderr: opts.Stderr}
	}
	opts.Logger.Critf("Server %s running without any HTTP authentication checking", py.Repr(cfg.Section))
	return h
}

// fallback is the catch-all without a web UI: ok.html (GET or POST, as
// 4.2.5's UI serves it), else 4.2.5's file handler with no files.
func fallback(w *httpserver.ResponseWriter, r *httpserver.Request) {
	if (r.Method == "GET" || r.Method == "POST") && strings.TrimLeft(r.Path, "/") == "ok.html" {
		if r.Method == "POST" {
			if v, ok := r.Header.Get("Content-Length"); !ok || v == "" {
				w.Error(411)
				return
			}
		}
		w.Set("Content-Type", "text/plain")
		w.Set("Content-Length", "2")
		w.Write([]byte("OK"))
		return
	}
	if r.Method != "GET" && r.Method != "HEAD" {
		w.Error(400)
		return
	}
	w.Error(404)
}

// Addrs returns the listeners' addresses, in configuration order.
func (s *Servers) Addrs() []net.Addr { return s.addrs }

// Shutdown stops the servers gracefully: no new connections, log streams
// ended, requests in progress allowed to send their responses until ctx
// ends; then everything is closed and the unix socket files are removed.
func (s *Servers) Shutdown(ctx context.Context) error {
	var err error
	for _, srv := range s.servers {
		if e := srv.Shutdown(ctx); e != nil && err == nil {
			err = e
		}
	}
	s.removeSockets()
	return err
}

// Close closes every server and connection at once and removes the unix
// socket files (4.2.5 removes them on exit and on restart).
func (s *Servers) Close() error {
	var err error
	for _, srv := range s.servers {
		if e := srv.Close(); e != nil && err == nil {
			err = e
		}
	}
	s.removeSockets()
	return err
}

func (s *Servers) removeSockets() {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	for _, f := range s.files {
		os.Remove(f)
	}
}
