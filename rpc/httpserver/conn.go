package httpserver

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// maxStash bounds what the background read buffers while a handler runs
// (pipelined requests, or the stray CRLF supervisorctl sends after a
// /logtail request). Beyond it the connection is no longer watched.
const maxStash = 64 << 10

// maxDiscard is the most unread request body skipped to reuse a
// connection; a larger remainder closes the connection instead.
const maxDiscard = 256 << 10

var aLongTimeAgo = time.Unix(1, 0)

// Connection states, for Server.Shutdown.
const (
	stateIdle      = iota // waiting for a request
	stateActive           // handling a request
	stateStreaming        // sending a response without a length (a stream)
)

// conn is one client connection, served by one goroutine.
type conn struct {
	srv *Server
	rwc net.Conn
	cr  *connReader
	br  *bufio.Reader
	bw  *bufio.Writer

	state atomic.Int32 // stateIdle, stateActive or stateStreaming

	// Watch state of the current request, guarded by mu.
	mu        sync.Mutex
	gen       uint64 // counts requests, so a late Done on an old context does nothing
	finished  bool   // the current request's handler has returned
	wantWatch bool
	bodyRead  bool
	cancel    context.CancelFunc
}

func newConn(srv *Server, rwc net.Conn) *conn {
	c := &conn{srv: srv, rwc: rwc}
	c.cr = &connReader{conn: rwc}
	c.br = bufio.NewReaderSize(c.cr, 4096)
	c.bw = bufio.NewWriterSize(rwc, 4096)
	return c
}

func (c *conn) serve(base context.Context) {
	defer c.rwc.Close()
	remote := ""
	if a := c.rwc.RemoteAddr(); a != nil && a.Network() != "unix" {
		remote = a.String()
	}
	for {
		c.state.Store(stateIdle)
		if c.srv.shutting.Load() {
			return
		}
		c.rwc.SetReadDeadline(time.Now().Add(c.srv.idleTimeout()))
		req, err := readHead(c.br, c.srv.maxHeadBytes())
		c.state.Store(stateActive)
		if err != nil {
			if errors.Is(err, errHeadTooLarge) {
				c.srv.logf("request head from %s larger than %d bytes; closing", remote, c.srv.maxHeadBytes())
			}
			return
		}
		req.RemoteAddr = remote
		if !c.serveOne(base, req) {
			return
		}
	}
}

// serveOne runs the handler for req and reports whether the connection
// can go on to the next request.
func (c *conn) serveOne(base context.Context, req *Request) bool {
	ctx, cancel := context.WithCancel(base)
	defer cancel()
	c.mu.Lock()
	c.gen++
	gen := c.gen
	c.finished, c.wantWatch, c.bodyRead, c.cancel = false, false, false, cancel
	c.mu.Unlock()
	req.ctx = &watchContext{Context: ctx, watch: func() { c.requestWatch(gen) }}

	var body *bodyReader
	if v, ok := req.Header.Get("Content-Length"); ok {
		if n, err := ParseContentLength(v); err == nil {
			req.ContentLength = n
		}
	}
	if req.ContentLength > 0 {
		body = &bodyReader{c: c, remaining: req.ContentLength}
		req.Body = body
	} else {
		req.Body = eofReader{}
		c.bodyDone()
	}

	w := newResponseWriter(c, req, time.Now())
	c.runHandler(w, req)
	c.mu.Lock()
	c.finished = true
	c.mu.Unlock()
	c.cr.abortPendingRead()
	cancel()
	keep := w.finish()
	if c.srv.AccessLog != nil {
		c.srv.AccessLog(req, w.status, w.written)
	}
	if !keep || c.cr.sawError() {
		return false
	}
	if body != nil && body.remaining > 0 {
		if body.remaining > maxDiscard {
			return false
		}
		if _, err := io.Copy(io.Discard, body); err != nil {
			return false
		}
	}
	return true
}

func (c *conn) runHandler(w *ResponseWriter, req *Request) {
	defer func() {
		if p := recover(); p != nil {
			c.srv.logf("panic serving %s %s: %v\n%s", req.Method, req.RawURI, p, debug.Stack())
			if !w.wroteHeader {
				w.Error(500)
			} else {
				w.Abort() // the client sees a truncated response
			}
		}
	}()
	c.srv.Handler.Handle(w, req)
}

