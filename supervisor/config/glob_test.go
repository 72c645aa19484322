package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Expectations were produced by Python 3.11's sorted(glob.glob(...)) on
// the same tree.
func TestIncludeGlob(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"d1", "d2", ".hd"} {
		require.NoError(t, os.Mkdir(filepath.Join(dir, d), 0o755))
	}
	for _, f := range []string{"a.conf", "b.conf", ".h.conf", "d1/x.conf", "d2/y.ini", ".hd/z.conf", "we[ird.conf"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), nil, 0o644))
	}
	require.NoError(t, os.Symlink("nowhere", filepath.Join(dir, "dangling.conf")))
	tests := []struct {
		pattern string
		want    []string
	}{
		{"*.conf", []string{"a.conf", "b.conf", "dangling.conf", "we[ird.conf"}},
		{".*.conf", []string{".h.conf"}},
		{"*/*", []string{"d1/x.conf", "d2/y.ini"}},
		{"d?/*.conf", []string{"d1/x.conf"}},
		{"[ab].conf", []string{"a.conf", "b.conf"}},
		{"[!a].conf", []string{"b.conf"}},
		{"dangling.conf", []string{"dangling.conf"}},
		{"d1/", []string{"d1/"}},
		{"*/", []string{"d1/", "d2/"}},
		{"we[ird.conf", []string{"we[ird.conf"}},
		{"nomatch*", nil},
		{"[.]*", nil},
		{"*/x.conf", []string{"d1/x.conf"}},
		{"**/*.conf", []string{"d1/x.conf"}},
	}
	env := Environment{Cwd: "/"}
	for _, tt := range tests {
		var want []string
		for _, w := range tt.want {
			want = append(want, dir+"/"+w)
		}
		assert.Equal(t, want, env.includeGlob(dir+"/"+tt.pattern), tt.pattern)
	}
}

// Expectations were produced by Python 3.11's fnmatch.fnmatchcase.
func TestFnmatch(t *testing.T) {
	tests := []struct {
		name, pattern string
		want          bool
	}{
		{"abc", "a*c", true},
		{"abc", "a?c", true},
		{"ac", "a?c", false},
		{"a-c", "a[!b]c", true},
		{"abc", "a[!b]c", false},
		{"b", "[c-a]", false},
		{"x", "[!c-a]", true},
		{"-", "[a-]", true},
		{"]", "[]]", true},
		{"[", "[", true},
		{"\\", "[\\]", true},
		{"b", "[a-c-e]", true},
		{"-", "[a-c-e]", true},
		{"d", "[a-c-e]", false},
		{"a*b", "a\\*b", false},
		{"aXbXc", "*X*X*", true},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "*a*a*a*a*a*a*a*a*c", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, fnmatch(tt.name, tt.pattern), "%q %q", tt.name, tt.pattern)
	}
}
