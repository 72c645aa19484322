package httpserver

import (
	"bufio"
	"context"
	"errors"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// Request is an HTTP/1.x request as Medusa (4.2.5's HTTP server) parses it.
type Request struct {
	// Method is the method as sent; Medusa compares it case-sensitively.
	Method string
	// RawURI is the request target as sent.
	RawURI string
	// URI is RawURI with its path part %-decoded, which is what Medusa
	// routes on (handlers match by prefix of this).
	URI string
	// Path, Params, Query and Fragment split URI the way Medusa's
	// split_uri does: Path up to the first ';', '?' or '#', Params
	// starting with ';', Query without its '?', Fragment without its '#'.
	Path, Params, Query, Fragment string
	// Version is the HTTP version from the request line ("1.0", "1.1",
	// ...) or "" when the request line has none.
	Version string
	// Header holds the header lines, continuation lines joined.
	Header Header
	// ContentLength is the Content-Length header's value, or -1 when
	// there is none.
	ContentLength int64
	// Body reads the request body: ContentLength bytes (none when there is
	// no Content-Length; Medusa never reads chunked request bodies).
	Body io.Reader
	// RemoteAddr is the client's address ("" on unix sockets).
	RemoteAddr string

	ctx context.Context
}

// Context returns the request's context. It is cancelled when the client
// closes the connection (watched once the body has been read) or the
// server closes.
func (r *Request) Context() context.Context { return r.ctx }

// Header is a request's header lines ("Name: value"), in order.
type Header []string

// Get returns the value of the first line that starts, case-insensitively,
// with "name: " (colon and one space, as Medusa's get_header requires) and
// whether there is one. The value is the rest of the line, unstripped.
func (h Header) Get(name string) (string, bool) {
	n := len(name)
	for _, line := range h {
		if len(line) >= n+2 && line[n] == ':' && line[n+1] == ' ' && strings.EqualFold(line[:n], name) {
			return line[n+2:], true
		}
	}
	return "", false
}

// errBadRequestLine means the connection must be closed without a
// response, as Medusa does for request lines it cannot parse.
var errBadRequestLine = errors.New("httpserver: malformed request head")

// errHeadTooLarge means the request head exceeded MaxHeadBytes.
var errHeadTooLarge = errors.New("httpserver: request head too large")

// requestLineRE is Medusa's request-line pattern.
var requestLineRE = regexp.MustCompile(`^([^ ]+) ([^ ]+)(?: HTTP/([0-9.]+))?$`)

// uriRE is Medusa's split_uri pattern.
var uriRE = regexp.MustCompile(`^([^;?#]*)(;[^?#]*)?(\?[^#]*)?(#.*)?$`)

// readHead reads a request line and header lines up to the blank line.
// It returns errBadRequestLine for a head Medusa would drop the connection
// on (one it cannot parse, or that is not UTF-8: 4.2.5 decodes the whole
// head as UTF-8 first), and io.EOF (or another read error) when the client
// went away.
func readHead(br *bufio.Reader, limit int) (*Request, error) {
	budget := limit
	valid := true
	readLine := func() (string, error) {
		var line []byte
		for {
			chunk, err := br.ReadSlice('\n')
			budget -= len(chunk)
			if budget < 0 {
				return "", errHeadTooLarge
			}
			line = append(line, chunk...)
			if err == bufio.ErrBufferFull {
				continue
			}
			if err != nil {
				if err == io.EOF && len(line) > 0 {
					err = io.ErrUnexpectedEOF
				}
				return "", err
			}
			break
		}
		line = line[:len(line)-1]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		valid = valid && utf8.Valid(line)
		return string(line), nil
	}

	first, err := readLine()
	if err != nil {
		return nil, err
	}
	if first == "" {
		// Medusa skips leading blank lines, but a head made only of a
		// blank line ("\r\n\r\n") makes it close the connection.
		if first, err = readLine(); err != nil {
			return nil, err
		}
		if first == "" {
			return nil, errBadRequestLine
		}
	}
	m := requestLineRE.FindStringSubmatch(first)
	if m == nil {
		return nil, errBadRequestLine
	}
	r := &Request{Method: m[1], RawURI: m[2], Version: m[3], ContentLength: -1}
	for {
		line, err := readLine()
		if err != nil {
			return nil, err
		}
		if line == "" {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if len(r.Header) == 0 {
				return nil, errBadRequestLine
			}
			r.Header[len(r.Header)-1] += line[1:]
			continue
		}
		r.Header = append(r.Header, line)
	}
	if !valid {
		return nil, errBadRequestLine
	}
	r.URI = unquoteURI(r.RawURI)
	um := uriRE.FindStringSubmatch(r.URI)
	r.Path, r.Params = um[1], um[2]
	r.Query = strings.TrimPrefix(um[3], "?")
	r.Fragment = strings.TrimPrefix(um[4], "#")
	return r, nil
}

// unquoteURI %-decodes the path part of uri (everything before the last
// '?'), as Medusa does before routing. An empty query is dropped with its
// '?', as in Medusa.
func unquoteURI(uri string) string {
	path, query, hasQuery := uri, "", false
	if i := strings.LastIndexByte(uri, '?'); i >= 0 {
		path, query, hasQuery = uri[:i], uri[i+1:], true
	}
	if !strings.Contains(path, "%") {
		return uri
	}
	path = Unquote(path)
	if hasQuery && query != "" {
		return path + "?" + query
	}
	return path
}

// Unquote decodes %XX escapes as Python's urllib.parse.unquote does:
// malformed escapes stay as they are and the decoded bytes are read as
// UTF-8, each ill-formed sequence becoming U+FFFD.
func Unquote(s string) string { return py.Unquote(s) }
