package webui

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/internal/py"
	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
)

// maxFormBody bounds the POST body read for a form; 4.2.5 reads any size.
const maxFormBody = 1 << 20

// formError is why a view's request cannot be read, with 4.2.5's answer:
// an HTTP status, or none at all (Status 0: 4.2.5 never answers or drops
// the connection; we close it).
type formError struct {
	Status int
	Reason string
}

func (e *formError) Error() string { return "webui: " + e.Reason }

// form holds the parameters of one web UI request, merged as 4.2.5 does:
// the query string's first, where a repeated name keeps its first value,
// then the urlencoded POST body's, where the last value wins and overrides
// the query's. Pairs without "=" or with an empty value are dropped
// (Python's parse_qs without keep_blank_values).
type form map[string]string

// readForm reads a view's parameters from r's query (as the server split
// it: after the first "?" of the once-decoded target, up to "#") and, for
// POST, its body (whatever its Content-Type, like 4.2.5). It fails as
// 4.2.5 does (see formError) for a POST whose Content-Length line is
// missing ("Content-Length: n", one space), empty, not a number or 0, a
// body that is not UTF-8, and a header line without a colon.
func readForm(r *httpserver.Request) (form, error) {
	var body string
	if r.Method == "POST" {
		v, ok := r.Header.Get("Content-Length")
		switch {
		case !ok || v == "":
			return nil, &formError{411, "POST without Content-Length"}
		case r.ContentLength < 0:
			return nil, &formError{500, "bad Content-Length " + strconv.Quote(v)}
		case r.ContentLength == 0:
			// 4.2.5 waits for ever for a body of no bytes.
			return nil, &formError{0, "POST with Content-Length 0"}
		}
		b, err := io.ReadAll(io.LimitReader(r.Body, maxFormBody))
		if err != nil {
			return nil, err
		}
		if !utf8.Valid(b) {
			return nil, &formError{0, "POST body is not UTF-8"}
		}
		body = string(b)
	}
	if !headerLinesOK(r) {
		if r.Method == "POST" {
			return nil, &formError{0, "header line without a colon"}
		}
		return nil, &formError{500, "header line without a colon"}
	}
	f := form{}
	f.add(r.Query, false)
	f.add(body, true)
	return f, nil
}

// add merges the pairs of an urlencoded string; override decides whether a
// name already present takes the new value.
func (f form) add(qs string, override bool) {
	for _, pair := range strings.Split(qs, "&") {
		name, value, ok := strings.Cut(pair, "=")
		if !ok || value == "" {
			continue
		}
		name = py.UnquotePlus(name)
		if _, seen := f[name]; seen && !override {
			continue
		}
		f[name] = py.UnquotePlus(value)
	}
}

// get returns the value of name and whether it is present.
func (f form) get(name string) (string, bool) {
	v, ok := f[name]
	return v, ok
}
