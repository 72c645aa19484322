package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

const pythonSupervisord = "/usr/bin/supervisord"

type result struct {
	stdout, stderr string
	code           int
}

// runReference runs 4.2.5 with args in env. Every case below makes it exit
// at once; one still running after the deadline is killed by PID.
func runReference(t *testing.T, args []string, env config.Environment) result {
	cmd := exec.Command(pythonSupervisord, args...)
	cmd.Env = env.Environ
	cmd.Dir = env.Cwd
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else {
			require.NoError(t, err)
		}
		return result{stdout.String(), stderr.String(), code}
	case <-time.After(20 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		t.Fatalf("%s %q did not exit", pythonSupervisord, args)
		return result{}
	}
}

// runOurs runs our command line in-process with 4.2.5's argv[0].
func runOurs(args []string, env config.Environment) result {
	var stdout, stderr bytes.Buffer
	code := supervisord(append([]string{pythonSupervisord}, args...), env, &stdout, &stderr)
	return result{stdout.String(), stderr.String(), code}
}

func testEnv(t *testing.T, dir string) config.Environment {
	return config.Environment{
		Environ:  []string{"PATH=/usr/bin:/bin", "HOME=" + dir, "LC_ALL=C.UTF-8", "TMPDIR=" + dir},
		Hostname: "host",
		Cwd:      dir,
		UID:      os.Getuid(),
	}
}

// TestCommandLineLikeReference runs 4.2.5 and our command line on argument
// lists that make supervisord print something and exit (help, version,
// usage errors, configuration errors) and requires the same output and
// exit status.
func TestCommandLineLikeReference(t *testing.T) {
	if _, err := os.Stat(pythonSupervisord); err != nil {
		t.Skip(pythonSupervisord + " is missing")
	}
	dir := t.TempDir()
	write := func(name, text string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	write("bad.conf", "[supervisord]\nno delimiter\n")
	write("user.conf", "[supervisord]\nlogfile=%(here)s/s.log\npidfile=%(here)s/s.pid\n")
	write("prog.conf", "[supervisord]\nlogfile=%(here)s/s.log\n[program:a]\ncommand=/bin/true\nautostart=maybe\n")
	env := testEnv(t, dir)
	cases := [][]string{
		{"-h"}, {"-?"}, {"--help"}, {"--he"}, {"-v"}, {"--version"}, {"-v", "-h"}, {"-h", "-v"},
		{"-x"}, {"--foo"}, {"-c"}, {"--conf"}, {"--c=x"}, {"--nodaemon=1"}, {"--mi=5"},
		{"-h", "-x"}, {"-m", "8", "-h"}, {"-m", "8"}, {"-a", "x"}, {"--minprocs=x"}, {"--minprocs"},
		{"-e", "warning"}, {"-y", "5M"}, {"-y", "1.5GB"}, {"-z", "x"}, {"-q", "/nonexistent"},
		{"-d", "/nonexistent"}, {"-l", "/nonexistent/x.log"}, {"-j", "/nonexistent/x.pid"},
		{"-n", "-n"}, {"-c", "a.conf", "-c", "b.conf"}, {"--nodaemon", "-n"}, {"-m", "022", "-m", "8"},
		{"foo"}, {"-n", "foo", "bar"}, {"--", "foo"}, {"-n", "-"}, {"--=x"}, {"-:"},
		{"-c", "missing.conf"}, {"-c", "."}, {"-n", "-c", "bad.conf"}, {"-c", "prog.conf"},
		{"-c", "user.conf", "-u", "no-such-user-here"}, {"-c", "user.conf", "--user=99999999"},
		{"-kts", "-c", "missing.conf"}, {"--profile_options=calls,Callers", "-c", "missing.conf"},
		{"-nc", "bad.conf"}, {"-cbad.conf"}, {"--configuration", "bad.conf", "--minf=5"},
		{"-u", "root", "-m", "077", "-l", "x.log", "-y", "1KB", "-z", "3", "-e", "debug", "-j", "x.pid",
			"-i", "ident", "-q", ".", "-a", "100", "--minprocs", "10", "-d", ".", "-c", "prog.conf"},
	}
	sem := make(chan struct{}, 6) // each case starts a Python interpreter
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			sem <- struct{}{}
			defer func() { <-sem }()
			want := runReference(t, args, env)
			got := runOurs(args, env)
			assert.Equal(t, want, got)
		})
	}
}

