package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// rawHTTP is a minimal persistent HTTP/1.1 client on a unix or TCP socket.
// It sends pre-built request bytes and reads the response by Content-Length
// (or chunked), without any XML parsing, so that it stays much cheaper than
// the daemon it measures. Not safe for concurrent use.
type rawHTTP struct {
	network, addr string
	timeout       time.Duration // whole-response deadline
	conn          stream
	deadline      time.Time // of the current response
	buf           []byte    // bytes read past the previous response
	scratch       []byte    // body buffer reused between responses
	reconnects    int
}

// stream is a connection: a net.Conn, or a blockConn for unix sockets.
type stream interface {
	io.ReadWriteCloser
}

// newRawHTTP returns a client for a unix socket path (network "unix") or a
// host:port (network "tcp").
func newRawHTTP(network, addr string, timeout time.Duration) *rawHTTP {
	return &rawHTTP{network: network, addr: addr, timeout: timeout}
}

func (h *rawHTTP) connect() error {
	if h.network == "unix" {
		c, err := dialUnixBlocking(h.addr, h.timeout)
		if err != nil {
			return err
		}
		h.conn = c
	} else {
		c, err := net.DialTimeout(h.network, h.addr, min(h.timeout, 10*time.Second))
		if err != nil {
			return err
		}
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetNoDelay(true)
		}
		h.conn = c
	}
	h.buf = h.buf[:0]
	return nil
}

// close drops the connection.
func (h *rawHTTP) close() {
	if h.conn != nil {
		h.conn.Close()
		h.conn = nil
	}
}

// do sends req and returns the status and body. The body aliases an internal
// buffer that the next call overwrites. A stale keep-alive connection
// (closed by the server between requests) is retried once on a fresh one.
func (h *rawHTTP) do(req []byte) (int, []byte, error) {
	for attempt := 0; ; attempt++ {
		fresh := h.conn == nil
		if fresh {
			if err := h.connect(); err != nil {
				return 0, nil, err
			}
		}
		h.deadline = time.Now().Add(h.timeout)
		if nc, ok := h.conn.(net.Conn); ok {
			nc.SetDeadline(h.deadline)
		}
		_, err := h.conn.Write(req)
		var status int
		var body []byte
		if err == nil {
			status, body, err = h.readResponse()
		}
		if err == nil {
			return status, body, nil
		}
		h.close()
		if fresh || attempt > 0 || !isStale(err) {
			return 0, nil, err
		}
		h.reconnects++
	}
}

