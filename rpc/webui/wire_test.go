package webui

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
)

// TestWireHeads pins the status line and the headers, in order, of every
// kind of response the web UI sends (Medusa's order, as 4.2.5 sends them).
func TestWireHeads(t *testing.T) {
	t.Parallel()
	d := startDaemon(t, "", Options{ServerName: func(*httpserver.Request) (string, string) { return "localhost", "9001" }})
	date := regexp.MustCompile(`(?m)^(Date|Last-Modified): .*\r$`)
	// Each request is followed by one that closes the connection, in case
	// the first leaves it open; the first response is what comes before
	// the second's, if that is answered.
	const closer = "GET /ok.html HTTP/1.0\r\n\r\n"
	exchange := func(request string) string {
		raw := d.raw(request + closer)
		if i := strings.LastIndex(raw, "HTTP/1.0 200 OK\r\n"); i > 0 {
			return raw[:i]
		}
		return raw
	}
	for _, tc := range []struct{ request, head string }{
		{"GET / HTTP/1.0\r\n\r\n", "HTTP/1.0 200 OK\r\nServer: Medusa/1.12\r\nDate: D\r\n" +
			"Content-Type: text/html;charset=utf-8\r\nPragma: no-cache\r\nCache-Control: no-cache\r\n" +
			"Expires: Thu, 01 Jan 1970 00:00:00 GMT\r\nContent-Length: N\r\n"},
		{"GET /tail.html HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "HTTP/1.0 200 OK\r\nServer: Medusa/1.12\r\nDate: D\r\n" +
			"Content-Type: text/html;charset=utf-8\r\nPragma: no-cache\r\nCache-Control: no-cache\r\n" +
			"Expires: Thu, 01 Jan 1970 00:00:00 GMT\r\nContent-Length: N\r\nConnection: Keep-Alive\r\n"},
		{"GET /index.html?processname=nosuch&action=start HTTP/1.1\r\nHost: h:80\r\n\r\n",
			"HTTP/1.1 301 Moved Permanently\r\nServer: Medusa/1.12\r\nDate: D\r\n" +
				"Location: http://h/?message=No%20such%20process%20named%20nosuch\r\nContent-Length: N\r\n" +
				"Content-Type: text/html\r\nPragma: no-cache\r\nCache-Control: no-cache\r\nExpires: Thu, 01 Jan 1970 00:00:00 GMT\r\n"},
		{"GET /ok.html HTTP/1.0\r\n\r\n", "HTTP/1.0 200 OK\r\nServer: Medusa/1.12\r\nDate: D\r\n" +
			"Content-Type: text/plain\r\nContent-Length: N\r\n"},
		{"POST /index.html HTTP/1.0\r\n\r\n", "HTTP/1.0 411 Length Required\r\nServer: Medusa/1.12\r\nDate: D\r\n" +
			"Content-Length: N\r\nContent-Type: text/html\r\n"},
		{"GET /index.html?action=bogus HTTP/1.0\r\n\r\n", "HTTP/1.0 500 Internal Server Error\r\nServer: Medusa/1.12\r\nDate: D\r\n" +
			"Content-Length: N\r\nContent-Type: text/html\r\n"},
		{"GET /stylesheets/supervisor.css HTTP/1.0\r\n\r\n", "HTTP/1.0 200 OK\r\nServer: Medusa/1.12\r\nDate: D\r\n" +
			"Last-Modified: D\r\nContent-Length: N\r\nContent-Type: text/css\r\n"},
		{"HEAD /images/icon.png HTTP/1.0\r\n\r\n", "HTTP/1.0 200 OK\r\nServer: Medusa/1.12\r\nDate: D\r\n" +
			"Last-Modified: D\r\nContent-Length: 919\r\nContent-Type: image/png\r\n"},
		{"GET /images/icon.png HTTP/1.0\r\nIf-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n\r\n",
			"HTTP/1.0 304 Not Modified\r\nServer: Medusa/1.12\r\nDate: D\r\n"},
		{"GET /images HTTP/1.1\r\nHost: foo:9001\r\n\r\n", "HTTP/1.1 301 Moved Permanently\r\n" +
			"Server: Medusa/1.12\r\nDate: D\r\nLocation: http://localhost/images/\r\nContent-Length: N\r\nContent-Type: text/html\r\n"},
		{"GET /nonexistent.html HTTP/1.0\r\n\r\n", "HTTP/1.0 404 Not Found\r\nServer: Medusa/1.12\r\nDate: D\r\n" +
			"Content-Length: N\r\nContent-Type: text/html\r\n"},
		{"GET /events/tail HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 200 OK\r\nServer: Medusa/1.12\r\nDate: D\r\n" +
			"Content-Type: text/event-stream\r\nCache-Control: no-cache\r\nX-Accel-Buffering: no\r\nTransfer-Encoding: chunked\r\n"},
	} {
		raw := exchange(tc.request)
		head, body, ok := strings.Cut(raw, "\r\n\r\n")
		require.True(t, ok, "%q: %q", tc.request, raw)
		head = date.ReplaceAllString(head+"\r\n", "$1: D\r")
		if m := regexp.MustCompile(`Content-Length: (\d+)\r\n`).FindStringSubmatch(head); m != nil && !strings.HasPrefix(tc.request, "HEAD") {
			assert.Equal(t, m[1], strconv.Itoa(len(body)), "%q", tc.request)
			head = strings.Replace(head, m[0], "Content-Length: N\r\n", 1)
		}
		assert.Equal(t, tc.head, head, "%q", tc.request)
	}
	// The event stream's body: the retry hint, then the fatal event.
	raw := exchange("GET /events/tail HTTP/1.1\r\nHost: x\r\n\r\n")
	assert.True(t, strings.HasSuffix(raw, "\r\n\r\nd\r\nretry: 2000\n\n\r\n2c\r\nevent: fatal\ndata: \"No process name found\"\n\n\r\n0\r\n\r\n"), "%q", raw)
}
