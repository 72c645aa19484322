package webui

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
	"github.com/gosupervisord/gosupervisord/supervisor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// redirectMessage checks a 301 of an action and returns its message.
func redirectMessage(t *testing.T, d *daemon, r response) string {
	t.Helper()
	require.Equal(t, http.StatusMovedPermanently, r.status, r.body)
	assert.Equal(t, "text/html", r.header.Get("Content-Type"))
	assert.Equal(t, "no-cache", r.header.Get("Pragma"))
	assert.Equal(t, "no-cache", r.header.Get("Cache-Control"))
	assert.Equal(t, "Thu, 01 Jan 1970 00:00:00 GMT", r.header.Get("Expires"))
	assert.Contains(t, r.body, "<p>Error code 301.\r\n<p>Message: Moved Permanently.\r\n")
	loc := r.header.Get("Location")
	prefix := d.url + "/?message="
	require.True(t, strings.HasPrefix(loc, prefix), loc)
	msg, err := url.PathUnescape(loc[len(prefix):])
	require.NoError(t, err)
	return msg
}

func TestStatusPage(t *testing.T) {
	t.Parallel()
	d := startDaemon(t, webConf, Options{})
	d.waitState("web1", supervisor.Running)
	d.waitState("g:g3", supervisor.Running)

	for _, path := range []string{"/", "/index.html", "//index.html", "/index%2Ehtml", "/%2Findex.html"} {
		r := d.get(path)
		require.Equal(t, http.StatusOK, r.status, path)
		assert.Equal(t, "text/html;charset=utf-8", r.header.Get("Content-Type"))
		assert.Equal(t, "no-cache", r.header.Get("Pragma"))
		assert.Equal(t, "no-cache", r.header.Get("Cache-Control"))
		assert.Equal(t, "Thu, 01 Jan 1970 00:00:00 GMT", r.header.Get("Expires"))
		assert.NotEmpty(t, r.header.Get("Content-Length"))
		for _, want := range []string{
			"<title>Supervisor Status</title>",
			`<meta name="viewport"`,
			`href="tail.html?processname=web1"`,
			`href="tail.html?processname=g%3Ag3"`,
			`>g:g3</a>`,
			`<span class="statusrunning">running</span>`,
			`<span class="statusnominal">stopped</span>`,
			`href="index.html?processname=web2&amp;action=start" name="Start"`,
			`href="index.html?processname=web1&amp;action=restart" name="Restart"`,
			`href="index.html?processname=web1&amp;action=stop" name="Stop"`,
			`href="index.html?processname=g%3Ag3&amp;action=clearlog" name="Clear Log"`,
			`href="logtail/g%3Ag3" name="Tail -f Stdout" target="_blank"`,
			`href="logtail/g%3Ag3/stderr" name="Tail -f Stderr" target="_blank"`,
			`href="index.html?action=refresh"`,
			`href="index.html?action=restartall"`,
			`href="index.html?action=stopall"`,
			">Not started<",
			"Supervisor</a> 4.2.5",
		} {
			assert.Contains(t, r.body, want, path)
		}
		assert.NotContains(t, r.body, "status_msg", "no message without ?message=")
		assert.Contains(t, r.body, `<p class="empty" id="no-programs" hidden>`, "rows are shown")
		// Rows come in (group, name) order.
		order := regexp.MustCompile(`<tr data-ns="([^"]+)"`).FindAllStringSubmatch(r.body, -1)
		require.Len(t, order, 3)
		assert.Equal(t, []string{"g:g3", "web1", "web2"}, []string{order[0][1], order[1][1], order[2][1]})
	}

	r := d.get("/index.html?message=a%3Cb%3E%26c+d")
	assert.Contains(t, r.body, `<div id="status-message" class="status_msg" role="status">a&lt;b&gt;&amp;c d</div>`)
	r = d.get("/index.html?message=")
	assert.NotContains(t, r.body, "status_msg", "an empty value is no message")
	r = d.get("/index.html?action=")
	assert.Equal(t, http.StatusOK, r.status, "an empty action is no action")
}

func TestStatusPageWithoutPrograms(t *testing.T) {
	t.Parallel()
	d := startDaemon(t, "", Options{})
	r := d.get("/")
	require.Equal(t, http.StatusOK, r.status)
	assert.Contains(t, r.body, `<p class="empty" id="no-programs">No programs to manage</p>`)
	assert.Contains(t, r.body, `<table class="processes" id="processes" hidden>`)
}

