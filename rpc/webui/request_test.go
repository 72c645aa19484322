package webui

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
)

// The web UI once ran behind a net/http adapter; header and requestURL
// must read requests as that adapter's *http.Request did.

func TestHeaderReadsLikeNetHTTP(t *testing.T) {
	lines := httpserver.Header{
		"Host: x", "content-length:5", "Content-Length: 7", "If-Modified-Since :  Fri, 01 Jan 2100 00:00:00 GMT ",
		"X-Empty:", "no colon", " Spaced-Name : v ", "Content Type: a", "Accept\x00: b", "X-\u212aelvin: k",
		"x-\u017fmall: s", "X-Under_Score: u",
	}
	adapted := http.Header{}
	for _, line := range lines {
		name, value, ok := strings.Cut(line, ":")
		if ok {
			adapted.Add(strings.TrimSpace(name), strings.TrimSpace(value))
		}
	}
	r := &httpserver.Request{Header: lines}
	for _, name := range []string{
		"Content-Length", "If-Modified-Since", "X-Empty", "Spaced-Name", "Host", "Missing", "Content Type",
		"X-Kelvin", "X-Small", "X-Under_Score", "x-under_score", "no colon",
	} {
		assert.Equal(t, adapted.Get(name), header(r, name), name)
	}
}

func TestRequestURL(t *testing.T) {
	for _, tc := range []struct{ raw, path, query string }{
		{"/", "/", ""},
		{"/index.html?a=1", "/index.html", "a=1"},
		{"/a?b?c", "/a", "b?c"},
		{"/a?b#c", "/a", "b#c"},
		{"/a%2Fb;p?q=%41", "/a/b;p", "q=%41"},
		{"http://foo/index.html?action=refresh", "/index.html", "action=refresh"},
		// Rejected by net/url: what the server split.
		{"/%zz?x=1", "/p", "q"},
		{"/a\x01?b", "/p", "q"},
		{"index.html?x", "/p", "q"},
	} {
		r := &httpserver.Request{RawURI: tc.raw, Path: "/p", Query: "q", Fragment: "f"}
		u := requestURL(r)
		assert.Equal(t, tc.path, u.Path, tc.raw)
		assert.Equal(t, tc.query, u.RawQuery, tc.raw)
	}
}
