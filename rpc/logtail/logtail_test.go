package logtail

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
	"github.com/gosupervisord/gosupervisord/supervisor/childlog"
)

// mapResolver resolves namespecs from a map of "namespec/channel" to path.
type mapResolver struct {
	logs    map[string]string
	mainLog string
}

func (m *mapResolver) LookupLogfile(_ context.Context, name, channel string) (string, error) {
	p, ok := m.logs[name+"/"+channel]
	if !ok {
		return "", errors.New("BAD_NAME")
	}
	return p, nil
}

func (m *mapResolver) LookupMainLogfile(context.Context) (string, error) { return m.mainLog, nil }

type fixture struct {
	dir     string
	sock    string
	logs    *mapResolver
	watches atomic.Int32 // subscriptions currently open
	srv     *httpserver.Server
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir, err := os.MkdirTemp("/tmp", "logtail")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	f := &fixture{dir: dir, sock: filepath.Join(dir, "s.sock"), logs: &mapResolver{logs: map[string]string{}}}
	watch := func(path string) (<-chan struct{}, func()) {
		f.watches.Add(1)
		ch, cancel := childlog.Watch(path)
		var done atomic.Bool
		return ch, func() {
			if done.CompareAndSwap(false, true) {
				f.watches.Add(-1)
			}
			cancel()
		}
	}
	f.srv = &httpserver.Server{Handler: &httpserver.Mux{Routes: []httpserver.Route{
		{Prefix: "/logtail", Handler: &Handler{Resolver: f.logs, Watch: watch}},
		{Prefix: "/mainlogtail", Handler: &Handler{Resolver: f.logs, Watch: watch, Main: true}},
	}}}
	l, err := net.Listen("unix", f.sock)
	require.NoError(t, err)
	go f.srv.Serve(l)
	t.Cleanup(func() { f.srv.Close() })
	return f
}

// openLog creates a child log file through childlog, as the daemon does.
func (f *fixture) openLog(t *testing.T, name string, maxBytes int64, backups int) (*childlog.File, string) {
	t.Helper()
	path := filepath.Join(f.dir, name)
	lf, err := childlog.Open(path, maxBytes, backups)
	require.NoError(t, err)
	t.Cleanup(func() { lf.Close() })
	return lf, path
}

// supervisorctlRequest is exactly what supervisorctl's tail -f sends,
// including the stray CRLF after the head.
func supervisorctlRequest(path string) string {
	return "GET " + path + " HTTP/1.1\r\nHost: \r\nAccept-Encoding: chunked\r\nAccept: */*\r\nUser-agent: Supervisor HTTP Client\r\n\r\n\r\n"
}

type stream struct {
	c    net.Conn
	br   *bufio.Reader
	head string
}

func (f *fixture) get(t *testing.T, raw string) *stream {
	t.Helper()
	c, err := net.Dial("unix", f.sock)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	_, err = c.Write([]byte(raw))
	require.NoError(t, err)
	s := &stream{c: c, br: bufio.NewReader(c)}
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	var head strings.Builder
	for {
		line, err := s.br.ReadString('\n')
		require.NoError(t, err, "reading the response head")
		head.WriteString(line)
		if line == "\r\n" {
			break
		}
	}
	s.head = head.String()
	return s
}

// chunk reads the next chunk, failing after the timeout.
func (s *stream) chunk(t *testing.T) string {
	t.Helper()
	s.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	line, err := s.br.ReadString('\n')
	require.NoError(t, err)
	n, err := strconv.ParseInt(strings.TrimSpace(line), 16, 64)
	require.NoError(t, err, "chunk size line %q", line)
	data := make([]byte, n+2)
	_, err = io.ReadFull(s.br, data)
	require.NoError(t, err)
	require.Equal(t, "\r\n", string(data[n:]))
	return string(data[:n])
}

// text reads chunks until want has been received in full.
func (s *stream) text(t *testing.T, want string) {
	t.Helper()
	var got strings.Builder
	for got.Len() < len(want) {
		got.WriteString(s.chunk(t))
	}
	require.Equal(t, want, got.String())
}