func TestActions(t *testing.T) {
	t.Parallel()
	d := startDaemon(t, webConf+`
[program:missing]
command=/nonexistent/program
autostart=false

[program:quick]
command=true
autostart=false
startsecs=1
startretries=0
`, Options{})
	d.waitState("web1", supervisor.Running)
	d.waitState("g:g3", supervisor.Running)
	ctime := regexp.MustCompile(`^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d \d{4}$`)

	steps := []struct {
		method, path, body string
		want               string // message; a regexp when it starts with ^
		state              map[string]supervisor.ProcessState
	}{
		{"GET", "/index.html?processname=web1&action=stop", "", "Process web1 stopped",
			map[string]supervisor.ProcessState{"web1": supervisor.Stopped}},
		{"GET", "/index.html?processname=web1&action=stop", "", "unexpected rpc fault [70] NOT_RUNNING: web1", nil},
		{"GET", "/index.html?processname=web1&action=start", "", "Process web1 started",
			map[string]supervisor.ProcessState{"web1": supervisor.Running}},
		{"GET", "/index.html?processname=web1&action=start", "", "ERROR: Process web1: already started", nil},
		{"GET", "/index.html?processname=web1&action=restart", "", "Process web1 restarted",
			map[string]supervisor.ProcessState{"web1": supervisor.Running}},
		{"GET", "/index.html?processname=web2&action=restart", "", "Process web2 restarted",
			map[string]supervisor.ProcessState{"web2": supervisor.Running}},
		{"GET", "/index.html?processname=nosuch&action=stop", "", "No such process named nosuch", nil},
		{"GET", "/index.html?processname=nosuch&action=bogus", "", "No such process named nosuch", nil},
		{"GET", "/index.html?processname=g:*&action=start", "", "No such process named g:*", nil},
		{"GET", "/index.html?processname=g&action=start", "", "No such process named g", nil},
		{"GET", "/index.html?processname=web2&action=clearlog", "", "Log for web2 cleared", nil},
		{"GET", "/index.html?processname=g%3Ag3&action=stop", "", "Process g:g3 stopped",
			map[string]supervisor.ProcessState{"g:g3": supervisor.Stopped}},
		{"GET", "/index.html?processname=missing&action=start", "", "ERROR: Process missing: no such file", nil},
		{"GET", "/index.html?processname=quick&action=start", "", "ERROR: Process quick: spawn error", nil},
		{"GET", "/index.html?action=refresh", "", "^Page refreshed at (.*)$", nil},
		{"GET", "/?processname=web1&action=refresh", "", "^Page refreshed at (.*)$", nil},
		// POST bodies override the query, whatever the Content-Type.
		{"POST", "/index.html?processname=web1&action=stop", "processname=web2&action=stop", "Process web2 stopped",
			map[string]supervisor.ProcessState{"web1": supervisor.Running, "web2": supervisor.Stopped}},
		{"POST", "/index.html", "processname=web2&action=start", "Process web2 started",
			map[string]supervisor.ProcessState{"web2": supervisor.Running}},
		{"GET", "/index.html?action=stopall", "", "^All stopped at (.*)$",
			map[string]supervisor.ProcessState{"web1": supervisor.Stopped, "web2": supervisor.Stopped, "g:g3": supervisor.Stopped}},
		{"GET", "/index.html?action=restartall", "", "^All restarted at (.*)$",
			map[string]supervisor.ProcessState{"web1": supervisor.Running, "g:g3": supervisor.Running}},
	}
	for _, st := range steps {
		r := d.do(st.method, st.path, st.body, "Content-Type", "text/plain")
		msg := redirectMessage(t, d, r)
		if strings.HasPrefix(st.want, "^") {
			m := regexp.MustCompile(st.want).FindStringSubmatch(msg)
			require.NotNil(t, m, "%s %s: %q", st.method, st.path, msg)
			assert.Regexp(t, ctime, m[1])
		} else {
			assert.Equal(t, st.want, msg, "%s %s", st.method, st.path)
		}
		for name, want := range st.state {
			assert.Equal(t, want, d.state(name), "%s after %s %s", name, st.method, st.path)
		}
	}
}

