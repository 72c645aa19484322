package httpserver

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func serve(t *testing.T, srv *Server) string {
	t.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return l.Addr().String()
}

// roundTrip sends raw and returns everything received until the server
// closes the connection or stays quiet for a moment.
func roundTrip(t *testing.T, addr, raw string) (string, bool) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Write([]byte(raw))
	require.NoError(t, err)
	var buf bytes.Buffer
	tmp := make([]byte, 4096)
	for {
		c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
		n, err := c.Read(tmp)
		buf.Write(tmp[:n])
		if err != nil {
			var ne net.Error
			return buf.String(), !(errors.As(err, &ne) && ne.Timeout())
		}
	}
}

func stripDate(s string) string {
	var out []string
	for _, line := range strings.Split(s, "\r\n") {
		if strings.HasPrefix(line, "Date: ") {
			line = "Date: <DATE>"
		}
		out = append(out, line)
	}
	return strings.Join(out, "\r\n")
}

func TestReadHead(t *testing.T) {
	for _, c := range []struct {
		raw                               string
		method, uri, path, query, version string
		header                            Header
		err                               error
	}{
		{raw: "GET /a?b=1 HTTP/1.1\r\nHost: x\r\n\r\n", method: "GET", uri: "/a?b=1", path: "/a", query: "b=1", version: "1.1", header: Header{"Host: x"}},
		{raw: "GET /a HTTP/1.0\r\nX: 1\r\n  cont\r\n\tmore\r\n\r\n", method: "GET", uri: "/a", path: "/a", version: "1.0", header: Header{"X: 1 contmore"}},
		{raw: "\r\nPOST /RPC2 HTTP/1.1\r\n\r\n", method: "POST", uri: "/RPC2", path: "/RPC2", version: "1.1"},
		{raw: "GET /x\r\n\r\n", method: "GET", uri: "/x", path: "/x"},
		{raw: "GET /x HTTP/1.1\n\n", method: "GET", uri: "/x", path: "/x", version: "1.1"},
		{raw: "GET /g%3Ap%2Fx?q=%41 HTTP/1.1\r\n\r\n", method: "GET", uri: "/g:p/x?q=%41", path: "/g:p/x", query: "q=%41", version: "1.1"},
		{raw: "GET /a%20b? HTTP/1.1\r\n\r\n", method: "GET", uri: "/a b", path: "/a b", version: "1.1"},
		{raw: "GET /a;p?q#f HTTP/1.1\r\n\r\n", method: "GET", uri: "/a;p?q#f", path: "/a", query: "q", version: "1.1"},
		{raw: "GET /%zz%4 HTTP/1.1\r\n\r\n", method: "GET", uri: "/%zz%4", path: "/%zz%4", version: "1.1"},
		{raw: "GET /%ff HTTP/1.1\r\n\r\n", method: "GET", uri: "/\uFFFD", path: "/\uFFFD", version: "1.1"},
		{raw: "GET /caf\u00e9 HTTP/1.1\r\nX: \u00e9\r\n\r\n", method: "GET", uri: "/caf\u00e9", path: "/caf\u00e9", version: "1.1", header: Header{"X: \u00e9"}},
		{raw: "\r\n\r\nGET / HTTP/1.1\r\n\r\n", err: errBadRequestLine},
		{raw: "HELLO\r\n\r\n", err: errBadRequestLine},
		{raw: "GET  / HTTP/1.1\r\n\r\n", err: errBadRequestLine},
		{raw: "GET / HTTP/x\r\n\r\n", err: errBadRequestLine},
		{raw: "GET / HTTP/1.1\r\n continuation first\r\n\r\n", err: errBadRequestLine},
		{raw: "GET /\xff HTTP/1.1\r\n\r\n", err: errBadRequestLine},
		{raw: "GET / HTTP/1.1\r\nX: caf\xc3\r\n\r\n", err: errBadRequestLine},
		{raw: "GET / HTTP/1.1\r\nX: caf\xc3\r\n \xa9\r\n\r\n", err: errBadRequestLine},
		{raw: "GET / HTTP/1.1\r\nHost: x", err: io.ErrUnexpectedEOF},
		{raw: "", err: io.EOF},
		{raw: "GET /" + strings.Repeat("a", 100) + " HTTP/1.1\r\n\r\n", err: errHeadTooLarge},
	} {
		r, err := readHead(bufio.NewReaderSize(strings.NewReader(c.raw), 16), 64)
		if c.err != nil {
			assert.ErrorIs(t, err, c.err, "%q", c.raw)
			continue
		}
		require.NoError(t, err, "%q", c.raw)
		assert.Equal(t, c.method, r.Method, "%q", c.raw)
		assert.Equal(t, c.uri, r.URI, "%q", c.raw)
		assert.Equal(t, c.path, r.Path, "%q", c.raw)
		assert.Equal(t, c.query, r.Query, "%q", c.raw)
		assert.Equal(t, c.version, r.Version, "%q", c.raw)
		assert.Equal(t, c.header, r.Header, "%q", c.raw)
	}
}

