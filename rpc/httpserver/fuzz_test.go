package httpserver

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
)

// FuzzReadHead feeds arbitrary bytes to the request-head parser: it must
// not panic, and a parsed head must be self-consistent.
func FuzzReadHead(f *testing.F) {
	for _, s := range []string{
		"POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: identity\r\nUser-Agent: Python-xmlrpc/3.11\r\nContent-Type: text/xml\r\nAccept: text/xml\r\nContent-Length: 115\r\n\r\n",
		"GET /logtail/p/stdout HTTP/1.1\r\nHost: \r\nAccept-Encoding: chunked\r\nAccept: */*\r\nUser-agent: Supervisor HTTP Client\r\n\r\n\r\n",
		"GET /logtail/grp%3Amember/stdout HTTP/1.0\r\nConnection: keep-alive\r\nAuthorization: Basic dXNlcjoxMjM=\r\n\r\n",
		"\r\nGET /index.html?processname=g%3Ag3&action=stop;x#f HTTP/1.1\r\nX: a\r\n b\r\n\r\n",
		"HELLO\r\n\r\n", "GET /x\r\n\r\n", "\r\n\r\n", "GET /%ff%zz HTTP/1.1\n\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := readHead(bufio.NewReaderSize(bytes.NewReader(data), 16), 4096)
		if err != nil {
			return
		}
		if r.Method == "" || r.RawURI == "" || strings.ContainsAny(r.Method+r.RawURI, " ") {
			t.Fatalf("bad request line parse: %+v", r)
		}
		if !strings.HasPrefix(r.URI, r.Path) {
			t.Fatalf("path %q is not a prefix of %q", r.Path, r.URI)
		}
		for _, line := range r.Header {
			if line == "" || strings.ContainsAny(line, "\n") {
				t.Fatalf("bad header line %q", line)
			}
		}
	})
}
