package server

import (
	"encoding/base64"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

// refServer is a running supervisord 4.2.5 with a unix socket (no auth)
// and an inet server with auth admin/s3cret, and no programs.
type refServer struct {
	sock string
	inet string
}

func startReference(t *testing.T, dir string) refServer {
	t.Helper()
	port := freePort(t)
	sock := filepath.Join(dir, "ref.sock")
	conf := fmt.Sprintf(`[unix_http_server]
file=%s

[inet_http_server]
port=127.0.0.1:%d
username=admin
password=s3cret

[supervisord]
logfile=%s/ref.log
pidfile=%s/ref.pid
childlogdir=%s
nodaemon=true

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
`, sock, port, dir, dir, dir)
	confPath := filepath.Join(dir, "ref.conf")
	require.NoError(t, os.WriteFile(confPath, []byte(conf), 0o644))
	cmd := exec.Command("/usr/bin/supervisord", "-n", "-c", confPath)
	cmd.Dir = dir
	require.NoError(t, cmd.Start(), "needs Debian's supervisor 4.2.5 (make deps)")
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	inet := "127.0.0.1:" + strconv.Itoa(port)
	deadline := time.Now().Add(15 * time.Second)
	for {
		c1, err1 := net.Dial("unix", sock)
		c2, err2 := net.Dial("tcp", inet)
		if err1 == nil && err2 == nil {
			c1.Close()
			c2.Close()
			break
		}
		if c1 != nil {
			c1.Close()
		}
		if c2 != nil {
			c2.Close()
		}
		require.True(t, time.Now().Before(deadline), "supervisord 4.2.5 did not start listening")
		time.Sleep(20 * time.Millisecond)
	}
	return refServer{sock: sock, inet: inet}
}

func basic(userpass string) string {
	return "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte(userpass)) + "\r\n"
}

// TestWireMatchesSupervisord sends the same raw bytes to supervisord 4.2.5
// and to our server and compares the responses byte for byte (dates
// aside), and whether the connection is closed afterwards.
func TestWireMatchesSupervisord(t *testing.T) {
	dir := shortTempDir(t)
	ref := startReference(t, dir)
	reg := newTestRegistry(t)
	ourSock := filepath.Join(dir, "our.sock")
	ourPort := freePort(t)
	startServers(t, []config.ServerConfig{inetConfig(ourPort, "admin", "s3cret"), unixConfig(ourSock)},
		Options{Registry: reg.Registry, Stderr: &nopWriter{}})
	ourInet := "127.0.0.1:" + strconv.Itoa(ourPort)

	gv := callBody(t, "supervisor.getVersion")
	auth := basic("admin:s3cret")
	cases := []struct {
		name string
		raw  []byte
		inet bool // over the authenticated inet server instead of the unix socket
		// ignoreClosed skips the connection-state comparison (documented
		// differences).
		ignoreClosed bool
	}{
		{name: "getVersion", raw: post("/RPC2", "1.1", "", gv)},
		{name: "fault", raw: post("/RPC2", "1.1", "", callBody(t, "supervisor.getProcessInfo", "nosuch"))},
		{name: "unknown method", raw: post("/RPC2", "1.1", "", callBody(t, "supervisor.nope"))},
		{name: "a.b.c", raw: post("/RPC2", "1.1", "", callBody(t, "a.b.c"))},
		{name: "wrong arity", raw: post("/RPC2", "1.1", "", callBody(t, "supervisor.getState", 1))},
		{name: "int name 500", raw: post("/RPC2", "1.1", "", callBody(t, "supervisor.startProcess", 123))},
		{name: "methodSignature", raw: post("/RPC2", "1.1", "", callBody(t, "system.methodSignature", "supervisor.getState"))},
		{name: "methodHelp unknown", raw: post("/RPC2", "1.1", "", callBody(t, "system.methodHelp", "x.y"))},
		{name: "multicall", raw: post("/RPC2", "1.1", "", callBody(t, "system.multicall", []any{
			map[string]any{"methodName": "supervisor.getAPIVersion", "params": []any{}},
			map[string]any{"methodName": "supervisor.getProcessInfo", "params": []any{"nosuch"}},
			map[string]any{"methodName": "system.multicall", "params": []any{}},
			map[string]any{"params": []any{}},
			map[string]any{"methodName": "supervisor.startProcess", "params": []any{123}},
			map[string]any{"methodName": 5},
		}))},
		{name: "multicall not a list", raw: post("/RPC2", "1.1", "", callBody(t, "system.multicall", "not-a-list"))},
		{name: "no method name", raw: post("/RPC2", "1.1", "", "<?xml version='1.0'?><methodCall><methodName></methodName></methodCall>")},
		{name: "not xml", raw: post("/RPC2", "1.1", "", "this is not xml")},
		{name: "raw untyped", raw: post("/RPC2", "1.1", "", "<methodCall><methodName>supervisor.getProcessInfo</methodName><params><param><value>x</value></param></params></methodCall>")},
		{name: "GET RPC2", raw: []byte("GET /RPC2 HTTP/1.1\r\nHost: localhost\r\n\r\n")},
		{name: "lowercase post", raw: []byte("post /RPC2 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc")},
		{name: "no Content-Length", raw: []byte("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\n\r\n")},
		{name: "bad Content-Length", raw: []byte("POST /RPC2 HTTP/1.1\r\nContent-Length: abc\r\n\r\n")},
		{name: "Content-Length spaces", raw: []byte(fmt.Sprintf("POST /RPC2 HTTP/1.1\r\nContent-Length:  %d \r\n\r\n%s", len(gv), gv))},
		{name: "content-length lowercase", raw: []byte(fmt.Sprintf("POST /RPC2 HTTP/1.1\r\ncontent-length: %d\r\n\r\n%s", len(gv), gv))},
		{name: "chunked request", raw: []byte("POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")},
		{name: "RPC2 subpath", raw: post("/RPC2/foo?x=1", "1.1", "", gv)},
		{name: "RPC2xyz", raw: post("/RPC2xyz", "1.1", "", gv)},
		{name: "quoted RPC2", raw: post("/%52PC2", "1.1", "", gv)},
		{name: "rpc2 lowercase", raw: post("/rpc2", "1.1", "", gv)},
		{name: "HTTP/1.0", raw: post("/RPC2", "1.0", "", gv)},
		{name: "HTTP/1.0 keep-alive", raw: post("/RPC2", "1.0", "Connection: keep-alive\r\n", gv)},
		{name: "HTTP/1.0 Keep-Alive", raw: post("/RPC2", "1.0", "Connection: Keep-Alive\r\n", gv)},
		{name: "HTTP/1.1 close", raw: post("/RPC2", "1.1", "Connection: close\r\n", gv)},
		{name: "HTTP/1.1 Close", raw: post("/RPC2", "1.1", "Connection: Close\r\n", gv)},
		{name: "HTTP/1.2", raw: post("/RPC2", "1.2", "", gv)},
		{name: "no Host", raw: []byte(fmt.Sprintf("POST /RPC2 HTTP/1.1\r\nContent-Length: %d\r\n\r\n%s", len(gv), gv))},
		{name: "empty Host", raw: []byte(fmt.Sprintf("POST /RPC2 HTTP/1.1\r\nHost: \r\nContent-Length: %d\r\n\r\n%s", len(gv), gv))},
		{name: "trailing CRLF", raw: append(post("/RPC2", "1.1", "", gv), "\r\n"...)},
		{name: "leading blank head", raw: append([]byte("\r\n\r\n"), post("/RPC2", "1.1", "", gv)...)},
		{name: "leading CRLF", raw: append([]byte("\r\n"), post("/RPC2", "1.1", "", gv)...)},
		{name: "garbage request line", raw: []byte("HELLO\r\n\r\n")},
		{name: "two spaces in request line", raw: []byte("GET  /ok.html HTTP/1.1\r\n\r\n")},
		{name: "404", raw: []byte("GET /nosuch HTTP/1.1\r\nHost: x\r\n\r\n")},
		{name: "404 HTTP/1.0", raw: []byte("GET /nosuch HTTP/1.0\r\n\r\n")},
		{name: "404 HTTP/1.0 keep-alive", raw: []byte("GET /nosuch HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")},
		{name: "404 no version", raw: []byte("GET /nosuch\r\n\r\n")},
		{name: "POST unknown path", raw: []byte("POST /nosuch HTTP/1.1\r\nContent-Length: 0\r\n\r\n")},
		{name: "DELETE", raw: []byte("DELETE /nosuch HTTP/1.1\r\n\r\n")},
		{name: "OPTIONS *", raw: []byte("OPTIONS * HTTP/1.1\r\n\r\n")},
		{name: "absolute URI", raw: []byte("GET http://localhost/ok.html HTTP/1.1\r\n\r\n")},
		{name: "ok.html", raw: []byte("GET /ok.html HTTP/1.1\r\n\r\n")},
		{name: "ok.html query and fragment", raw: []byte("GET /ok.html?x=1#y HTTP/1.1\r\n\r\n")},
		{name: "ok.html HTTP/1.0", raw: []byte("GET /ok.html HTTP/1.0\r\n\r\n")},
		{name: "ok.html POST", raw: []byte("POST /ok.html HTTP/1.1\r\nContent-Length: 3\r\n\r\na=b")},
		{name: "logtail POST", raw: []byte("POST /logtail/x HTTP/1.1\r\nContent-Length: 0\r\n\r\n")},
		{name: "logtail unknown", raw: []byte("GET /logtail/nosuch/stdout HTTP/1.1\r\nHost: \r\n\r\n\r\n")},
		{name: "logtail group star", raw: []byte("GET /logtail/g:* HTTP/1.1\r\n\r\n")},
		{name: "logtail bad channel", raw: []byte("GET /logtail/x/bogus HTTP/1.1\r\n\r\n")},
		{name: "logtail no name", raw: []byte("GET /logtail HTTP/1.1\r\n\r\n")},
		{name: "pipelined", raw: append(post("/RPC2", "1.1", "", gv), post("/RPC2", "1.1", "", callBody(t, "supervisor.getProcessInfo", "x"))...)},

		{name: "auth none", inet: true, raw: post("/RPC2", "1.1", "", gv), ignoreClosed: true},
		{name: "auth good", inet: true, raw: post("/RPC2", "1.1", auth, gv)},
		{name: "auth lowercase scheme", inet: true, raw: post("/RPC2", "1.1", "Authorization: basic "+base64.StdEncoding.EncodeToString([]byte("admin:s3cret"))+"\r\n", gv)},
		{name: "auth lowercase header", inet: true, raw: post("/RPC2", "1.1", "authorization: Basic "+base64.StdEncoding.EncodeToString([]byte("admin:s3cret"))+"\r\n", gv)},
		{name: "auth no space after colon", inet: true, raw: post("/RPC2", "1.1", "Authorization:Basic "+base64.StdEncoding.EncodeToString([]byte("admin:s3cret"))+"\r\n", gv), ignoreClosed: true},
		{name: "auth two spaces", inet: true, raw: post("/RPC2", "1.1", "Authorization: Basic  "+base64.StdEncoding.EncodeToString([]byte("admin:s3cret"))+"\r\n", gv)},
		{name: "auth junk in base64", inet: true, raw: post("/RPC2", "1.1", "Authorization: Basic "+base64.StdEncoding.EncodeToString([]byte("admin:s3cret"))+"!!\r\n", gv)},
		{name: "auth wrong password", inet: true, raw: post("/RPC2", "1.1", basic("admin:wrong"), gv), ignoreClosed: true},
		{name: "auth wrong user", inet: true, raw: post("/RPC2", "1.1", basic("ADMIN:s3cret"), gv), ignoreClosed: true},
		{name: "auth empty password", inet: true, raw: post("/RPC2", "1.1", basic("admin:"), gv), ignoreClosed: true},
		{name: "auth not base64", inet: true, raw: post("/RPC2", "1.1", "Authorization: Basic !!!notbase64\r\n", gv)},
		{name: "auth bad padding", inet: true, raw: post("/RPC2", "1.1", "Authorization: Basic YWJj0\r\n", gv)},
		{name: "auth no colon", inet: true, raw: post("/RPC2", "1.1", basic("admins3cret"), gv)},
		{name: "auth digest", inet: true, raw: post("/RPC2", "1.1", "Authorization: Digest abc\r\n", gv), ignoreClosed: true},
		{name: "auth no scheme", inet: true, raw: post("/RPC2", "1.1", "Authorization: "+base64.StdEncoding.EncodeToString([]byte("admin:s3cret"))+"\r\n", gv), ignoreClosed: true},
		{name: "auth on 404", inet: true, raw: []byte("GET /nosuch HTTP/1.1\r\n\r\n"), ignoreClosed: true},
		{name: "auth on ok.html", inet: true, raw: []byte("GET /ok.html HTTP/1.1\r\n\r\n"), ignoreClosed: true},
		{name: "auth on logtail", inet: true, raw: []byte("GET /logtail/x HTTP/1.1\r\n\r\n"), ignoreClosed: true},
		{name: "auth then 411", inet: true, raw: []byte("POST /RPC2 HTTP/1.1\r\n" + auth + "\r\n")},
		{name: "auth before method check", inet: true, raw: []byte("PUT /RPC2 HTTP/1.1\r\n\r\n"), ignoreClosed: true},
		{name: "auth HTTP/1.0", inet: true, raw: post("/RPC2", "1.0", auth, gv)},
	}
	// Run every exchange concurrently (each waits a moment to see whether
	// the server closes), then compare.
	type result struct {
		resp   []byte
		closed bool
	}
	want := make([]result, len(cases))
	got := make([]result, len(cases))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	for i, c := range cases {
		network, refAddr, ourAddr := "unix", ref.sock, ourSock
		if c.inet {
			network, refAddr, ourAddr = "tcp", ref.inet, ourInet
		}
		for _, x := range []struct {
			addr string
			out  *result
		}{{refAddr, &want[i]}, {ourAddr, &got[i]}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				x.out.resp, x.out.closed = exchange(t, network, x.addr, c.raw)
			}()
		}
	}
	wg.Wait()
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, normalize(want[i].resp), normalize(got[i].resp))
			if !c.ignoreClosed {
				assert.Equal(t, want[i].closed, got[i].closed, "connection closed after the response")
			}
		})
	}
}

type nopWriter struct{}

func (nopWriter) Write(p []byte) (int, error) { return len(p), nil }