// isStale reports whether err looks like a keep-alive connection the server
// closed.
func isStale(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// fill reads more bytes into h.buf.
func (h *rawHTTP) fill() error {
	if time.Now().After(h.deadline) {
		return fmt.Errorf("response took longer than %v", h.timeout)
	}
	if cap(h.buf)-len(h.buf) < 16384 {
		nb := make([]byte, len(h.buf), 2*cap(h.buf)+65536)
		copy(nb, h.buf)
		h.buf = nb
	}
	n, err := h.conn.Read(h.buf[len(h.buf):cap(h.buf)])
	h.buf = h.buf[:len(h.buf)+n]
	if n > 0 {
		return nil
	}
	if err == nil {
		err = io.ErrNoProgress
	}
	return err
}

// readFull fills p from the connection.
func (h *rawHTTP) readFull(p []byte) error {
	if bc, ok := h.conn.(*blockConn); ok {
		return bc.readFull(p)
	}
	_, err := io.ReadFull(h.conn, p)
	return err
}

// responseHead is the parsed status line and headers of a response.
type responseHead struct {
	proto   string
	status  int
	headers map[string]string // lower-case names
}

// parseHead parses the header block (without the final CRLF CRLF).
func parseHead(block []byte) (responseHead, error) {
	var r responseHead
	lines := strings.Split(string(block), "\r\n")
	parts := strings.SplitN(lines[0], " ", 3)
	if len(parts) < 2 {
		return r, fmt.Errorf("bad status line %q", lines[0])
	}
	r.proto = parts[0]
	st, err := strconv.Atoi(parts[1])
	if err != nil {
		return r, fmt.Errorf("bad status line %q", lines[0])
	}
	r.status = st
	r.headers = map[string]string{}
	for _, ln := range lines[1:] {
		k, v, ok := strings.Cut(ln, ":")
		if ok {
			r.headers[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
		}
	}
	return r, nil
}

// readHead reads up to the end of the header block and parses it; the bytes
// after it stay in h.buf.
func (h *rawHTTP) readHead() (responseHead, error) {
	for range 100000 {
		if j := bytes.Index(h.buf, []byte("\r\n\r\n")); j >= 0 {
			head, err := parseHead(h.buf[:j])
			h.buf = h.buf[:copy(h.buf, h.buf[j+4:])]
			return head, err
		}
		if len(h.buf) > 1<<20 {
			return responseHead{}, fmt.Errorf("response header too long")
		}
		if err := h.fill(); err != nil {
			return responseHead{}, err
		}
	}
	return responseHead{}, fmt.Errorf("no end of response header")
}

func (h *rawHTTP) readResponse() (int, []byte, error) {
	head, err := h.readHead()
	if err != nil {
		return 0, nil, err
	}
	conn := strings.ToLower(head.headers["connection"])
	closing := conn == "close" || (head.proto == "HTTP/1.0" && conn != "keep-alive")
	var body []byte
	switch {
	case head.headers["content-length"] != "":
		n, err := strconv.Atoi(head.headers["content-length"])
		if err != nil || n < 0 {
			return 0, nil, fmt.Errorf("bad Content-Length %q", head.headers["content-length"])
		}
		if cap(h.scratch) < n {
			h.scratch = make([]byte, n+n/4)
		}
		body = h.scratch[:n]
		k := copy(body, h.buf)
		h.buf = h.buf[:copy(h.buf, h.buf[k:])]
		if k < n {
			if err := h.readFull(body[k:]); err != nil {
				return 0, nil, err
			}
		}
	case strings.Contains(strings.ToLower(head.headers["transfer-encoding"]), "chunked"):
		var dc dechunker
		out, err := dc.feed(h.buf)
		h.buf = h.buf[:0]
		for err == nil && !dc.done() {
			if err = h.fill(); err != nil {
				break
			}
			var more []byte
			more, err = dc.feed(h.buf)
			h.buf = h.buf[:0]
			out = append(out, more...)
		}
		if err != nil {
			return 0, nil, err
		}
		// bytes after the last chunk (none expected) are dropped
		h.buf = h.buf[:copy(h.buf, dc.buf)]
		body = out
	default:
		for {
			if err := h.fill(); err != nil {
				if errors.Is(err, io.EOF) {
					break
				}
				return 0, nil, err
			}
		}
		body = append([]byte(nil), h.buf...)
		h.buf = h.buf[:0]
		closing = true
	}
	if closing {
		h.close()
	}
	return head.status, body, nil
}

// httpRequest builds a POST /RPC2 request for an XML-RPC call.
func httpRequest(method string, params ...any) []byte {
	body := encodeCall(method, params...)
	head := fmt.Sprintf("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nUser-Agent: gosvbench\r\n"+
		"Content-Type: text/xml\r\nContent-Length: %d\r\n\r\n", len(body))
	return append([]byte(head), body...)
}

// rpcClient makes XML-RPC calls on one persistent connection.
type rpcClient struct{ h *rawHTTP }

// newUnixRPC returns an XML-RPC client on a unix socket.
func newUnixRPC(path string, timeout time.Duration) *rpcClient {
	return &rpcClient{h: newRawHTTP("unix", path, timeout)}
}

// call invokes method and decodes the answer. Every failure is an error
// prefixed with the method name.
func (c *rpcClient) call(method string, params ...any) (any, error) {
	status, body, err := c.h.do(httpRequest(method, params...))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", method, err)
	}
	if status != 200 {
		return nil, fmt.Errorf("%s: HTTP %d", method, status)
	}
	v, err := decodeResponse(body)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", method, err)
	}
	return v, nil
}

// close drops the connection.
func (c *rpcClient) close() { c.h.close() }