// quiet checks that nothing arrives for a short while.
func (s *stream) quiet(t *testing.T) {
	t.Helper()
	s.c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	_, err := s.br.Peek(1)
	var ne net.Error
	require.True(t, errors.As(err, &ne) && ne.Timeout(), "expected no data, got %v", err)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		require.True(t, time.Now().Before(deadline), "timed out waiting for %s", what)
		time.Sleep(5 * time.Millisecond)
	}
}

func TestStreamStartsWithLast1024BytesAndFollows(t *testing.T) {
	f := newFixture(t)
	lf, path := f.openLog(t, "p.out", 0, 0)
	var all strings.Builder
	for i := range 200 {
		all.WriteString("out line " + strconv.Itoa(i) + "\n")
	}
	_, err := lf.Write([]byte(all.String()))
	require.NoError(t, err)
	f.logs.logs["p/stdout"] = path
	st, err := os.Stat(path)
	require.NoError(t, err)

	s := f.get(t, supervisorctlRequest("/logtail/p/stdout"))
	assert.Regexp(t, `^HTTP/1\.1 200 OK\r\nServer: Medusa/1\.12\r\nDate: [^\r]+ GMT\r\nLast-Modified: `+
		strings.ReplaceAll(httpserver.HTTPDate(st.ModTime()), "+", `\+`)+
		`\r\nContent-Type: text/plain;charset=utf-8\r\nX-Accel-Buffering: no\r\nTransfer-Encoding: chunked\r\n\r\n$`, s.head)
	assert.Equal(t, all.String()[all.Len()-1024:], s.chunk(t), "the first chunk is the last 1024 bytes")
	s.quiet(t)

	for _, line := range []string{"next\n", "and more\n"} {
		_, err := lf.Write([]byte(line))
		require.NoError(t, err)
		assert.Equal(t, line, s.chunk(t), "each write arrives as its own chunk")
	}
}

func TestStreamSmallAndEmptyFiles(t *testing.T) {
	f := newFixture(t)
	lf, path := f.openLog(t, "small.out", 0, 0)
	_, err := lf.Write([]byte("hello\n"))
	require.NoError(t, err)
	f.logs.logs["small/stdout"] = path
	s := f.get(t, supervisorctlRequest("/logtail/small/stdout"))
	assert.Equal(t, "hello\n", s.chunk(t), "a file under 1024 bytes is sent whole")

	empty, epath := f.openLog(t, "empty.err", 0, 0)
	f.logs.logs["grp:empty/stderr"] = epath
	s = f.get(t, supervisorctlRequest("/logtail/grp%3Aempty/stderr"))
	s.quiet(t) // headers and no chunk
	_, err = empty.Write([]byte("first\n"))
	require.NoError(t, err)
	assert.Equal(t, "first\n", s.chunk(t))
}

func TestStreamTruncationRotationAndClear(t *testing.T) {
	f := newFixture(t)

	// backups=0: reaching maxbytes truncates the file in place.
	trunc, tpath := f.openLog(t, "trunc.out", 20, 0)
	f.logs.logs["trunc/stdout"] = tpath
	_, err := trunc.Write([]byte("0123456789\n"))
	require.NoError(t, err)
	s := f.get(t, supervisorctlRequest("/logtail/trunc/stdout"))
	s.text(t, "0123456789\n")
	// This write passes maxbytes and the file is truncated right after it,
	// before followers are woken: its bytes are gone, as with 4.2.5.
	_, err = trunc.Write([]byte("abcdefghijklmnop\n"))
	require.NoError(t, err)
	s.text(t, truncatedNotice)
	_, err = trunc.Write([]byte("after\n"))
	require.NoError(t, err)
	s.text(t, "after\n")

	// backups=1: the file is renamed to .1 and a new one started; the
	// stream switches to the new file without losing the old file's end.
	rot, rpath := f.openLog(t, "rot.out", 20, 1)
	f.logs.logs["rot/stdout"] = rpath
	s = f.get(t, supervisorctlRequest("/logtail/rot/stdout"))
	_, err = rot.Write([]byte("line one\n"))
	require.NoError(t, err)
	s.text(t, "line one\n")
	_, err = rot.Write([]byte("line two is long\n")) // rotates after this write
	require.NoError(t, err)
	_, err = rot.Write([]byte("new file\n"))
	require.NoError(t, err)
	s.text(t, "line two is long\nnew file\n")

	// clear removes and recreates the file.
	clr, cpath := f.openLog(t, "clr.out", 0, 0)
	f.logs.logs["clr/stdout"] = cpath
	_, err = clr.Write([]byte("old\n"))
	require.NoError(t, err)
	s = f.get(t, supervisorctlRequest("/logtail/clr/stdout"))
	s.text(t, "old\n")
	require.NoError(t, clr.Clear())
	_, err = clr.Write([]byte("fresh\n"))
	require.NoError(t, err)
	s.text(t, "fresh\n")
}

