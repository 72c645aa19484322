package ctl

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// oneShotServer accepts one connection on a unix socket, records what the
// client sends up to the end of its headers (plus the extra CRLF the
// stream client adds), writes reply and closes.
func oneShotServer(t *testing.T, reply string) (url string, request <-chan string) {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "s")
	l, err := net.Listen("unix", sock)
	require.NoError(t, err)
	t.Cleanup(func() { l.Close() })
	ch := make(chan string, 1)
	go func() {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		conn.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
		var req bytes.Buffer
		r := bufio.NewReader(conn)
		for {
			line, err := r.ReadString('\n')
			req.WriteString(line)
			if err != nil || strings.HasSuffix(req.String(), "\r\n\r\n\r\n") {
				break
			}
		}
		ch <- req.String()
		io.WriteString(conn, reply)
	}()
	return "unix://" + sock, ch
}

func TestLogStreamRequest(t *testing.T) {
	url, req := oneShotServer(t, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n\r\n2\r\n\xff\xfe\r\n0\r\n\r\n")
	var out, errOut bytes.Buffer
	user, pass := "user", "123"
	s := startLogStream(url, "/logtail/x/stdout", &user, &pass, &out, &errOut)
	require.NotNil(t, s)
	s.run()
	assert.Equal(t, "GET /logtail/x/stdout HTTP/1.1\r\nHost: \r\nAccept-Encoding: chunked\r\nAccept: */*\r\n"+
		"User-agent: "+userAgent+"\r\nAuthorization: Basic dXNlcjoxMjM=\r\n\r\n\r\n", <-req)
	assert.Equal(t, "abcUndecodable: b'\\xff\\xfe'", out.String())
	assert.Empty(t, errOut.String())
}

func TestLogStreamErrors(t *testing.T) {
	cases := map[string]string{
		"HTTP/1.1 404 Not Found\r\n\r\n":                              "Cannot read, status code 404",
		"HTTP/1.1 200\r\n\r\n":                                        "Cannot connect, error: <class 'ValueError'> (not enough values to unpack (expected 3, got 2))",
		"HTTP/1.1 200 OK\r\nbad\r\n\r\n":                              "Cannot connect, error: <class 'ValueError'> (not enough values to unpack (expected 2, got 1))",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n": "Cannot connect, error: <class 'ValueError'> (invalid literal for int() with base 16: b'zz')",
	}
	for reply, msg := range cases {
		url, _ := oneShotServer(t, reply)
		var out, errOut bytes.Buffer
		s := startLogStream(url, "/mainlogtail", nil, nil, &out, &errOut)
		require.NotNil(t, s)
		s.run()
		assert.Equal(t, url+"/mainlogtail "+msg+"\n", errOut.String(), "%q", reply)
	}
}

func TestLogStreamPlainBody(t *testing.T) {
	url, _ := oneShotServer(t, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello world")
	var out bytes.Buffer
	s := startLogStream(url, "/mainlogtail", nil, nil, &out, io.Discard)
	s.run()
	assert.Equal(t, "hello world", out.String(), "4.2.5 feeds what came with the body")
}

func TestStreamAuth(t *testing.T) {
	p, u, empty := "pw", "u", ""
	assert.Equal(t, "", streamAuth(&u, nil))
	assert.Equal(t, "", streamAuth(&u, &empty))
	assert.Equal(t, "Basic Tm9uZTpwdw==", streamAuth(nil, &p), "Python formats a missing username as None")
	long := strings.Repeat("x", 60)
	auth := streamAuth(&long, &p)
	assert.Contains(t, auth, "\n", "base64 wrapped at 76 characters like encodestring")
}

func TestProxyRequest(t *testing.T) {
	body := "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><string>3.0</string></value>\n</param>\n</params>\n</methodResponse>\n"
	url, req := oneShotServer(t, fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s", len(body), body))
	user, pass := "user", "123"
	p, err := newServerProxy(url, &user, &pass)
	require.NoError(t, err)
	defer p.close()
	var v string
	err = p.call(&v, "supervisor.getVersion")
	got := <-req
	assert.True(t, strings.HasPrefix(got, "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: identity\r\n"), got)
	assert.Contains(t, got, "Content-Type: text/xml\r\nAccept: text/xml\r\nAuthorization: Basic dXNlcjoxMjM=\r\nContent-Length: ")
	assert.Contains(t, got, "<methodName>supervisor.getVersion</methodName>")
	require.NoError(t, err)
	assert.Equal(t, "3.0", v)
}

func TestNewServerProxy(t *testing.T) {
	p, err := newServerProxy("http://Example.COM:8080/ignored", nil, nil)
	require.NoError(t, err)
	assert.Equal(t, "example.com:8080", p.hostHeader)
	assert.Equal(t, "example.com:8080", p.address)
	p, err = newServerProxy("http://[::1]", nil, nil)
	require.NoError(t, err)
	assert.Equal(t, "[::1]", p.hostHeader)
	assert.Equal(t, "[::1]:80", p.address)
	_, err = newServerProxy("https://x", nil, nil)
	assert.EqualError(t, err, "error: <class 'ValueError'>, Unknown protocol for serverurl https://x: file: /usr/lib/python3/dist-packages/supervisor/xmlrpc.py line: 505")
	_, err = newServerProxy("http://x:99999", nil, nil)
	assert.EqualError(t, err, "error: <class 'ValueError'>, Port out of range 0-65535: file: /usr/lib/python3.11/urllib/parse.py line: 184")
	u := "u"
	p, _ = newServerProxy("unix:///x", &u, nil)
	assert.Equal(t, "", p.auth, "no auth without a password")
}