// TestDefaultConfigSearch finds supervisord.conf in the working directory
// (the third search path) like 4.2.5, including the warning 4.2.5 prints
// when it searches as root.
func TestDefaultConfigSearch(t *testing.T) {
	if _, err := os.Stat(pythonSupervisord); err != nil {
		t.Skip(pythonSupervisord + " is missing")
	}
	for _, p := range config.SearchPaths(pythonSupervisord)[:2] {
		if _, err := os.Stat(p); err == nil {
			t.Skipf("%s exists, so 4.2.5 would use it", p)
		}
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "supervisord.conf"), []byte("[supervisord]\nbad line\n"), 0o644))
	env := testEnv(t, dir)
	want := runReference(t, []string{"-n"}, env)
	assert.Equal(t, want, runOurs([]string{"-n"}, env))
	assert.Contains(t, want.stderr, "Source contains parsing errors: 'supervisord.conf'")
}

// TestNoConfigFound is the message when no default path exists. 4.2.5 on
// this machine would find /etc/supervisor/supervisord.conf, so the
// expectation is written down (checked with 4.2.5's ServerOptions and the
// search paths replaced).
func TestNoConfigFound(t *testing.T) {
	dir := t.TempDir()
	env := testEnv(t, dir)
	env.UID = 1000
	var stdout, stderr bytes.Buffer
	cl, err := parseCommandLine([]string{filepath.Join(dir, "bin", "supervisord")}, env, &stdout, &stderr)
	if err == nil {
		rerunWithoutDefaultConf(t, cl.configFile)
		return
	}
	assert.Equal(t, exitError{2}, err)
	assert.Equal(t, "Error: No config file found at default paths ("+
		dir+"/etc/supervisord.conf, "+dir+"/supervisord.conf, supervisord.conf, etc/supervisord.conf, "+
		"/etc/supervisord.conf, /etc/supervisor/supervisord.conf); use the -c option to specify a config "+
		"file at a different path\nFor help, use "+dir+"/bin/supervisord -h\n", stderr.String())

	env.UID = 0
	stderr.Reset()
	_, _ = parseCommandLine([]string{filepath.Join(dir, "bin", "supervisord")}, env, &stdout, &stderr)
	assert.True(t, strings.HasPrefix(stderr.String(), rootSearchWarning), stderr.String())
}

// rerunWithoutDefaultConf runs the calling test again in a private mount
// namespace with an empty tmpfs over the directory of the default
// configuration file that was found (Debian's supervisor package, the test
// oracle, installs /etc/supervisor/supervisord.conf), and requires it to
// pass there.
func rerunWithoutDefaultConf(t *testing.T, found string) {
	t.Helper()
	if os.Getenv("GOSUPERVISORD_DEFAULT_CONF_HIDDEN") != "" {
		t.Fatalf("a default configuration is still visible: %s", found)
	}
	unshare, err := exec.LookPath("unshare")
	if os.Getuid() != 0 || err != nil {
		t.Skipf("a default configuration exists (%s) and it cannot be hidden without root and unshare", found)
	}
	script := `mount -t tmpfs tmpfs "$1" && shift && exec "$@"`
	cmd := exec.Command(unshare, "--mount", "--propagation", "private", "sh", "-c", script, "sh",
		filepath.Dir(found), os.Args[0], "-test.run", "^"+t.Name()+"$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), "GOSUPERVISORD_DEFAULT_CONF_HIDDEN=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Contains(t, string(out), "--- PASS: "+t.Name(), "%s", out)
}

func TestProgramName(t *testing.T) {
	assert.Equal(t, "./bin/supervisord", programName("./bin/supervisord"))
	sh, err := exec.LookPath("sh")
	require.NoError(t, err)
	assert.Equal(t, sh, programName("sh"))
	assert.Equal(t, "no-such-program-anywhere", programName("no-such-program-anywhere"))
}

func TestOverridesReachConfig(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "s.conf"),
		[]byte("[supervisord]\nlogfile=%(here)s/s.log\npidfile=%(here)s/s.pid\nloglevel=error\n"), 0o644))
	env := testEnv(t, dir)
	var stdout, stderr bytes.Buffer
	cl, err := parseCommandLine([]string{"supervisord", "-n", "-e", "debug", "--identifier=x", "-c", "s.conf"}, env, &stdout, &stderr)
	require.NoError(t, err)
	cfg, err := cl.load()
	require.NoError(t, err)
	assert.True(t, cfg.Supervisord.Nodaemon)
	assert.Equal(t, config.LevelDebug, cfg.Supervisord.Loglevel)
	assert.Equal(t, "x", cfg.Supervisord.Identifier)
	assert.Equal(t, filepath.Join(dir, "s.log"), cfg.Supervisord.Logfile)
}