func TestMainLogTail(t *testing.T) {
	f := newFixture(t)
	lf, path := f.openLog(t, "supervisord.log", 0, 0)
	_, err := lf.Write([]byte("2026-11-23 14:36:22,131 INFO started\n"))
	require.NoError(t, err)
	f.logs.mainLog = path
	s := f.get(t, supervisorctlRequest("/mainlogtail"))
	assert.NotContains(t, s.head, "X-Accel-Buffering", "only /logtail sends it")
	assert.Contains(t, s.head, "Content-Type: text/plain;charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n")
	assert.Equal(t, "2026-11-23 14:36:22,131 INFO started\n", s.chunk(t))
}

func TestStreamErrors(t *testing.T) {
	f := newFixture(t)
	_, path := f.openLog(t, "p.out", 0, 0)
	f.logs.logs["p/stdout"] = path
	f.logs.logs["p/stderr"] = filepath.Join(f.dir, "never-created.err")
	f.logs.logs["quiet/stdout"] = "" // stdout_logfile=NONE
	for raw, status := range map[string]string{
		"GET /logtail/nosuch HTTP/1.1\r\n\r\n":                        "404 Not Found",
		"GET /logtail/p/bogus HTTP/1.1\r\n\r\n":                       "404 Not Found",
		"GET /logtail/p/stdout/x HTTP/1.1\r\n\r\n":                    "404 Not Found",
		"GET /logtail/p/stderr HTTP/1.1\r\n\r\n":                      "404 Not Found",
		"GET /logtail/quiet HTTP/1.1\r\n\r\n":                         "404 Not Found",
		"GET /logtail HTTP/1.1\r\n\r\n":                               "500 Internal Server Error",
		"POST /logtail/p HTTP/1.1\r\n\r\n":                            "400 Bad Request",
		"HEAD /logtail/p HTTP/1.1\r\n\r\n":                            "400 Bad Request",
		"GET /mainlogtail HTTP/1.1\r\n\r\n":                           "404 Not Found", // no main log
		"DELETE /mainlogtail HTTP/1.1\r\n\r\n":                        "400 Bad Request",
		"GET /logtail/p%252Fstdout HTTP/1.1\r\n\r\n":                  "200 OK", // decoded twice, as in 4.2.5
		"GET /logtailx/p HTTP/1.1\r\n\r\n":                            "200 OK", // the first component is not checked
		"GET /logtail/p?x=1 HTTP/1.1\r\n\r\n":                         "200 OK",
		"GET /logtail//p/stdout HTTP/1.1\r\n\r\n":                     "404 Not Found",
		"GET /logtail/%70/stdout HTTP/1.1\r\n\r\n":                    "200 OK",
		"GET /mainlogtail/anything HTTP/1.1\r\n\r\n":                  "404 Not Found",
		"GET /logtail/p/stdout HTTP/1.0\r\n\r\n":                      "200 OK",
		"GET /logtail/p/stdout HTTP/1.1\r\nConnection: close\r\n\r\n": "200 OK",
	} {
		s := f.get(t, raw)
		assert.True(t, strings.HasPrefix(s.head, "HTTP/1.1 "+status+"\r\n") || strings.HasPrefix(s.head, "HTTP/1.0 "+status+"\r\n"),
			"%q: got %q", raw, s.head)
	}
}

