package server

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

func TestRPCHandlerLimitsAndErrors(t *testing.T) {
	dir := shortTempDir(t)
	log := &memLogger{}
	reg := newTestRegistry(t)
	startServers(t, []config.ServerConfig{unixConfig(sockPath(dir))},
		Options{Registry: reg.Registry, Logger: log, MaxRequestBytes: 1000})
	sock := sockPath(dir)

	// Oversized bodies are refused before being read, and the connection
	// (with the unread body) is closed.
	resp, closed := exchange(t, "unix", sock, []byte("POST /RPC2 HTTP/1.1\r\nContent-Length: 1001\r\n\r\n"+strings.Repeat("x", 1001)))
	assert.True(t, strings.HasPrefix(string(resp), "HTTP/1.1 413 Request Entity Too Large\r\n"), "%q", resp)
	assert.True(t, closed)

	resp, closed = exchange(t, "unix", sock, []byte("POST /RPC2 HTTP/1.1\r\nContent-Length: -5\r\n\r\n"))
	assert.True(t, strings.HasPrefix(string(resp), "HTTP/1.1 400 Bad Request\r\n"), "%q", resp)
	assert.True(t, closed)

	// A result XML-RPC cannot carry is a 500, logged at CRIT (4.2.5 too).
	resp, closed = exchange(t, "unix", sock, post("/RPC2", "1.1", "", callBody(t, "supervisor.returnNil")))
	assert.True(t, strings.HasPrefix(string(resp), "HTTP/1.1 500 Internal Server Error\r\n"), "%q", resp)
	assert.False(t, closed)

	resp, _ = exchange(t, "unix", sock, post("/RPC2", "1.1", "", "not xml"))
	assert.True(t, strings.HasPrefix(string(resp), "HTTP/1.1 400 Bad Request\r\n"), "%q", resp)
	resp, _ = exchange(t, "unix", sock, post("/RPC2", "1.1", "", "<methodCall/>"))
	assert.True(t, strings.HasPrefix(string(resp), "HTTP/1.1 400 Bad Request\r\n"), "%q", resp)

	lines := strings.Join(log.all(), "\n")
	assert.Contains(t, lines, "CRIT Handling XML-RPC request with data \"<?xml version='1.0'?>\\n<methodCall>\\n<methodName>supervisor.returnNil</methodName>")
	assert.Contains(t, lines, "ERRO XML-RPC request data 'not xml' is invalid: unmarshallable")
	assert.Contains(t, lines, "ERRO XML-RPC request data '<methodCall/>' is invalid: no method name")
	assert.Contains(t, lines, "TRAC XML-RPC method called: supervisor.returnNil()")
	assert.Regexp(t, `TRAC localhost:0 - - \[\d\d/[A-Z][a-z][a-z]/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "POST /RPC2 HTTP/1.1" 500 146`, lines)
}

func TestRPCFaultTrace(t *testing.T) {
	dir := shortTempDir(t)
	log := &memLogger{}
	startServers(t, []config.ServerConfig{unixConfig(sockPath(dir))}, Options{Registry: newTestRegistry(t).Registry, Logger: log})
	exchange(t, "unix", sockPath(dir), post("/RPC2", "1.1", "", callBody(t, "supervisor.getProcessInfo", "x")))
	assert.Contains(t, log.all(), "TRAC XML-RPC method supervisor.getProcessInfo() returned fault: [10] BAD_NAME: x")
}

// TestWaitingMethodSeesClientLeave: a method that waits (startProcess with
// wait=true) gets its context cancelled when the client disconnects,
// including after supervisorctl-style trailing bytes.
func TestWaitingMethodSeesClientLeave(t *testing.T) {
	dir := shortTempDir(t)
	reg := newTestRegistry(t)
	startServers(t, []config.ServerConfig{unixConfig(sockPath(dir))}, Options{Registry: reg.Registry})
	for _, trailer := range []string{"", "\r\n", "POST /RPC2 HTTP/1.1\r\n"} {
		c, err := net.Dial("unix", sockPath(dir))
		require.NoError(t, err)
		_, err = c.Write(append(post("/RPC2", "1.1", "", callBody(t, "supervisor.waitForever")), trailer...))
		require.NoError(t, err)
		<-reg.waiting
		c.Close()
		select {
		case <-reg.cancelled:
		case <-time.After(10 * time.Second):
			t.Fatalf("the method was not cancelled after the client left (trailer %q)", trailer)
		}
	}
}