func TestActionErrors(t *testing.T) {
	t.Parallel()
	d := startDaemon(t, webConf, Options{})
	for _, tc := range []struct {
		method, path string
		header       []string
		status       int
	}{
		{"GET", "/index.html?processname=web2&action=bogus", nil, http.StatusInternalServerError},
		{"GET", "/index.html?action=bogus", nil, http.StatusInternalServerError},
		{"GET", "/index.html?action=start", nil, http.StatusInternalServerError},
		{"GET", "/index.html?processname=&action=start", nil, http.StatusInternalServerError},
		{"PUT", "/index.html", nil, http.StatusBadRequest},
		{"DELETE", "/", nil, http.StatusBadRequest},
		{"HEAD", "/", nil, http.StatusNotFound},
		{"HEAD", "/index.html", nil, http.StatusNotFound},
		{"GET", "/index%252Ehtml", nil, http.StatusNotFound},
		{"GET", "/INDEX.HTML", nil, http.StatusNotFound},
	} {
		r := d.do(tc.method, tc.path, "", tc.header...)
		assert.Equal(t, tc.status, r.status, "%s %s", tc.method, tc.path)
		if tc.method != "HEAD" {
			assert.Equal(t, "text/html", r.header.Get("Content-Type"), "%s %s", tc.method, tc.path)
			assert.Contains(t, r.body, "<title>Error response</title>")
		}
	}
	assert.Equal(t, supervisor.Stopped, d.state("web2"))
}

// TestRawRequestErrors: what net/http cannot send.
func TestRawRequestErrors(t *testing.T) {
	t.Parallel()
	d := startDaemon(t, webConf, Options{})
	for _, tc := range []struct{ req, status string }{
		{"GET http://foo/index.html?action=stopall HTTP/1.0\r\n\r\n", "HTTP/1.0 404 Not Found\r\n"},
		{"GET /index.html?action=stopall HTTP/1.0\r\nBogus\r\n\r\n", "HTTP/1.0 500 Internal Server Error\r\n"},
		{"POST /index.html HTTP/1.0\r\ncontent-length:14\r\n\r\naction=stopall", "HTTP/1.0 411 Length Required\r\n"},
		{"POST /index.html HTTP/1.0\r\nContent-Length: 14x\r\n\r\naction=stopall", "HTTP/1.0 500 Internal Server Error\r\n"},
	} {
		assert.True(t, strings.HasPrefix(d.raw(tc.req), tc.status), "%q", tc.req)
	}
	assert.Equal(t, supervisor.Running, d.state("web1"), "no action ran")
}

// TestNoAnswer: requests the UI handler takes but 4.2.5 never answers
// (it finds no view for ";params" or a PATH_INFO field, waits for a POST
// body of no bytes, fails on a body that is not UTF-8): we close the
// connection without a word, and at once.
func TestNoAnswer(t *testing.T) {
	t.Parallel()
	d := startDaemon(t, webConf, Options{})
	for _, req := range []string{
		"GET /index.html;x HTTP/1.0\r\n\r\n",
		"GET /;x?action=stopall HTTP/1.0\r\n\r\n",
		"GET /index.html%3Bx HTTP/1.0\r\n\r\n",
		"GET /index.html?PATH_INFO=nope&action=stopall HTTP/1.0\r\n\r\n",
		"POST /index.html?action=stopall HTTP/1.0\r\nContent-Length: 0\r\n\r\n",
		"POST /index.html HTTP/1.0\r\nContent-Length: 15\r\n\r\naction=stopall\xff",
		"POST /index.html HTTP/1.0\r\nBogus\r\nContent-Length: 14\r\n\r\naction=stopall",
	} {
		start := time.Now()
		assert.Empty(t, d.raw(req), "%q", req)
		assert.Less(t, time.Since(start), 5*time.Second, "%q: closed, not left waiting", req)
	}
	assert.Equal(t, supervisor.Running, d.state("web1"), "no action ran")
}

func TestRedirectHost(t *testing.T) {
	t.Parallel()
	d := startDaemon(t, webConf, Options{ServerName: func(*httpserver.Request) (string, string) {
		return "<unix domain socket>", "/run/supervisor.sock"
	}})
	for _, tc := range []struct{ host, want string }{
		{"foo.example:80", "http://foo.example/?message="},
		{"foo.example:9001", "http://foo.example:9001/?message="},
		{"foo.example:", "http://foo.example/?message="},
		{"[::1]:9001", "http://[::1]:9001/?message="},
	} {
		r := d.get("/index.html?action=refresh", "Host", tc.host)
		require.Equal(t, http.StatusMovedPermanently, r.status)
		assert.True(t, strings.HasPrefix(r.header.Get("Location"), tc.want), "Host %q: %s", tc.host, r.header.Get("Location"))
	}
	// Without a Host header (HTTP/1.0): the listener's name and port.
	for _, head := range []string{
		"GET /index.html?action=refresh HTTP/1.0\r\n\r\n",
		"GET /index.html?action=refresh HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n",
	} {
		raw := d.raw(head)
		assert.Contains(t, raw, "\r\nLocation: http://<unix domain socket>:/run/supervisor.sock/?message=Page%20refreshed%20at%20", head)
	}
}

