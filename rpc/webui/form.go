package webui

import (
	"errors"
	"io"
	"strings"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
)

// maxFormBody bounds the POST body read for a form; 4.2.5 reads any size.
const maxFormBody = 1 << 20

// errNoLength is returned for a POST without Content-Length (4.2.5: 411).
var errNoLength = errors.New("webui: POST without Content-Length")

// form holds the parameters of one web UI request, merged as 4.2.5 does:
// the query string's first, where a repeated name keeps its first value,
// then the urlencoded POST body's, where the last value wins and overrides
// the query's. Pairs without "=" or with an empty value are dropped
// (Python's parse_qs without keep_blank_values).
type form map[string]string

// readForm parses r's query string and, for POST, its body (whatever its
// Content-Type, like 4.2.5).
func readForm(r *httpserver.Request) (form, error) {
	f := form{}
	f.add(requestURL(r).RawQuery, false)
	if r.Method == "POST" {
		if header(r, "Content-Length") == "" {
			return nil, errNoLength
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxFormBody))
		if err != nil {
			return nil, err
		}
		f.add(string(body), true)
	}
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
		name = pyUnquotePlus(name)
		if _, seen := f[name]; seen && !override {
			continue
		}
		f[name] = pyUnquotePlus(value)
	}
}

// get returns the value of name and whether it is present.
func (f form) get(name string) (string, bool) {
	v, ok := f[name]
	return v, ok
}
