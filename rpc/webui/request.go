package webui

import (
	"net/url"
	"strings"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
)

// requestURL is the request target parsed as a URL (net/url's reading of
// a request URI); for a target net/url rejects, the path, query and
// fragment as the server split it.
func requestURL(r *httpserver.Request) *url.URL {
	if u, err := url.ParseRequestURI(r.RawURI); err == nil {
		return u
	}
	return &url.URL{Path: r.Path, RawQuery: r.Query, Fragment: r.Fragment}
}

// rawPath is the request path as sent, still %-encoded and without
// ";params", "?query" or "#fragment" (Medusa's split_uri). The views are
// matched on it, so "/index%2Ehtml" is not the status page here; 4.2.5
// decodes the path before matching and serves it (a known difference).
func rawPath(r *httpserver.Request) string {
	p := r.RawURI
	if !strings.HasPrefix(p, "/") {
		p = requestURL(r).EscapedPath()
	}
	if i := strings.IndexAny(p, ";?#"); i >= 0 {
		p = p[:i]
	}
	return p
}

// header returns the value, without surrounding spaces, of the first
// header line whose name (spaces around it ignored) is name in any ASCII
// case; "" when there is none.
func header(r *httpserver.Request, name string) string {
	for _, line := range r.Header {
		n, v, ok := strings.Cut(line, ":")
		if ok && equalFoldASCII(strings.TrimSpace(n), name) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// equalFoldASCII reports whether a and b are equal ignoring the case of
// ASCII letters only.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
