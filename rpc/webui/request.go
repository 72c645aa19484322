package webui

import (
	"math"
	"strconv"
	"strings"

	"github.com/gosupervisord/gosupervisord/internal/py"
	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
)

// The names of 4.2.5's views.
const (
	statusView = "index.html"
	tailView   = "tail.html"
	okView     = "ok.html"
)

func isView(name string) bool {
	return name == statusView || name == tailView || name == okView
}

// routePath is the path 4.2.5's handlers match on: the request path
// %-decoded once (the server did it), without ";params", "?query" or
// "#fragment", its leading slashes stripped. An absolute-form target
// ("http://host/index.html") keeps its scheme and host, so it names no
// view and no file.
func routePath(r *httpserver.Request) string {
	return strings.TrimLeft(r.Path, "/")
}

// matchesView is 4.2.5's test for the UI handler: a GET or POST whose
// route path is a view's name, or empty (the status page).
func matchesView(r *httpserver.Request) bool {
	if r.Method != "GET" && r.Method != "POST" {
		return false
	}
	p := routePath(r)
	return p == "" || isView(p)
}

// viewName is the view 4.2.5 runs once the handler has matched: the
// PATH_INFO of its CGI environment, which is the path with its ";params"
// put back and %-decoded a second time, unless the form has a PATH_INFO
// field, which replaces it. Leading slashes are stripped and "" is the
// status page. With params it names no view (4.2.5 then never answers).
func viewName(r *httpserver.Request, f form) string {
	p, ok := f.get("PATH_INFO")
	if !ok {
		p = strings.TrimLeft(r.Path+r.Params, "/")
		if strings.Contains(p, "%") {
			p = py.Unquote(p)
		}
	}
	if p = strings.TrimLeft(p, "/"); p == "" {
		return statusView
	}
	return p
}

// headerLinesOK reports whether every header line has a colon: 4.2.5
// builds a CGI environment for every view request and fails on a line
// it cannot split into name and value.
func headerLinesOK(r *httpserver.Request) bool {
	for _, line := range r.Header {
		if !strings.Contains(line, ":") {
			return false
		}
	}
	return true
}

// cgiHost is the HTTP_HOST of 4.2.5's CGI environment: the value, with
// spaces stripped, of the first header line named Host (in any case,
// nothing around the name, any spacing after the colon) whose value is
// not empty; "" when there is none.
func cgiHost(r *httpserver.Request) string {
	for _, line := range r.Header {
		name, value, ok := strings.Cut(line, ":")
		if !ok || strings.ToUpper(strings.ToLower(name)) != "HOST" {
			continue
		}
		if value = py.TrimSpace(value); value != "" {
			return value
		}
	}
	return ""
}

// ifModifiedSince reads the If-Modified-Since line as 4.2.5's file
// handler does: the first line that is "If-Modified-Since: " (any case)
// then a date, optionally followed by "; length=<digits>". It returns the
// date text and the length (-1 when not given); ok is false without such
// a line.
func ifModifiedSince(r *httpserver.Request) (date string, length int64, ok bool) {
	const prefix = "if-modified-since: "
	for _, line := range r.Header {
		if len(line) < len(prefix) || !strings.EqualFold(line[:len(prefix)], prefix) {
			continue
		}
		date, rest, semi := strings.Cut(line[len(prefix):], ";")
		if date == "" {
			continue
		}
		if !semi {
			return date, -1, true
		}
		digits, ok := strings.CutPrefix(rest, " length=")
		if n, isNumber := parseDigits(digits); ok && isNumber {
			return date, n, true
		}
	}
	return "", -1, false
}

// parseDigits reads s if it is one or more ASCII digits, as Python's
// int() of a string that matched [0-9]+; a number too large for int64 is
// math.MaxInt64.
func parseDigits(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		n = math.MaxInt64
	}
	return n, true
}
