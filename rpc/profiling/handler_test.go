package profiling

import (
	"bytes"
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"runtime/trace"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serveTCP serves the profiles on a free port and returns their base URL.
func serveTCP(t *testing.T) (*Server, string) {
	t.Helper()
	s, err := Listen("127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s, "http://" + s.Addr().String()
}

type response struct {
	code   int
	header http.Header
	body   []byte
}

func fetch(t *testing.T, url string) response {
	t.Helper()
	c := &http.Client{Timeout: 30 * time.Second}
	resp, err := c.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return response{resp.StatusCode, resp.Header, body}
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	require.NoError(t, err)
	out, err := io.ReadAll(zr)
	require.NoError(t, err)
	return out
}

// TestRoutes checks each route's status, headers and body.
func TestRoutes(t *testing.T) {
	_, base := serveTCP(t)
	const octet = "application/octet-stream"
	cases := []struct {
		name        string
		path        string
		code        int
		contentType string
		disposition string
		pprofError  bool     // marked for go tool pprof
		contains    []string // in the body (gunzipped for attachments)
	}{
		{name: "index", path: "/debug/pprof/", code: 200, contentType: "text/html; charset=utf-8",
			contains: []string{`<a href="/debug/pprof/heap?debug=1">heap</a>`, `<a href="/debug/pprof/goroutine?debug=1">goroutine</a>`,
				`href="/debug/pprof/allocs?debug=1"`, `href="/debug/pprof/block?debug=1"`, `href="/debug/pprof/mutex?debug=1"`,
				`href="/debug/pprof/threadcreate?debug=1"`, `href="/debug/pprof/profile"`, `href="/debug/pprof/trace"`,
				`href="/debug/pprof/cmdline"`}},
		{name: "index without slash", path: "/debug/pprof", code: 200, contentType: "text/html; charset=utf-8",
			contains: []string{`href="/debug/pprof/heap?debug=1"`}},
		{name: "heap binary", path: "/debug/pprof/heap", code: 200, contentType: octet,
			disposition: `attachment; filename="heap"`, contains: []string{"inuse_space", "alloc_objects"}},
		{name: "heap gc", path: "/debug/pprof/heap?gc=1", code: 200, contentType: octet,
			disposition: `attachment; filename="heap"`, contains: []string{"inuse_space"}},
		{name: "heap text", path: "/debug/pprof/heap?debug=1", code: 200, contentType: textPlain,
			contains: []string{"heap profile:", "# runtime.MemStats"}},
		{name: "allocs binary", path: "/debug/pprof/allocs", code: 200, contentType: octet,
			disposition: `attachment; filename="allocs"`, contains: []string{"alloc_space"}},
		{name: "goroutine text", path: "/debug/pprof/goroutine?debug=1", code: 200, contentType: textPlain,
			contains: []string{"goroutine profile:", "TestRoutes"}},
		{name: "goroutine full", path: "/debug/pprof/goroutine?debug=2", code: 200, contentType: textPlain,
			contains: []string{"goroutine ", "[running]"}},
		{name: "goroutine binary", path: "/debug/pprof/goroutine", code: 200, contentType: octet,
			disposition: `attachment; filename="goroutine"`, contains: []string{"goroutine", "count"}},
		{name: "threadcreate", path: "/debug/pprof/threadcreate?debug=1", code: 200, contentType: textPlain,
			contains: []string{"threadcreate profile:"}},
		{name: "block", path: "/debug/pprof/block?debug=1", code: 200, contentType: textPlain,
			contains: []string{"cycles/second="}},
		{name: "mutex", path: "/debug/pprof/mutex?debug=1", code: 200, contentType: textPlain,
			contains: []string{"cycles/second="}},
		{name: "cmdline", path: "/debug/pprof/cmdline", code: 200, contentType: textPlain,
			contains: []string{strings.Join(os.Args, "\x00")}},
		{name: "unknown profile", path: "/debug/pprof/nosuch", code: 404, contentType: textPlain, pprofError: true,
			contains: []string{"Unknown profile"}},
		{name: "delta profile", path: "/debug/pprof/heap?seconds=5", code: 400, contentType: textPlain, pprofError: true,
			contains: []string{"not served", "-diff_base"}},
		{name: "elsewhere", path: "/other", code: 404, contentType: textPlain, pprofError: true},
		{name: "prefix only", path: "/debug/pprofx", code: 404, contentType: textPlain, pprofError: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := fetch(t, base+tc.path)
			assert.Equal(t, tc.code, r.code)
			assert.Equal(t, tc.contentType, r.header.Get("Content-Type"))
			assert.Equal(t, "nosniff", r.header.Get("X-Content-Type-Options"))
			assert.Equal(t, tc.disposition, r.header.Get("Content-Disposition"))
			if tc.pprofError {
				assert.Equal(t, "1", r.header.Get("X-Go-Pprof"))
			} else {
				assert.Empty(t, r.header.Get("X-Go-Pprof"))
			}
			body := r.body
			if tc.disposition != "" {
				body = gunzip(t, body)
			}
			for _, want := range tc.contains {
				assert.Contains(t, string(body), want)
			}
		})
	}
}

// TestCPUProfile records a short CPU profile and an execution trace.
func TestCPUProfile(t *testing.T) {
	_, base := serveTCP(t)
	start := time.Now()
	r := fetch(t, base+"/debug/pprof/profile?seconds=1")
	assert.GreaterOrEqual(t, time.Since(start), time.Second)
	require.Equal(t, 200, r.code)
	assert.Equal(t, "application/octet-stream", r.header.Get("Content-Type"))
	assert.Equal(t, `attachment; filename="profile"`, r.header.Get("Content-Disposition"))
	pb := gunzip(t, r.body)
	assert.Contains(t, string(pb), "samples")
	assert.Contains(t, string(pb), "nanoseconds")

	r = fetch(t, base+"/debug/pprof/trace?seconds=1")
	require.Equal(t, 200, r.code)
	assert.Equal(t, "application/octet-stream", r.header.Get("Content-Type"))
	assert.Equal(t, `attachment; filename="trace"`, r.header.Get("Content-Disposition"))
	assert.True(t, bytes.HasPrefix(r.body, []byte("go 1.")), "trace header: %q", r.body[:min(len(r.body), 16)])
}

// TestCPUProfileBusy checks that a CPU profile already running elsewhere
// gives go tool pprof a readable error.
func TestCPUProfileBusy(t *testing.T) {
	_, base := serveTCP(t)
	require.NoError(t, pprof.StartCPUProfile(io.Discard))
	defer pprof.StopCPUProfile()
	r := fetch(t, base+"/debug/pprof/profile?seconds=1")
	assert.Equal(t, 500, r.code)
	assert.Equal(t, "1", r.header.Get("X-Go-Pprof"))
	assert.Empty(t, r.header.Get("Content-Disposition"))
	assert.Contains(t, string(r.body), "Could not enable CPU profiling: cpu profiling already in use")
}

// recording reports whether a handler is recording a CPU profile or a
// trace, waiting for its duration to end.
func recording() bool {
	var b strings.Builder
	pprof.Lookup("goroutine").WriteTo(&b, 1)
	for _, stack := range strings.Split(b.String(), "\n\n") {
		if strings.Contains(stack, "profiling.sleep") && strings.Contains(stack, "profiling.serveRecording") {
			return true
		}
	}
	return false
}

// returned reports whether no handler is recording any more.
func returned() bool {
	var b strings.Builder
	pprof.Lookup("goroutine").WriteTo(&b, 1)
	return !strings.Contains(b.String(), "profiling.serveRecording")
}

// TestProfileEndsEarly checks that a long CPU profile or trace stops when
// the client hangs up or the endpoint is closed, so neither holds the
// profiler (or the daemon's shutdown) for its full duration.
func TestProfileEndsEarly(t *testing.T) {
	cases := []struct{ path, name string }{
		{"/debug/pprof/profile?seconds=300", "profile"},
		{"/debug/pprof/trace?seconds=300", "trace"},
	}
	for _, tc := range cases {
		t.Run(tc.name+" hang up", func(t *testing.T) {
			s, _ := serveTCP(t)
			c, err := net.Dial("tcp", s.Addr().String())
			require.NoError(t, err)
			_, err = io.WriteString(c, "GET "+tc.path+" HTTP/1.1\r\nHost: x\r\n\r\n")
			require.NoError(t, err)
			require.Eventually(t, recording, 10*time.Second, 10*time.Millisecond)
			require.NoError(t, c.Close())
			require.Eventually(t, returned, 10*time.Second, 10*time.Millisecond)
			if tc.name == "trace" {
				assert.False(t, trace.IsEnabled())
			} else {
				require.NoError(t, pprof.StartCPUProfile(io.Discard), "the CPU profiler is free again")
				pprof.StopCPUProfile()
			}
		})
		t.Run(tc.name+" close", func(t *testing.T) {
			s, base := serveTCP(t)
			done := make(chan struct{})
			go func() {
				defer close(done)
				resp, err := http.Get(base + tc.path)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}()
			require.Eventually(t, recording, 10*time.Second, 10*time.Millisecond)
			require.NoError(t, s.Close())
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the profile outlived the endpoint")
			}
			require.Eventually(t, returned, 10*time.Second, 10*time.Millisecond)
		})
	}
}

