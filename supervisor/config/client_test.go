package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	return p
}

// Expectations checked against 4.2.5's ClientOptions.read_config.
func TestLoadClient(t *testing.T) {
	dir := t.TempDir()
	env := Environment{Environ: []string{"HOME=/home/u", "USERX=bob"}, Cwd: dir, Hostname: "h"}
	sub := filepath.Join(dir, "sub")

	writeFile(t, sub, "a.conf", "[supervisorctl]\nserverurl=unix://%(here)s/../run/sv.sock\nusername=%(ENV_USERX)s\npassword=p%%w\nhistory_file=~/hist\n")
	cc, err := LoadClient("sub/a.conf", env)
	require.NoError(t, err)
	assert.Equal(t, "unix://"+filepath.Join(dir, "run/sv.sock"), cc.ServerURL)
	require.NotNil(t, cc.Username)
	require.NotNil(t, cc.Password)
	assert.Equal(t, "bob", *cc.Username)
	assert.Equal(t, "p%w", *cc.Password)
	assert.Equal(t, "supervisor", cc.Prompt)
	assert.Equal(t, "/home/u/hist", cc.HistoryFile)
	assert.Equal(t, sub, cc.Here)

	writeFile(t, dir, "c.conf", "[DEFAULT]\nprompt=hey\n[supervisorctl]\n")
	cc, err = LoadClient(filepath.Join(dir, "c.conf"), env)
	require.NoError(t, err)
	assert.Equal(t, DefaultServerURL, cc.ServerURL)
	assert.Nil(t, cc.Username)
	assert.Nil(t, cc.Password)
	assert.Equal(t, "hey", cc.Prompt)
	assert.Equal(t, "", cc.HistoryFile)

	errs := []struct{ name, text, want string }{
		{"b.conf", "[supervisord]\n", ".ini file does not include supervisorctl section"},
		{"d.conf", "[supervisorctl]\nserverurl=%(foo)s\n",
			"Format string '%(foo)s' for 'supervisorctl.serverurl' contains names ('foo') which cannot be expanded. Available names: ENV_HOME, ENV_USERX, here"},
		{"e.conf", "[supervisorctl]\n[ctlplugin:x]\nsupervisor.ctl_factory=foo.bar:baz\n", "foo.bar:baz cannot be resolved within [ctlplugin:x]"},
		{"f.conf", "[supervisorctl]\n[ctlplugin:x]\n", "section [ctlplugin:x] does not specify a supervisor.ctl_factory"},
		{"g.conf", "nope\n", "File contains no section headers.\nfile: 'g.conf', line: 1\n'nope\\n'"},
	}
	for _, e := range errs {
		writeFile(t, dir, e.name, e.text)
		_, err := LoadClient(e.name, env)
		assert.EqualError(t, err, e.want, e.name)
	}
	_, err = LoadClient("nonexist.conf", env)
	assert.EqualError(t, err, "could not find config file nonexist.conf")
	_, err = LoadClient(".", env)
	assert.EqualError(t, err, "could not read config file .")
}