func TestHeaderGet(t *testing.T) {
	h := Header{"Content-Length:5", "content-length: 7", "Content-Length: 9", "X-Empty: ", "Connection: Keep-Alive "}
	v, ok := h.Get("Content-Length")
	assert.True(t, ok)
	assert.Equal(t, "7", v, "the first line with 'name: ' wins; 'name:' without a space does not count")
	v, ok = h.Get("x-empty")
	assert.True(t, ok)
	assert.Equal(t, "", v)
	v, _ = h.Get("Connection")
	assert.Equal(t, "Keep-Alive ", v, "values are not stripped")
	_, ok = h.Get("Host")
	assert.False(t, ok)
}

func TestResponseFramingAndKeepAlive(t *testing.T) {
	addr := serve(t, &Server{Handler: HandlerFunc(func(w *ResponseWriter, r *Request) {
		switch r.Path {
		case "/short":
			w.Set("Content-Length", "10")
			w.Write([]byte("abc"))
		case "/panic":
			panic("boom")
		case "/panic-late":
			w.Write([]byte("partial"))
			w.Flush()
			panic("boom")
		case "/nothing":
		default:
			w.Set("Content-Type", "text/plain")
			w.Set("Content-Length", "5")
			w.Set("Content-Type", "text/x") // replaced in place
			w.Write([]byte("hello"))
		}
	})})
	for _, c := range []struct {
		raw    string
		want   string
		closed bool
	}{
		{"GET / HTTP/1.1\r\n\r\n", "HTTP/1.1 200 OK\r\nServer: Medusa/1.12\r\nDate: <DATE>\r\nContent-Type: text/x\r\nContent-Length: 5\r\n\r\nhello", false},
		{"HEAD / HTTP/1.1\r\n\r\n", "HTTP/1.1 200 OK\r\nServer: Medusa/1.12\r\nDate: <DATE>\r\nContent-Type: text/x\r\nContent-Length: 5\r\n\r\n", false},
		{"GET / HTTP/1.0\r\n\r\n", "HTTP/1.0 200 OK\r\nServer: Medusa/1.12\r\nDate: <DATE>\r\nContent-Type: text/x\r\nContent-Length: 5\r\n\r\nhello", true},
		{"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "HTTP/1.0 200 OK\r\nServer: Medusa/1.12\r\nDate: <DATE>\r\nContent-Type: text/x\r\nContent-Length: 5\r\nConnection: Keep-Alive\r\n\r\nhello", false},
		{"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", "HTTP/1.1 200 OK\r\nServer: Medusa/1.12\r\nDate: <DATE>\r\nContent-Type: text/x\r\nContent-Length: 5\r\n\r\nhello", true},
		{"GET /short HTTP/1.1\r\n\r\n", "HTTP/1.1 200 OK\r\nServer: Medusa/1.12\r\nDate: <DATE>\r\nContent-Length: 10\r\n\r\nabc", true},
		{"GET /panic HTTP/1.1\r\n\r\n", "HTTP/1.1 500 Internal Server Error\r\nServer: Medusa/1.12\r\nDate: <DATE>\r\nContent-Length: 146\r\nContent-Type: text/html\r\n\r\n" + ErrorBody(500), false},
		{"GET /panic-late HTTP/1.1\r\n\r\n", "HTTP/1.1 200 OK\r\nServer: Medusa/1.12\r\nDate: <DATE>\r\nTransfer-Encoding: chunked\r\n\r\n7\r\npartial\r\n", true},
		{"GET /nothing HTTP/1.1\r\n\r\n", "HTTP/1.1 500 Internal Server Error\r\nServer: Medusa/1.12\r\nDate: <DATE>\r\nContent-Length: 146\r\nContent-Type: text/html\r\n\r\n" + ErrorBody(500), false},
		{"GET / HTTP/1.1\r\n\r\nGET / HTTP/1.0\r\n\r\n", "HTTP/1.1 200 OK\r\nServer: Medusa/1.12\r\nDate: <DATE>\r\nContent-Type: text/x\r\nContent-Length: 5\r\n\r\nhello" +
			"HTTP/1.0 200 OK\r\nServer: Medusa/1.12\r\nDate: <DATE>\r\nContent-Type: text/x\r\nContent-Length: 5\r\n\r\nhello", true},
		{"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET / HTTP/1.1\r\nConnection: close\r\n\r\n", "HTTP/1.1 200 OK\r\nServer: Medusa/1.12\r\nDate: <DATE>\r\nContent-Type: text/x\r\nContent-Length: 5\r\n\r\nhello" +
			"HTTP/1.1 200 OK\r\nServer: Medusa/1.12\r\nDate: <DATE>\r\nContent-Type: text/x\r\nContent-Length: 5\r\n\r\nhello", true},
	} {
		got, closed := roundTrip(t, addr, c.raw)
		assert.Equal(t, c.want, stripDate(got), "%q", c.raw)
		assert.Equal(t, c.closed, closed, "closed after %q", c.raw)
	}
}

func TestHeadTooLargeAndIdleTimeout(t *testing.T) {
	addr := serve(t, &Server{
		MaxHeadBytes: 1024,
		IdleTimeout:  200 * time.Millisecond,
		Handler:      HandlerFunc(func(w *ResponseWriter, r *Request) { w.Error(404) }),
	})
	got, closed := roundTrip(t, addr, "GET / HTTP/1.1\r\nX: "+strings.Repeat("a", 2000)+"\r\n\r\n")
	assert.Empty(t, got)
	assert.True(t, closed)

	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = c.Read(make([]byte, 1))
	assert.ErrorIs(t, err, io.EOF, "an idle connection is closed after IdleTimeout")
}

func TestBasicAuth(t *testing.T) {
	sum := sha1.Sum([]byte("s3:cr:et"))
	sha := hex.EncodeToString(sum[:])
	ok := HandlerFunc(func(w *ResponseWriter, r *Request) {
		w.Set("Content-Length", "2")
		w.Write([]byte("ok"))
	})
	var stderr bytes.Buffer
	plain := serve(t, &Server{Handler: &BasicAuth{Username: "admin", Password: "s3:cr:et", Handler: ok, Stderr: &stderr}})
	hashed := serve(t, &Server{Handler: &BasicAuth{Username: "admin", Password: "{SHA}" + sha, Handler: ok}})
	upper := serve(t, &Server{Handler: &BasicAuth{Username: "admin", Password: "{SHA}" + strings.ToUpper(sha), Handler: ok}})
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	for _, c := range []struct {
		addr, header, status string
	}{
		{plain, "Authorization: Basic " + b64("admin:s3:cr:et"), "200 OK"},
		{plain, "Authorization: BASIC " + b64("admin:s3:cr:et"), "200 OK"},
		{plain, "Authorization: Basic " + b64("admin:s3:cr"), "401 Unauthorized"},
		{plain, "Authorization: Basic " + b64("Admin:s3:cr:et"), "401 Unauthorized"},
		{plain, "Authorization: Basic " + b64("admin:{SHA}"+sha), "401 Unauthorized"},
		{plain, "Authorization: Basic " + b64("admin"), "500 Internal Server Error"},
		{plain, "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte("admin:\xff")), "400 Bad Request"},
		{plain, "Authorization: Basic a", "400 Bad Request"},
		{plain, "Authorization: Bearer xyz", "401 Unauthorized"},
		{plain, "Authorization: Basic", "401 Unauthorized"},
		{plain, "X-Other: 1", "401 Unauthorized"},
		{hashed, "Authorization: Basic " + b64("admin:s3:cr:et"), "200 OK"},
		{hashed, "Authorization: Basic " + b64("admin:{SHA}"+sha), "401 Unauthorized"},
		{hashed, "Authorization: Basic " + b64("admin:"+sha), "401 Unauthorized"},
		{upper, "Authorization: Basic " + b64("admin:s3:cr:et"), "401 Unauthorized"},
	} {
		got, closed := roundTrip(t, c.addr, "GET /x HTTP/1.1\r\n"+c.header+"\r\n\r\n")
		assert.True(t, strings.HasPrefix(got, "HTTP/1.1 "+c.status+"\r\n"), "%s: %q", c.header, got)
		if c.status == "401 Unauthorized" {
			assert.Contains(t, got, "\r\nConnection: close\r\nWWW-Authenticate: Basic realm=\"default\"\r\nContent-Length: 137\r\nContent-Type: text/html\r\n\r\n")
			assert.True(t, closed)
		}
	}
	assert.Equal(t, "malformed authorization info <"+base64.StdEncoding.EncodeToString([]byte("admin:\xff"))+">\n"+
		"malformed authorization info <a>\nunknown/unsupported auth method: bearer\n", stderr.String())
}

// TestContextOutlivingItsRequest: waiting on a request's context after the
// response must not disturb the connection's next request.
func TestContextOutlivingItsRequest(t *testing.T) {
	kept := make(chan context.Context, 1)
	addr := serve(t, &Server{Handler: HandlerFunc(func(w *ResponseWriter, r *Request) {
		select {
		case kept <- r.Context():
		default:
		}
		w.Set("Content-Length", "2")
		w.Write([]byte("ok"))
	})})
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	br := bufio.NewReader(c)
	readOne := func() {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		for {
			line, err := br.ReadString('\n')
			require.NoError(t, err)
			if line == "\r\n" {
				break
			}
		}
		body := make([]byte, 2)
		_, err := io.ReadFull(br, body)
		require.NoError(t, err)
		assert.Equal(t, "ok", string(body))
	}
	_, err = c.Write([]byte("GET / HTTP/1.1\r\n\r\n"))
	require.NoError(t, err)
	readOne()
	ctx := <-kept
	<-ctx.Done() // cancelled when its request ended; must not start a watch
	for range 3 {
		_, err = c.Write([]byte("GET / HTTP/1.1\r\n\r\n"))
		require.NoError(t, err)
		readOne()
	}
}

func TestLocalAddrContextKey(t *testing.T) {
	local := make(chan any, 1)
	h := HandlerFunc(func(w *ResponseWriter, r *Request) {
		local <- r.Context().Value(LocalAddrContextKey)
		w.Set("Content-Length", "0")
	})
	addr := serve(t, &Server{Handler: h})
	roundTrip(t, addr, "GET / HTTP/1.0\r\n\r\n")
	assert.Equal(t, addr, (<-local).(*net.TCPAddr).String())

	sock := filepath.Join(t.TempDir(), "s.sock")
	l, err := net.Listen("unix", sock)
	require.NoError(t, err)
	srv := &Server{Handler: h}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	c, err := net.Dial("unix", sock)
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Write([]byte("GET / HTTP/1.0\r\n\r\n"))
	require.NoError(t, err)
	assert.Equal(t, sock, (<-local).(*net.UnixAddr).Name)

	// ConnContext may replace it.
	replaced := &net.UnixAddr{Name: "/elsewhere", Net: "unix"}
	addr = serve(t, &Server{Handler: h, ConnContext: func(ctx context.Context, c net.Conn) context.Context {
		assert.Equal(t, c.LocalAddr(), ctx.Value(LocalAddrContextKey))
		return context.WithValue(ctx, LocalAddrContextKey, replaced)
	}})
	roundTrip(t, addr, "GET / HTTP/1.0\r\n\r\n")
	assert.Same(t, replaced, <-local)
	assert.Equal(t, "httpserver context value local-addr", LocalAddrContextKey.String())
}