// TestHTTP10 checks a CPU profile streams to an HTTP/1.0 client, delimited
// by the connection's close.
func TestHTTP10(t *testing.T) {
	s, _ := serveTCP(t)
	c, err := net.Dial("tcp", s.Addr().String())
	require.NoError(t, err)
	defer c.Close()
	_, err = io.WriteString(c, "GET /debug/pprof/trace?seconds=1 HTTP/1.0\r\n\r\n")
	require.NoError(t, err)
	require.NoError(t, c.SetReadDeadline(time.Now().Add(20*time.Second)))
	raw, err := io.ReadAll(c)
	require.NoError(t, err)
	head, body, ok := strings.Cut(string(raw), "\r\n\r\n")
	require.True(t, ok, "%q", raw)
	assert.True(t, strings.HasPrefix(head, "HTTP/1.0 200 OK\r\n"), head)
	assert.Contains(t, head, "\r\nContent-Disposition: attachment; filename=\"trace\"")
	assert.NotContains(t, head, "Content-Length")
	assert.True(t, strings.HasPrefix(body, "go 1."))
}

func TestQueryValue(t *testing.T) {
	cases := []struct {
		query, name string
		want        string
		found       bool
	}{
		{"", "debug", "", false},
		{"debug=1", "debug", "1", true},
		{"gc=1&debug=2", "debug", "2", true},
		{"debug=2&debug=3", "debug", "2", true},
		{"debug", "debug", "", true},
		{"debugx=1&xdebug=2", "debug", "", false},
		{"a=b=c&debug=", "a", "b=c", true},
	}
	for _, tc := range cases {
		v, ok := queryValue(tc.query, tc.name)
		assert.Equal(t, tc.want, v, tc.query)
		assert.Equal(t, tc.found, ok, tc.query)
	}
	assert.Equal(t, 30*time.Second, seconds("", 30))
	assert.Equal(t, 30*time.Second, seconds("seconds=x", 30))
	assert.Equal(t, 30*time.Second, seconds("seconds=-5", 30))
	assert.Equal(t, 2*time.Second, seconds("seconds=2", 30))
	assert.Equal(t, time.Duration(maxSeconds)*time.Second, seconds("seconds=99999999999999999", 30))
}