// cancelRequest cancels the context of the request being handled.
func (c *conn) cancelRequest() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cancel != nil {
		c.cancel()
	}
}

// requestWatch is called when the handler first waits on its context: from
// then on (once the body is read) a background read watches for the client
// closing the connection.
func (c *conn) requestWatch(gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen || c.finished {
		return // a context outliving its request
	}
	c.wantWatch = true
	if c.bodyRead {
		c.cr.startBackgroundRead(c.cancel)
	}
}

// bodyDone is called once the request body has been read in full.
func (c *conn) bodyDone() {
	c.rwc.SetReadDeadline(time.Time{})
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bodyRead {
		return
	}
	c.bodyRead = true
	if c.wantWatch && !c.finished {
		c.cr.startBackgroundRead(c.cancel)
	}
}

// watchContext is a request context that starts watching the connection
// the first time someone waits on it: handlers that answer at once never
// pay for the watch.
type watchContext struct {
	context.Context
	once  sync.Once
	watch func()
}

func (x *watchContext) Done() <-chan struct{} {
	x.once.Do(x.watch)
	return x.Context.Done()
}

// connReader reads from the connection for the request parser, and can
// read in the background while a handler runs to notice the client going
// away. Bytes read in the background are served to the parser first.
type connReader struct {
	conn net.Conn

	mu      sync.Mutex
	stash   []byte
	err     error // what ended the background read (EOF, reset)
	inBg    bool
	aborted bool
	bgDone  chan struct{}
}

func (cr *connReader) Read(p []byte) (int, error) {
	cr.mu.Lock()
	if cr.inBg {
		cr.mu.Unlock()
		return 0, errors.New("httpserver: read during background read")
	}
	if len(cr.stash) > 0 {
		n := copy(p, cr.stash)
		cr.stash = cr.stash[n:]
		cr.mu.Unlock()
		return n, nil
	}
	if err := cr.err; err != nil {
		cr.mu.Unlock()
		return 0, err
	}
	cr.mu.Unlock()
	return cr.conn.Read(p)
}

func (cr *connReader) startBackgroundRead(onClose context.CancelFunc) {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	if cr.inBg || cr.err != nil || len(cr.stash) >= maxStash {
		return
	}
	cr.inBg = true
	cr.bgDone = make(chan struct{})
	go cr.backgroundRead(onClose, cr.bgDone)
}

func (cr *connReader) backgroundRead(onClose context.CancelFunc, done chan struct{}) {
	defer close(done)
	var buf [512]byte
	for {
		n, err := cr.conn.Read(buf[:])
		cr.mu.Lock()
		cr.stash = append(cr.stash, buf[:n]...)
		full := len(cr.stash) >= maxStash
		if err != nil {
			var ne net.Error
			if !(cr.aborted && errors.As(err, &ne) && ne.Timeout()) {
				cr.err = err
				onClose()
			}
		}
		cr.mu.Unlock()
		if err != nil || full {
			return
		}
	}
}

// abortPendingRead stops the background read, if any, and waits for it.
func (cr *connReader) abortPendingRead() {
	cr.mu.Lock()
	if !cr.inBg {
		cr.mu.Unlock()
		return
	}
	cr.aborted = true
	done := cr.bgDone
	cr.mu.Unlock()
	cr.conn.SetReadDeadline(aLongTimeAgo)
	<-done
	cr.conn.SetReadDeadline(time.Time{})
	cr.mu.Lock()
	cr.inBg, cr.aborted = false, false
	cr.mu.Unlock()
}

// sawError reports whether the background read saw the connection end.
func (cr *connReader) sawError() bool {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	return cr.err != nil && len(cr.stash) == 0
}

// bodyReader reads a Content-Length request body.
type bodyReader struct {
	c         *conn
	remaining int64
	err       error
}

func (b *bodyReader) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.remaining == 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > b.remaining {
		p = p[:b.remaining]
	}
	n, err := b.c.br.Read(p)
	b.remaining -= int64(n)
	if b.remaining == 0 {
		b.c.bodyDone()
		return n, nil
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		b.err = err
	}
	return n, err
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }
