package ctl

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The expectations are Python 3.11's urllib.parse.urlsplit.
func TestURLSplit(t *testing.T) {
	cases := []struct {
		in       string
		want     pyURL
		hostname string
		port     int
		hasPort  bool
		portErr  string
	}{
		{in: "http://localhost:9001", want: pyURL{Scheme: "http", Netloc: "localhost:9001"}, hostname: "localhost", port: 9001, hasPort: true},
		{in: "unix:///tmp/x.sock", want: pyURL{Scheme: "unix", Path: "/tmp/x.sock"}},
		{in: "HTTP://User:Pw@Host.Example:80/p?q#f", want: pyURL{Scheme: "http", Netloc: "User:Pw@Host.Example:80", Path: "/p", Query: "q", Fragment: "f"}, hostname: "host.example", port: 80, hasPort: true},
		{in: "http://[::1]:9001", want: pyURL{Scheme: "http", Netloc: "[::1]:9001"}, hostname: "::1", port: 9001, hasPort: true},
		{in: "http://[fe80::1%eth0]:1", want: pyURL{Scheme: "http", Netloc: "[fe80::1%eth0]:1"}, hostname: "fe80::1%eth0", port: 1, hasPort: true},
		{in: "foo", want: pyURL{Path: "foo"}},
		{in: "http://", want: pyURL{Scheme: "http"}},
		{in: "  http://x", want: pyURL{Scheme: "http", Netloc: "x"}, hostname: "x"},
		{in: "http://h\tost", want: pyURL{Scheme: "http", Netloc: "host"}, hostname: "host"},
		{in: "1http://x", want: pyURL{Path: "1http://x"}},
		{in: "ht-tp://x", want: pyURL{Scheme: "ht-tp", Netloc: "x"}, hostname: "x"},
		{in: "http:x", want: pyURL{Scheme: "http", Path: "x"}},
		{in: "http://x:abc", want: pyURL{Scheme: "http", Netloc: "x:abc"}, hostname: "x", portErr: "Port could not be cast to integer value as 'abc'"},
		{in: "http://x:99999", want: pyURL{Scheme: "http", Netloc: "x:99999"}, hostname: "x", portErr: "Port out of range 0-65535"},
		{in: "http://x:", want: pyURL{Scheme: "http", Netloc: "x:"}, hostname: "x"},
	}
	for _, c := range cases {
		u, err := urlSplit(c.in)
		if !assert.Nil(t, err, c.in) {
			continue
		}
		assert.Equal(t, c.want, u, c.in)
		assert.Equal(t, c.hostname, u.Hostname(), c.in)
		port, ok, perr := u.Port()
		if c.portErr != "" {
			if assert.NotNil(t, perr, c.in) {
				assert.Equal(t, c.portErr, perr.Msg, c.in)
			}
			continue
		}
		assert.Nil(t, perr, c.in)
		assert.Equal(t, c.hasPort, ok, c.in)
		assert.Equal(t, c.port, port, c.in)
	}
}

func TestURLSplitErrors(t *testing.T) {
	for in, msg := range map[string]string{
		"http://[::1":      "Invalid IPv6 URL",
		"http://::1]":      "Invalid IPv6 URL",
		"http://a[::1]":    "Invalid IPv6 URL",
		"http://[::1]x":    "Invalid IPv6 URL",
		"http://[x]":       "'x' does not appear to be an IPv4 or IPv6 address",
		"http://[1.2.3.4]": "An IPv4 address cannot be in brackets",
		"http://[v1.x]":    "",
		"http://[vz.x]":    "IPvFuture address is invalid",
	} {
		_, err := urlSplit(in)
		if msg == "" {
			assert.Nil(t, err, in)
			continue
		}
		if assert.NotNil(t, err, in) {
			assert.Equal(t, msg, err.Msg, in)
			assert.Equal(t, "ValueError", err.Class, in)
		}
	}
}

func TestValidURL(t *testing.T) {
	for in, msg := range map[string]string{
		"http://localhost:9001": "",
		"unix:///x":             "",
		"http:x":                "",
		"foo":                   "value 'foo' is not a URL",
		"http://":               "value 'http://' is not a URL",
		"unix://":               "value 'unix://' is not a URL",
		"http://[::1":           "Invalid IPv6 URL",
	} {
		err := validURL(in)
		if msg == "" {
			assert.NoError(t, err, in)
		} else {
			assert.EqualError(t, err, msg, in)
		}
	}
}
