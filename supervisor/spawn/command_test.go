package spawn

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSplit compares Split with Python 3.11's shlex.split on the same
// inputs (expected values recorded from /usr/bin/python3).
func TestSplit(t *testing.T) {
	cases := []struct {
		in   string
		want []string
		err  string
	}{
		{"sleep 100", []string{"sleep", "100"}, ""},
		{"  a   b  ", []string{"a", "b"}, ""},
		{"a 'b c' d", []string{"a", "b c", "d"}, ""},
		{`a "b c" d`, []string{"a", "b c", "d"}, ""},
		{`a"b c"d`, []string{"ab cd"}, ""},
		{"a ''", []string{"a", ""}, ""},
		{`a ""`, []string{"a", ""}, ""},
		{`a\ b`, []string{"a b"}, ""},
		{`"a\"b"`, []string{`a"b`}, ""},
		{`"a\\b"`, []string{`a\b`}, ""},
		{`"a\nb"`, []string{`a\nb`}, ""},
		{`'a\b'`, []string{`a\b`}, ""},
		{"a#b #c", []string{"a#b", "#c"}, ""},
		{`x'y'"z"`, []string{"xyz"}, ""},
		{`"abc`, nil, "No closing quotation"},
		{`a\\`, []string{`a\`}, ""},
		{`a\`, nil, "No escaped character"},
		{`"a\`, nil, "No escaped character"},
		{"'", nil, "No closing quotation"},
		{"tab\there", []string{"tab", "here"}, ""},
		{"new\nline", []string{"new", "line"}, ""},
		{`é "ü x"`, []string{"é", "ü x"}, ""},
		{"", nil, ""},
	}
	for _, tc := range cases {
		got, err := Split(tc.in)
		if tc.err != "" {
			assert.EqualError(t, err, tc.err, "%q", tc.in)
			continue
		}
		require.NoError(t, err, "%q", tc.in)
		assert.Equal(t, tc.want, got, "%q", tc.in)
	}
}

// TestResolve checks 4.2.5's lookup rules and check_execv_args messages.
func TestResolve(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte("#!/bin/sh\n"), mode))
		return p
	}
	exe := write("exe", 0o755)
	noexec := write("noexec", 0o644)
	bin2 := filepath.Join(dir, "bin2")
	require.NoError(t, os.Mkdir(bin2, 0o755))
	// A non-executable file earlier in PATH wins the lookup (4.2.5 only
	// stats), then fails the check.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "both"), nil, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(bin2, "both"), nil, 0o755))

	cases := []struct {
		cmd      string
		path     []string
		filename string
		argv     []string
		err      string
		kind     ErrorKind
	}{
		{cmd: exe + " a 'b c'", filename: exe, argv: []string{exe, "a", "b c"}},
		{cmd: "exe x", path: []string{"/nonexistent", dir}, filename: exe, argv: []string{"exe", "x"}},
		{cmd: "both", path: []string{dir, bin2}, err: "command at '" + dir + "/both' is not executable", kind: NotExecutable},
		{cmd: "/nonexistent/prog --flag", err: "can't find command '/nonexistent/prog'", kind: NotFound},
		{cmd: "no-such-xyz arg", path: []string{dir}, err: "can't find command 'no-such-xyz'", kind: NotFound},
		{cmd: noexec, err: "command at '" + noexec + "' is not executable", kind: NotExecutable},
		{cmd: dir, err: "command at '" + dir + "' is a directory", kind: NotExecutable},
		{cmd: "", err: "command is empty", kind: BadCommand},
		{cmd: "a 'b", err: `can't parse command "a 'b": No closing quotation`, kind: BadCommand},
		{cmd: "it's", err: `can't parse command "it's": No closing quotation`, kind: BadCommand},
	}
	for _, tc := range cases {
		filename, argv, err := Resolve(tc.cmd, tc.path)
		if tc.err != "" {
			var ce *CommandError
			require.ErrorAs(t, err, &ce, tc.cmd)
			assert.Equal(t, tc.err, ce.Msg)
			assert.Equal(t, tc.kind, ce.Kind, tc.cmd)
			continue
		}
		require.NoError(t, err, tc.cmd)
		assert.Equal(t, tc.filename, filename)
		assert.Equal(t, tc.argv, argv)
	}
}

func TestSearchPath(t *testing.T) {
	assert.Equal(t, []string{"/a", "/b"}, SearchPath("/a:/b", true))
	assert.Equal(t, []string{""}, SearchPath("", true))
	t.Setenv("PATH", "")
	assert.Equal(t, DefaultPath, SearchPath("", false))
	t.Setenv("PATH", "/x:/y")
	assert.Equal(t, []string{"/x", "/y"}, SearchPath("", false))
}