func TestTailPage(t *testing.T) {
	t.Parallel()
	d := startDaemon(t, webConf+`
[program:big]
command=sh -c 'i=0; while [ $i -lt 400 ]; do echo "line $i"; i=$((i+1)); done; exec sleep 1000'
startsecs=0

[program:nolog]
command=sleep 1000
autostart=false
stdout_logfile=NONE

[program:later]
command=sleep 1000
autostart=false
stdout_logfile=%(here)s/later.log
`, Options{})
	d.waitState("web1", supervisor.Running)
	d.waitState("big", supervisor.Running)
	d.waitUntil(10*time.Second, "big's output", func() bool {
		return strings.Contains(d.get("/tail.html?processname=big&limit=100000").body, "line 399")
	})
	// RUNNING (startsecs=0) can come before the child's first write.
	d.waitUntil(10*time.Second, "web1's output", func() bool {
		return strings.Contains(d.get("/tail.html?processname=web1").body, "web1-says-hi")
	})

	r := d.get("/tail.html?processname=web1")
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, "text/html;charset=utf-8", r.header.Get("Content-Type"))
	assert.Equal(t, "no-cache", r.header.Get("Pragma"))
	assert.Contains(t, r.body, "<title>Supervisor tail of process web1</title>")
	assert.Contains(t, r.body, ">web1-says-hi\n</pre>")
	assert.Contains(t, r.body, `href="tail.html?processname=web1&amp;limit=1024"`)
	assert.Contains(t, r.body, `href="logtail/web1"`)

	pre := regexp.MustCompile(`(?s)<pre id="tail"[^>]*>(.*)</pre>`)
	tailOf := func(path string) string {
		m := pre.FindStringSubmatch(d.get(path).body)
		require.NotNil(t, m, path)
		return m[1]
	}
	// 400 lines "line N\n" are 3490 bytes: 1024 is the least shown.
	for _, tc := range []struct {
		path  string
		bytes int
		limit string
	}{
		{"/tail.html?processname=big", 1024, "1024"},
		{"/tail.html?processname=big&limit=5", 1024, "1024"},
		{"/tail.html?processname=big&limit=abc", 1024, "1024"},
		{"/tail.html?processname=big&limit=-5", 1024, "1024"},
		{"/tail.html?processname=big&limit=2000", 2000, "2000"},
		{"/tail.html?processname=big&limit=99999999999999999999999", 3490, "9223372036854775807"},
	} {
		got := tailOf(tc.path)
		assert.Len(t, got, tc.bytes, tc.path)
		assert.True(t, strings.HasSuffix(got, "line 399\n"), tc.path)
		assert.Contains(t, d.get(tc.path).body, "&amp;limit="+tc.limit+`"`, tc.path)
	}

	for _, tc := range []struct{ path, title, text string }{
		{"/tail.html?processname=web2", "web2", ""}, // AUTO logs exist from the start
		{"/tail.html?processname=later", "later", "No file for later"},
		{"/tail.html?processname=nolog", "nolog", "No file for nolog"},
		{"/tail.html?processname=nosuch", "nosuch", "ERROR: unexpected rpc fault [10] BAD_NAME: nosuch"},
		{"/tail.html?processname=g:*", "g:*", "ERROR: unexpected rpc fault [10] BAD_NAME: g:*"},
		{"/tail.html?processname=a%20b%26c%3Cx%3E", "a b&amp;c&lt;x&gt;", "ERROR: unexpected rpc fault [10] BAD_NAME: a b&amp;c&lt;x&gt;"},
		{"/tail.html", "None", "No process name found"},
	} {
		r := d.get(tc.path)
		require.Equal(t, http.StatusOK, r.status, tc.path)
		assert.Contains(t, r.body, "<title>Supervisor tail of process "+tc.title+"</title>", tc.path)
		assert.Equal(t, tc.text, tailOf(tc.path))
	}
	assert.NotContains(t, d.get("/tail.html").body, `id="tail-refresh"`, "no refresh link without a name")
	assert.Contains(t, d.get("/tail.html?processname=g:*").body, `href="tail.html?processname=g%3A%2A&amp;limit=1024"`)
}

func TestOKPage(t *testing.T) {
	t.Parallel()
	d := startDaemon(t, "", Options{})
	for _, method := range []string{"GET", "POST"} {
		r := d.do(method, "/ok.html", "x=1")
		require.Equal(t, http.StatusOK, r.status)
		assert.Equal(t, "OK", r.body)
		assert.Equal(t, "text/plain", r.header.Get("Content-Type"))
		assert.Equal(t, "2", r.header.Get("Content-Length"))
		assert.Empty(t, r.header.Get("Pragma"))
	}
}
