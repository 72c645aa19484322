// Package httpserver is a small HTTP/1.x server that behaves on the wire
// like Medusa 1.12, the server inside supervisord 4.2.5: the same header
// order, keep-alive rules, error pages and tolerance of what
// supervisorctl sends (an empty Host header, a stray CRLF after a request,
// no Host at all). net/http cannot produce those bytes (it sorts headers,
// adds Connection headers Medusa omits, rejects requests without Host), so
// this package implements the little of HTTP/1.x supervisord needs:
// Content-Length request bodies, identity or chunked responses, pipelining.
//
// Handlers get a *Request whose context is cancelled when the client
// disconnects, so methods that wait (startProcess with wait=true) and log
// streams stop when nobody is listening.
package httpserver

import (
	"context"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// Handler responds to a request.
type Handler interface {
	Handle(w *ResponseWriter, r *Request)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(w *ResponseWriter, r *Request)

// Handle calls f(w, r).
func (f HandlerFunc) Handle(w *ResponseWriter, r *Request) { f(w, r) }

// Defaults for Server's limits.
const (
	// DefaultIdleTimeout is how long a connection may stay silent before
	// it is closed: Medusa's 30-minute zombie timeout.
	DefaultIdleTimeout = 30 * time.Minute
	// DefaultMaxHeadBytes bounds a request line plus headers.
	DefaultMaxHeadBytes = 64 << 10
)

// LocalAddrContextKey is the context key of a request's local address:
// r.Context().Value(LocalAddrContextKey) is the net.Addr of the listener
// side of the connection (its LocalAddr, unless ConnContext replaced it).
var LocalAddrContextKey = &contextKey{"local-addr"}

// contextKey is the type of this package's context keys.
type contextKey struct{ name string }

func (k *contextKey) String() string { return "httpserver context value " + k.name }

// ErrServerClosed is returned by Serve after Close.
var ErrServerClosed = errors.New("httpserver: server closed")

// Server serves HTTP/1.x connections from any number of listeners.
type Server struct {
	Handler Handler
	// IdleTimeout and MaxHeadBytes default to DefaultIdleTimeout and
	// DefaultMaxHeadBytes.
	IdleTimeout  time.Duration
	MaxHeadBytes int
	// ErrorLog, if set, receives internal errors (a panicking handler).
	ErrorLog func(format string, args ...any)
	// AccessLog, if set, is called after each response with its status
	// and the number of body bytes sent.
	AccessLog func(r *Request, status int, bodyBytes int64)
	// ConnContext, if set, derives the base context of a new connection's
	// requests (to attach values, or to replace LocalAddrContextKey's).
	ConnContext func(ctx context.Context, c net.Conn) context.Context

	mu        sync.Mutex
	ctx       context.Context
	cancel    context.CancelFunc
	listeners map[net.Listener]struct{}
	conns     map[*conn]struct{}
	closed    bool
	shutting  atomic.Bool
	wg        sync.WaitGroup
}

func (s *Server) idleTimeout() time.Duration {
	if s.IdleTimeout > 0 {
		return s.IdleTimeout
	}
	return DefaultIdleTimeout
}

func (s *Server) maxHeadBytes() int {
	if s.MaxHeadBytes > 0 {
		return s.MaxHeadBytes
	}
	return DefaultMaxHeadBytes
}

func (s *Server) logf(format string, args ...any) {
	if s.ErrorLog != nil {
		s.ErrorLog(format, args...)
	}
}

func (s *Server) init() {
	if s.ctx == nil {
		s.ctx, s.cancel = context.WithCancel(context.Background())
		s.listeners = map[net.Listener]struct{}{}
		s.conns = map[*conn]struct{}{}
	}
}

// Serve accepts connections on l and serves each in its own goroutine. It
// returns ErrServerClosed after Close, or the accept error that stopped it.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	s.init()
	if s.closed {
		s.mu.Unlock()
		l.Close()
		return ErrServerClosed
	}
	s.listeners[l] = struct{}{}
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()

	var delay time.Duration
	for {
		rwc, err := l.Accept()
		if err != nil {
			s.mu.Lock()
			closed := s.closed
			s.mu.Unlock()
			if closed {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || isTemporary(err) {
				// Out of file descriptors and the like: back off, as
				// net/http does, rather than spin.
				delay = min(max(2*delay, 5*time.Millisecond), time.Second)
				s.logf("accept error: %v; retrying in %v", err, delay)
				time.Sleep(delay)
				continue
			}
			return err
		}
		delay = 0
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			rwc.Close()
			return ErrServerClosed
		}
		c := newConn(s, rwc)
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		ctx := context.WithValue(s.ctx, LocalAddrContextKey, rwc.LocalAddr())
		s.mu.Unlock()
		if s.ConnContext != nil {
			ctx = s.ConnContext(ctx, rwc)
		}
		go func() {
			defer s.wg.Done()
			c.serve(ctx)
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
		}()
	}
}

func isTemporary(err error) bool {
	var t interface{ Temporary() bool }
	return errors.As(err, &t) && t.Temporary()
}

// Close stops accepting connections, closes every listener and connection
// (cancelling the contexts of running handlers), and waits for the
// handlers to return.
func (s *Server) Close() error {
	s.mu.Lock()
	s.init()
	s.closed = true
	s.shutting.Store(true)
	err := s.closeListenersLocked()
	for c := range s.conns {
		c.rwc.Close()
	}
	s.cancel()
	s.mu.Unlock()
	s.wg.Wait()
	return err
}

// Shutdown stops accepting connections and closes the listeners, closes
// idle connections, ends streaming responses (log tails), and lets the
// requests being handled finish and send their responses (the reply to
// supervisor.shutdown must reach the client). When ctx ends first, it
// closes everything as Close does and returns ctx's error.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.init()
	s.closed = true
	s.shutting.Store(true)
	err := s.closeListenersLocked()
	for c := range s.conns {
		switch c.state.Load() {
		case stateIdle:
			c.rwc.Close()
		case stateStreaming:
			c.cancelRequest()
		}
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		s.cancel()
		return err
	case <-ctx.Done():
		s.Close()
		return ctx.Err()
	}
}

func (s *Server) closeListenersLocked() error {
	var err error
	for l := range s.listeners {
		if e := l.Close(); e != nil && err == nil && !errors.Is(e, net.ErrClosed) {
			err = e
		}
	}
	return err
}

// ParseContentLength reads a Content-Length value as Medusa does (Python
// int(), which allows surrounding spaces); negative values are invalid.
// Handlers use it to tell a missing Content-Length (411) from an invalid
// one (500 in Medusa).
func ParseContentLength(v string) (int64, error) {
	n, err := py.ParseInt(v)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, errors.New("negative Content-Length")
	}
	return n, nil
}
