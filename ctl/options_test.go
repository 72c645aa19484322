package ctl

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func strp(s string) *string { return &s }

func TestParseArgsPrecedence(t *testing.T) {
	file := &FileSettings{ServerURL: "unix:///from/file", Prompt: strp("filep"), Username: strp("fu"), Password: strp("fp"), HistoryFile: "/hist"}
	load := func(path string, environ []string) (*FileSettings, error) {
		assert.Equal(t, "/some/conf", path)
		return file, nil
	}
	o, err := ParseArgs("/usr/bin/supervisorctl", []string{"-c", "/some/conf", "status"}, nil, load)
	require.NoError(t, err)
	assert.Equal(t, "unix:///from/file", o.ServerURL)
	assert.Equal(t, "filep", o.Prompt)
	assert.Equal(t, "fu", *o.Username)
	assert.Equal(t, "fp", *o.Password)
	assert.Equal(t, "/hist", o.HistoryFile)
	assert.False(t, o.Interactive)
	assert.Equal(t, []string{"status"}, o.Args)

	o, err = ParseArgs("p", []string{"-c", "/some/conf", "-s", "http://x:1", "-u", "cu", "-p", "", "-r", "/tmp/h"}, nil, load)
	require.NoError(t, err)
	assert.Equal(t, "http://x:1", o.ServerURL)
	assert.Equal(t, "cu", *o.Username)
	assert.Equal(t, "", *o.Password, "an empty -p still counts")
	assert.Equal(t, "/tmp/h", o.HistoryFile, "-r is honoured (4.2.5 ignores it)")
	assert.True(t, o.Interactive, "no command: interactive")
}

func TestParseArgsDefaults(t *testing.T) {
	o, err := ParseArgs("p", []string{"-c", "", "-i", "version"}, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, "http://localhost:9001", o.ServerURL)
	assert.Equal(t, "supervisor", o.Prompt)
	assert.Nil(t, o.Username)
	assert.Nil(t, o.Password)
	assert.True(t, o.Interactive)
	assert.Equal(t, []string{"version"}, o.Args)
}

func TestParseArgsErrors(t *testing.T) {
	load := func(string, []string) (*FileSettings, error) { return nil, errors.New("could not find config file x") }
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"-c", "x"}, "could not find config file x"},
		{[]string{"-s", "foo"}, "invalid value for -s 'foo': value 'foo' is not a URL"},
		{[]string{"--serverurl", "http://[::1"}, "invalid value for --serverurl 'http://[::1': Invalid IPv6 URL"},
		{[]string{"-u", "a", "--username=b"}, "conflicting command line option '--username'"},
		{[]string{"-z"}, "option -z not recognized"},
	} {
		_, err := ParseArgs("p", c.args, nil, load)
		var ue *UsageError
		if assert.True(t, errors.As(err, &ue), "%q: %v", c.args, err) {
			assert.Equal(t, c.msg, ue.Msg)
		}
	}
	_, err := ParseArgs("p", []string{"-s", "http://x", "-h", "-z"}, nil, nil)
	assert.EqualError(t, err, "option -z not recognized", "getopt errors come before -h")
	_, err = ParseArgs("p", []string{"-s", "http://x", "-?", "-c", "/nonexistent"}, nil, nil)
	assert.Equal(t, errHelp, err)
}

func TestSearchPaths(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "etc"), 0o755))
	conf := filepath.Join(dir, "etc", "supervisord.conf")
	require.NoError(t, os.WriteFile(conf, nil, 0o644))
	var got string
	load := func(path string, _ []string) (*FileSettings, error) { got = path; return &FileSettings{}, nil }
	_, err := ParseArgs(filepath.Join(dir, "bin", "supervisorctl"), []string{"status"}, nil, load)
	require.NoError(t, err)
	assert.Equal(t, conf, got, "<prefix>/etc/supervisord.conf comes first")
	assert.Equal(t, "etc/supervisord.conf", SearchPaths("")[0])
	assert.Equal(t, "/usr/etc/supervisord.conf", SearchPaths(pyDirname(pyDirname("/usr/bin/supervisorctl")))[0])
}

func TestScriptName(t *testing.T) {
	assert.Equal(t, "/x/supervisorctl", scriptName("/x/supervisorctl-script.py"))
	assert.Equal(t, "./supervisorctl", scriptName("./supervisorctl.exe"))
	assert.Equal(t, "nonexistent-program-xyz", scriptName("nonexistent-program-xyz"))
}