// TestUnframedStreams: HTTP/1.0 and "Connection: close" requests get the
// bytes without chunking, ending when the connection does (4.2.5 buffers
// them and sends nothing useful).
func TestUnframedStreams(t *testing.T) {
	f := newFixture(t)
	lf, path := f.openLog(t, "p.out", 0, 0)
	_, err := lf.Write([]byte("one\n"))
	require.NoError(t, err)
	f.logs.logs["p/stdout"] = path
	for _, raw := range []string{
		"GET /logtail/p HTTP/1.0\r\n\r\n",
		"GET /logtail/p HTTP/1.1\r\nConnection: close\r\n\r\n",
	} {
		s := f.get(t, raw)
		assert.NotContains(t, s.head, "Transfer-Encoding")
		assert.NotContains(t, s.head, "Content-Length")
		buf := make([]byte, 4)
		s.c.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, err := io.ReadFull(s.br, buf)
		require.NoError(t, err)
		assert.Equal(t, "one\n", string(buf))
	}
	_, err = lf.Write([]byte("two\n"))
	require.NoError(t, err)
}

// TestStreamEndsWhenClientLeaves checks that a stream notices the client
// closing the connection even though nothing is written to the log, with
// and without supervisorctl's stray CRLF.
func TestStreamEndsWhenClientLeaves(t *testing.T) {
	f := newFixture(t)
	_, path := f.openLog(t, "p.out", 0, 0)
	f.logs.logs["p/stdout"] = path
	for _, raw := range []string{
		supervisorctlRequest("/logtail/p/stdout"),
		"GET /logtail/p/stdout HTTP/1.1\r\nHost: x\r\n\r\n",
	} {
		s := f.get(t, raw)
		waitFor(t, "the stream to subscribe", func() bool { return f.watches.Load() == 1 })
		s.c.Close()
		waitFor(t, "the stream to end", func() bool { return f.watches.Load() == 0 })
	}
}

func TestShutdownEndsStreams(t *testing.T) {
	f := newFixture(t)
	_, path := f.openLog(t, "p.out", 0, 0)
	f.logs.logs["p/stdout"] = path
	s := f.get(t, supervisorctlRequest("/logtail/p/stdout"))
	waitFor(t, "the stream to subscribe", func() bool { return f.watches.Load() == 1 })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	require.NoError(t, f.srv.Shutdown(ctx))
	assert.Less(t, time.Since(start), 4*time.Second)
	assert.Equal(t, int32(0), f.watches.Load())
	// The stream was ended properly: the last chunk, then the close.
	s.c.SetReadDeadline(time.Now().Add(5 * time.Second))
	rest, _ := io.ReadAll(s.br)
	assert.Equal(t, "0\r\n\r\n", string(rest))
}

func TestParseLogtailPath(t *testing.T) {
	for _, c := range []struct {
		in, name, channel string
		ok                bool
	}{
		{"/logtail/p", "p", "stdout", true},
		{"/logtail/p/stderr", "p", "stderr", true},
		{"/logtail/g:p/stdout", "g:p", "stdout", true},
		{"/logtail/g%3Ap", "g:p", "stdout", true},
		{"/logtail/", "", "stdout", true},
		{"/logtail", "", "", false},
		{"///logtail/p", "p", "stdout", true},
		{"/logtail/p/stdout/x", "p", "stdout/x", true},
	} {
		name, channel, ok := parseLogtailPath(c.in)
		assert.Equal(t, c.ok, ok, c.in)
		if ok {
			assert.Equal(t, c.name, name, c.in)
			assert.Equal(t, c.channel, channel, c.in)
		}
	}
}
