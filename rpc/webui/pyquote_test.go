package webui

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Expected values are Python 3.11's urllib.parse results.
func TestPyQuote(t *testing.T) {
	for in, want := range map[string]string{
		"web1":                "web1",
		"g:g3":                "g%3Ag3",
		"g:*":                 "g%3A%2A",
		"a b&c<x>":            "a%20b%26c%3Cx%3E",
		"é/ü":                 "%C3%A9/%C3%BC",
		"~_.-":                "~_.-",
		"[70] NOT_RUNNING: x": "%5B70%5D%20NOT_RUNNING%3A%20x",
		"100%":                "100%25",
		"Page refreshed at Mon Nov  3 14:46:50 2026": "Page%20refreshed%20at%20Mon%20Nov%20%203%2014%3A46%3A50%202026",
	} {
		assert.Equal(t, want, pyQuote(in), in)
	}
}

func TestReadForm(t *testing.T) {
	for _, tc := range []struct {
		name, query, body string
		post              bool
		want              form
	}{
		{name: "parse_qs drops blanks and bare names",
			query: "a=1&a=2&b=&c&=x&d=%20&e=+", want: form{"a": "1", "": "x", "d": " ", "e": " "}},
		{name: "body overrides query, last body value wins", post: true,
			query: "processname=web1&action=stop&x=q", body: "processname=web2&action=start&action=clearlog",
			want: form{"processname": "web2", "action": "clearlog", "x": "q"}},
		{name: "query after decoding, without the fragment", query: "message=a?b&c?d",
			want: form{"message": "a?b"}},
	} {
		r := &httpserver.Request{Method: "GET", RawURI: "/index.html?" + tc.query, Path: "/index.html",
			Query: tc.query, Body: strings.NewReader(tc.body)}
		if tc.post {
			r.Method = "POST"
			r.Header = httpserver.Header{"Content-Length: " + strconv.Itoa(len(tc.body))}
			r.ContentLength = int64(len(tc.body))
		}
		f, err := readForm(r)
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, f, tc.name)
	}
}

// TestReadFormErrors: 4.2.5's answers (411, 500, or none: 0) to requests
// whose form it cannot read.
func TestReadFormErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		method string
		header []string
		length int64
		body   string
		status int
	}{
		{"POST without Content-Length", "POST", nil, -1, "action=stopall", 411},
		{"Content-Length without the space", "POST", []string{"content-length:14"}, -1, "action=stopall", 411},
		{"empty Content-Length", "POST", []string{"Content-Length: "}, -1, "action=stopall", 411},
		{"Content-Length not a number", "POST", []string{"Content-Length: 14x"}, -1, "action=stopall", 500},
		{"Content-Length 0", "POST", []string{"Content-Length: 0"}, 0, "", 0},
		{"body not UTF-8", "POST", []string{"Content-Length: 9"}, 9, "message=\xff", 0},
		{"GET with a header line without colon", "GET", []string{"Host: x", "Bogus"}, -1, "", 500},
		{"POST with a header line without colon", "POST", []string{"Bogus", "Content-Length: 9"}, 9, "message=x", 0},
	} {
		r := &httpserver.Request{Method: tc.method, RawURI: "/index.html", Path: "/index.html",
			Header: tc.header, ContentLength: tc.length, Body: strings.NewReader(tc.body)}
		_, err := readForm(r)
		var fe *formError
		if assert.ErrorAs(t, err, &fe, tc.name) {
			assert.Equal(t, tc.status, fe.Status, tc.name)
		}
	}
}

func TestSplitPort(t *testing.T) {
	for in, want := range map[string][2]string{
		"foo":          {"foo", ""},
		"foo:80":       {"foo", "80"},
		"foo:":         {"foo", ""},
		"foo:abc":      {"foo:abc", ""},
		"[::1]:9001":   {"[::1]", "9001"},
		"127.0.0.1:90": {"127.0.0.1", "90"},
	} {
		h, p := splitPort(in)
		assert.Equal(t, want, [2]string{h, p}, in)
	}
}

func TestCtime(t *testing.T) {
	assert.Equal(t, "Tue Nov  3 04:05:06 2026", ctime(time.Date(2026, 11, 3, 4, 5, 6, 0, time.UTC)))
	assert.Equal(t, "Mon Nov 23 14:46:50 2026", ctime(time.Date(2026, 11, 23, 14, 46, 50, 0, time.UTC)))
}

func TestText(t *testing.T) {
	assert.Equal(t, "é", logText([]byte("\xa9\xa9\xa9é")), "cut characters at the start are dropped")
	assert.Equal(t, "a\uFFFDb", logText([]byte("a\xffb")))
	assert.Equal(t, 1, completeLen([]byte("a\xe2\x82")))
	assert.Equal(t, 4, completeLen([]byte("a\xe2\x82\xac")))
	assert.Equal(t, 2, completeLen([]byte("a\xff")))
	assert.Equal(t, 0, completeLen(nil))
}
