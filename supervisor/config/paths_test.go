package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPaths(t *testing.T) {
	norm := []struct{ in, want string }{
		{"", "."}, {"/", "/"}, {"//", "//"}, {"///", "/"}, {"//a//b/", "//a/b"},
		{"a/./b/../c", "a/c"}, {"../a", "../a"}, {"/../a", "/a"}, {"a/../..", ".."},
		{".", "."}, {"./", "."}, {"/a/b/../../..", "/"},
	}
	for _, tt := range norm {
		assert.Equal(t, tt.want, pyNormpath(tt.in), "normpath %q", tt.in)
	}
	dirs := []struct{ in, want string }{
		{"", ""}, {"a", ""}, {"/a", "/"}, {"/a/b", "/a"}, {"a/b/", "a/b"},
		{"//a", "//"}, {"///", "///"}, {"/a//b", "/a"},
	}
	for _, tt := range dirs {
		assert.Equal(t, tt.want, pyDirname(tt.in), "dirname %q", tt.in)
	}
	assert.Equal(t, "/b", pyJoin("/a", "/b"))
	assert.Equal(t, "a/b/c", pyJoin("a", "b/", "c"))

	env := Environment{Environ: []string{"HOME=/home/u/"}, Cwd: "/w"}
	assert.Equal(t, "/home/u/x", env.expanduser("~/x"))
	assert.Equal(t, "/home/u", env.expanduser("~"))
	assert.Equal(t, "/root/x", env.expanduser("~root/x"))
	assert.Equal(t, "~no-such-user-here/x", env.expanduser("~no-such-user-here/x"))
	assert.Equal(t, "/", Environment{Environ: []string{"HOME=/"}}.expanduser("~"))
	assert.Equal(t, "/w/a", env.normalizePath("a/b/.."))
	assert.Equal(t, "/home/u/a", env.normalizePath("~/a"))
}

// Expectations checked against 4.2.5's datatypes.url.
func TestCheckURL(t *testing.T) {
	tests := []struct{ in, wantErr string }{
		{"http://localhost:9001", ""},
		{"unix:///tmp/x.sock", ""},
		{"localhost:9001", ""},
		{"foo", "value 'foo' is not a URL"},
		{"", "value '' is not a URL"},
		{"http://", "value 'http://' is not a URL"},
		{"http:/path", ""},
		{"1http://x", "value '1http://x' is not a URL"},
		{"file:x", ""},
	}
	for _, tt := range tests {
		err := CheckURL(tt.in)
		if tt.wantErr == "" {
			assert.NoError(t, err, tt.in)
		} else {
			assert.EqualError(t, err, tt.wantErr, tt.in)
		}
	}
}
