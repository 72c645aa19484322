package webui

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
)

// The requests below are split as httpserver splits them (Path decoded
// once, Params, Query); what 4.2.5 does with each is checked against the
// real daemon by compat/webui.

func TestViewRouting(t *testing.T) {
	for _, tc := range []struct {
		method, path, params string
		f                    form
		match                bool
		view                 string
	}{
		{"GET", "/", "", nil, true, statusView},
		{"GET", "//index.html", "", nil, true, statusView},
		{"POST", "/tail.html", "", nil, true, tailView},
		{"GET", "ok.html", "", nil, true, okView},
		{"HEAD", "/index.html", "", nil, false, ""},
		{"GET", "/INDEX.HTML", "", nil, false, ""},
		{"GET", "/index.html/", "", nil, false, ""},
		{"GET", "http://foo/index.html", "", nil, false, ""},
		{"GET", "/index%2Ehtml", "", nil, false, ""}, // sent as /index%252Ehtml
		// Params are put back for the view's name: no view.
		{"GET", "/index.html", ";x", nil, true, "index.html;x"},
		{"GET", "/", ";x", nil, true, ";x"},
		{"GET", "/ok.html", ";%41", nil, true, "ok.html;A"},
		// A PATH_INFO field names the view.
		{"GET", "/index.html", "", form{"PATH_INFO": "tail.html"}, true, tailView},
		{"GET", "/index.html", ";x", form{"PATH_INFO": "//ok.html"}, true, okView},
		{"GET", "/tail.html", "", form{"PATH_INFO": "/"}, true, statusView},
		{"GET", "/index.html", "", form{"PATH_INFO": "nope"}, true, "nope"},
	} {
		r := &httpserver.Request{Method: tc.method, Path: tc.path, Params: tc.params}
		assert.Equal(t, tc.match, matchesView(r), "%s %s%s", tc.method, tc.path, tc.params)
		if tc.match {
			assert.Equal(t, tc.view, viewName(r, tc.f), "%s %s%s %v", tc.method, tc.path, tc.params, tc.f)
		}
	}
}

func TestCGIHost(t *testing.T) {
	for _, tc := range []struct {
		header httpserver.Header
		want   string
	}{
		{httpserver.Header{"Host: a.example"}, "a.example"},
		{httpserver.Header{"Host:nospace.example"}, "nospace.example"},
		{httpserver.Header{"HOST:   upper.example  "}, "upper.example"},
		{httpserver.Header{"Host:", "Host: second.example"}, "second.example"},
		{httpserver.Header{"Host: one.example", "Host: two.example"}, "one.example"},
		{httpserver.Header{"Host : spaced.example"}, ""},
		{httpserver.Header{" Host: indented.example"}, ""},
		{httpserver.Header{"X-Host: x.example"}, ""},
		{httpserver.Header{"Ho\u017ft: longs.example"}, "longs.example"}, // "ſ".upper() is "S"
		{nil, ""},
	} {
		assert.Equal(t, tc.want, cgiHost(&httpserver.Request{Header: tc.header}), "%q", tc.header)
	}
}

func TestHeaderLinesOK(t *testing.T) {
	assert.True(t, headerLinesOK(&httpserver.Request{Header: httpserver.Header{"Host: x", "X-Empty:"}}))
	assert.True(t, headerLinesOK(&httpserver.Request{}))
	assert.False(t, headerLinesOK(&httpserver.Request{Header: httpserver.Header{"Host: x", "Bogus"}}))
}

func TestIfModifiedSince(t *testing.T) {
	const date = "Fri, 01 Jan 2100 00:00:00 GMT"
	for _, tc := range []struct {
		header httpserver.Header
		date   string
		length int64
		ok     bool
	}{
		{httpserver.Header{"If-Modified-Since: " + date}, date, -1, true},
		{httpserver.Header{"if-modified-since: " + date + "; length=42"}, date, 42, true},
		{httpserver.Header{"If-Modified-Since:  " + date}, " " + date, -1, true},
		{httpserver.Header{"If-Modified-Since:" + date}, "", -1, false},
		{httpserver.Header{"If-Modified-Since : " + date}, "", -1, false},
		{httpserver.Header{"If-Modified-Since: " + date + "; x=1"}, "", -1, false},
		{httpserver.Header{"If-Modified-Since: " + date + "; length=", "If-Modified-Since: later"}, "later", -1, true},
		{httpserver.Header{"If-Modified-Since: ; length=3"}, "", -1, false},
	} {
		date, length, ok := ifModifiedSince(&httpserver.Request{Header: tc.header})
		assert.Equal(t, tc.ok, ok, "%q", tc.header)
		assert.Equal(t, tc.date, date, "%q", tc.header)
		assert.Equal(t, tc.length, length, "%q", tc.header)
	}
}

func TestParseDigits(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "007": 7, "123": 123, "99999999999999999999": 1<<63 - 1} {
		n, ok := parseDigits(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, n, in)
	}
	for _, in := range []string{"", "-1", "+1", " 1", "1.0", "abc", "\u0661"} {
		_, ok := parseDigits(in)
		assert.False(t, ok, in)
	}
}
