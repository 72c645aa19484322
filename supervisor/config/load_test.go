package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loadConf writes text as dir/t.conf and loads it with cwd dir.
func loadConf(t *testing.T, text string, ov Overrides) (*Config, string, error) {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "logs"), 0o755))
	writeFile(t, dir, "t.conf", text)
	env := Environment{Environ: []string{"HOME=" + dir, "TMPDIR=" + dir}, Hostname: "h", Cwd: dir}
	cfg, err := Load("t.conf", ov, env)
	return cfg, dir, err
}

// The expectations were checked with 4.2.5 (compat/oracle/dump_config.py)
// on the same file; compat/oracle compares whole corpora field by field.
func TestLoad(t *testing.T) {
	cfg, dir, err := loadConf(t, `[supervisord]
logfile=%(here)s/logs/s.log
pidfile=%(here)s/s.pid
environment=A="1",SHARED="sup"
[inet_http_server]
port=127.0.0.1:9001
[inet_http_server:two]
port=9002
[program:w]
command=/bin/w %(process_num)s %(ENV_A)s
process_name=w%(process_num)02d
numprocs=2
numprocs_start=1
environment=SHARED="mine",B="%(ENV_A)s"
stdout_logfile=syslog
stdout_logfile_maxbytes=0
stderr_logfile_maxbytes=0
redirect_stderr=true
priority=5
[program:a]
command=/bin/a
priority=5
user=nobody
stopsignal=HUP
exitcodes=
[eventlistener:l]
command=/bin/l
events=TICK_5
`, Overrides{})
	require.NoError(t, err)
	assert.Equal(t, "http://localhost:9002", cfg.ServerURL)
	assert.Equal(t, dir, cfg.Supervisord.Childlogdir)
	assert.Equal(t, filepath.Join(dir, "logs/s.log"), cfg.Supervisord.Logfile)
	syslogWarning := "For [program:w], stdout_logfile=syslog but this is deprecated and will be removed.  Use stdout_syslog=true to enable syslog instead."
	autoWarning := "For [program:w], AUTO logging used for stderr_logfile without rollover, set maxbytes > 0 to avoid filling up filesystem unintentionally"
	assert.Equal(t, []string{syslogWarning, autoWarning, syslogWarning, autoWarning}, cfg.Warnings)

	require.Len(t, cfg.Groups, 3)
	l, a, w := cfg.Groups[0], cfg.Groups[1], cfg.Groups[2]
	assert.Equal(t, []any{"l", -1, KindEventListenerPool}, []any{l.Name, l.Priority, l.Kind})
	assert.Equal(t, []string{"TICK_5"}, l.Events)
	assert.Equal(t, DefaultResultHandler, l.ResultHandler)
	assert.Equal(t, 10, l.BufferSize)
	assert.Equal(t, 999, l.Processes[0].Priority)

	assert.Equal(t, []any{"a", 5}, []any{a.Name, a.Priority})
	pa := a.Processes[0]
	require.NotNil(t, pa.UID)
	assert.Equal(t, 65534, *pa.UID)
	assert.Equal(t, 1, pa.Stopsignal)
	assert.Equal(t, []int{}, pa.Exitcodes)
	assert.Equal(t, Env{{"A", "1"}, {"SHARED", "sup"}}, pa.Environment)
	assert.Equal(t, LogFile{Kind: LogAuto}, pa.StdoutLogfile)

	require.Len(t, w.Processes, 2)
	for i, p := range w.Processes {
		assert.Equal(t, []string{"w01", "w02"}[i], p.Name)
		assert.Equal(t, i+1, p.ProcessNum)
		assert.Equal(t, []string{"/bin/w 1 1", "/bin/w 2 1"}[i], p.Command)
		assert.Equal(t, Env{{"A", "1"}, {"SHARED", "mine"}, {"B", "1"}}, p.Environment)
		assert.Equal(t, LogFile{Kind: LogNone}, p.StdoutLogfile)
		assert.True(t, p.StdoutSyslog)
		assert.Equal(t, LogFile{Kind: LogNone}, p.StderrLogfile)
		assert.Equal(t, "program:w", p.Section)
		assert.Equal(t, "w", p.Program)
	}
}

func TestLoadOverrides(t *testing.T) {
	var ov Overrides
	env := Environment{Cwd: "/"}
	for _, kv := range [][2]string{{"nodaemon", ""}, {"loglevel", "debug"}, {"umask", "077"}, {"identifier", "x"}, {"logfile", "syslog"}} {
		already, err := ov.Set(kv[0], kv[1], env)
		require.NoError(t, err)
		assert.False(t, already)
	}
	already, err := ov.Set("nodaemon", "", env)
	require.NoError(t, err)
	assert.True(t, already)
	_, err = ov.Set("umask", "8", env)
	assert.EqualError(t, err, "8 can not be converted to an octal type")
	_, err = ov.Set("minfds", "x", env)
	assert.EqualError(t, err, "invalid literal for int() with base 10: 'x'")

	cfg, _, err := loadConf(t, "[supervisord]\nloglevel=error\nidentifier=file\n", ov)
	require.NoError(t, err)
	s := cfg.Supervisord
	assert.True(t, s.Nodaemon)
	assert.Equal(t, LevelDebug, s.Loglevel)
	assert.Equal(t, 0o77, s.Umask)
	assert.Equal(t, "x", s.Identifier)
	assert.Equal(t, "syslog", s.Logfile)
}