// TestPipelinedRequestsWhileWaiting: a pipelined request that arrives
// while a method waits is served after it.
func TestPipelinedRequestsWhileWaiting(t *testing.T) {
	dir := shortTempDir(t)
	reg := newTestRegistry(t)
	startServers(t, []config.ServerConfig{unixConfig(sockPath(dir))}, Options{Registry: reg.Registry})
	c, err := net.Dial("unix", sockPath(dir))
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Write(post("/RPC2", "1.1", "", callBody(t, "supervisor.slow")))
	require.NoError(t, err)
	<-reg.waiting
	_, err = c.Write(post("/RPC2", "1.1", "", callBody(t, "supervisor.getVersion")))
	require.NoError(t, err)
	resp, closed := readResponses(t, c, 2)
	assert.False(t, closed)
	assert.Equal(t, 2, completeResponses(resp))
	assert.Regexp(t, `(?s)<boolean>1</boolean>.*<string>3\.0</string>`, string(resp))
}

// TestUIHandlerMount mounts a handler as the catch-all, as the web UI is
// mounted.
func TestUIHandlerMount(t *testing.T) {
	dir := shortTempDir(t)
	var local any
	ui := httpserver.HandlerFunc(func(w *httpserver.ResponseWriter, r *httpserver.Request) {
		local = r.Context().Value(httpserver.LocalAddrContextKey)
		switch r.Path {
		case "/page":
			w.Set("Content-Type", "text/html;charset=utf-8")
			w.Set("Pragma", "no-cache")
			w.Set("Content-Length", "5")
			w.Write([]byte("hello"))
		case "/stream":
			w.Set("Content-Type", "text/event-stream")
			for i := range 2 {
				fmt.Fprintf(w, "data: %d\n\n", i)
				require.NoError(t, w.Flush())
			}
		default:
			w.Error(404)
		}
	})
	port := freePort(t)
	startServers(t, []config.ServerConfig{unixConfig(sockPath(dir)), inetConfig(port, "", "")},
		Options{Registry: newTestRegistry(t).Registry, UI: ui})

	resp, _ := exchange(t, "unix", sockPath(dir), []byte("GET /page?x=1 HTTP/1.1\r\nHost: localhost\r\n\r\n"))
	assert.Equal(t, "HTTP/1.1 200 OK\r\nServer: Medusa/1.12\r\nDate: <DATE>\r\nContent-Type: text/html;charset=utf-8\r\n"+
		"Pragma: no-cache\r\nContent-Length: 5\r\n\r\nhello", normalize(resp))
	addr, ok := local.(*net.UnixAddr)
	require.True(t, ok, "%T", local)
	assert.Equal(t, sockPath(dir), addr.Name, "the UI sees the configured socket path")
	resp, _ = exchange(t, "tcp", "127.0.0.1:"+strconv.Itoa(port), []byte("GET /page HTTP/1.0\r\n\r\n"))
	assert.Contains(t, string(resp), "\r\n\r\nhello")
	tcp, ok := local.(*net.TCPAddr)
	require.True(t, ok, "%T", local)
	assert.Equal(t, "127.0.0.1:"+strconv.Itoa(port), tcp.String(), "the UI sees the inet listener's address")

	resp, _ = exchange(t, "unix", sockPath(dir), []byte("GET /stream HTTP/1.1\r\n\r\n"))
	assert.Equal(t, "HTTP/1.1 200 OK\r\nServer: Medusa/1.12\r\nDate: <DATE>\r\nContent-Type: text/event-stream\r\n"+
		"Transfer-Encoding: chunked\r\n\r\n9\r\ndata: 0\n\n\r\n9\r\ndata: 1\n\n\r\n0\r\n\r\n", normalize(resp))

	// /RPC2 and the log routes still come first.
	resp, _ = exchange(t, "unix", sockPath(dir), post("/RPC2", "1.1", "", callBody(t, "supervisor.getVersion")))
	assert.Contains(t, string(resp), "<string>3.0</string>")
}