func TestLoadErrors(t *testing.T) {
	tests := []struct{ text, want string }{
		{"[program:a]\ncommand=x\n", ".ini file does not include supervisord section"},
		{"[supervisord]\n[program:a]\n", "program section program:a does not specify a command in section 'program:a' (file: 't.conf')"},
		{"[supervisord]\nuser=no-such-user-here\n", "Invalid user name no-such-user-here"},
		{"[supervisord]\n[include]\n", ".ini file has [include] section, but no files setting"},
		{"[supervisord]\n[eventlistener:x]\ncommand=c\nevents=TICK_5,NOPE\n", "Unknown event type NOPE in [eventlistener:x] events"},
	}
	for _, tt := range tests {
		_, _, err := loadConf(t, tt.text, Overrides{})
		assert.EqualError(t, err, tt.want)
	}
	_, err := Load("missing.conf", Overrides{}, Environment{Cwd: t.TempDir()})
	assert.EqualError(t, err, "could not find config file missing.conf")
}

func TestResolveSpec(t *testing.T) {
	got, err := resolveSpec(" supervisor.dispatchers : default_handler ", DefaultResultHandler)
	require.NoError(t, err)
	assert.Equal(t, DefaultResultHandler, got)
	_, err = resolveSpec("supervisor.dispatchers:default_handler [extra]", DefaultResultHandler)
	assert.Equal(t, errUnresolvable, err)
	_, err = resolveSpec("os:getcwd", DefaultResultHandler)
	assert.Equal(t, errUnresolvable, err)
	_, err = resolveSpec("not a spec!", DefaultResultHandler)
	assert.EqualError(t, err, `("EntryPoint must be in 'name=module:attrs [extras]' format", 'x=not a spec!')`)
}

func TestUsers(t *testing.T) {
	uid, err := nameToUID("root")
	require.NoError(t, err)
	assert.Equal(t, 0, uid)
	uid, err = nameToUID(" 65534 ")
	require.NoError(t, err)
	assert.Equal(t, 65534, uid)
	_, err = nameToUID("no-such-user-here")
	assert.EqualError(t, err, "Invalid user name no-such-user-here")
	_, err = nameToUID("-1")
	assert.EqualError(t, err, "Invalid user id -1")
	_, err = nameToUID("99999999999999999999")
	assert.EqualError(t, err, "Invalid user id 99999999999999999999")
	u, g, err := colonSeparatedUserGroup("root:root")
	require.NoError(t, err)
	assert.Equal(t, []int{0, 0}, []int{u, g})
	u, g, err = colonSeparatedUserGroup("0")
	require.NoError(t, err)
	assert.Equal(t, []int{0, -1}, []int{u, g})
	_, _, err = colonSeparatedUserGroup("root:")
	assert.EqualError(t, err, "Invalid user:group definition root:")
}

// TestPprofAddr checks gosupervisord's own [supervisord] pprof_addr key:
// off by default, expanded like the other keys, and never an error (4.2.5
// ignores the key, so any value must load).
func TestPprofAddr(t *testing.T) {
	cases := []struct {
		name, line, want string
		warning          bool
	}{
		{name: "absent", line: "", want: ""},
		{name: "empty", line: "pprof_addr=", want: ""},
		{name: "tcp", line: "pprof_addr=127.0.0.1:6060", want: "127.0.0.1:6060"},
		{name: "spaces", line: "pprof_addr =  localhost:0  ", want: "localhost:0"},
		{name: "here", line: "pprof_addr=%(here)s/pprof.sock", want: "<dir>/pprof.sock"},
		{name: "env", line: "pprof_addr=127.0.0.1:%(ENV_HOME)s", want: "127.0.0.1:<dir>"},
		{name: "bad expansion", line: "pprof_addr=%(nope)s", want: "", warning: true},
		{name: "bad format", line: "pprof_addr=50%", want: "", warning: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, dir, err := loadConf(t, "[supervisord]\n"+tc.line+"\n", Overrides{})
			require.NoError(t, err)
			want := strings.ReplaceAll(tc.want, "<dir>", dir)
			assert.Equal(t, want, cfg.Supervisord.PprofAddr)
			warned := warningsFor(cfg, "pprof_addr")
			if tc.warning {
				assert.Len(t, warned, 1)
			} else {
				assert.Empty(t, warned)
			}
		})
	}
}

// TestGomaxprocs checks gosupervisord's own [supervisord] gomaxprocs key:
// 1 by default, a whole number of 0 or more otherwise, and never an error
// (4.2.5 ignores the key, so any value must load).
func TestGomaxprocs(t *testing.T) {
	cases := []struct {
		name, line string
		want       int
		warning    bool
	}{
		{name: "absent", line: "", want: 1},
		{name: "zero", line: "gomaxprocs=0", want: 0},
		{name: "four", line: "gomaxprocs = 4 ", want: 4},
		{name: "empty", line: "gomaxprocs=", want: 1, warning: true},
		{name: "negative", line: "gomaxprocs=-2", want: 1, warning: true},
		{name: "plus", line: "gomaxprocs=+2", want: 1, warning: true},
		{name: "word", line: "gomaxprocs=all", want: 1, warning: true},
		{name: "bad expansion", line: "gomaxprocs=%(nope)s", want: 1, warning: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, _, err := loadConf(t, "[supervisord]\n"+tc.line+"\n", Overrides{})
			require.NoError(t, err)
			assert.Equal(t, tc.want, cfg.Supervisord.Gomaxprocs)
			warned := warningsFor(cfg, "gomaxprocs")
			if tc.warning {
				assert.Len(t, warned, 1)
			} else {
				assert.Empty(t, warned)
			}
		})
	}
}

// warningsFor returns the warnings that say one of our own [supervisord]
// keys was ignored.
func warningsFor(cfg *Config, key string) []string {
	var warned []string
	for _, w := range cfg.Warnings {
		if strings.HasPrefix(w, key+" ignored: ") {
			warned = append(warned, w)
		}
	}
	return warned
}
