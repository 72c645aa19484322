package supervisor

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeConf writes a supervisord.conf in dir: body after a [supervisord]
// section with everything in dir.
func writeConf(t *testing.T, dir, supervisord, body string) string {
	t.Helper()
	conf := filepath.Join(dir, "supervisord.conf")
	text := "[supervisord]\nlogfile=" + dir + "/supervisord.log\npidfile=" + dir +
		"/supervisord.pid\nchildlogdir=" + dir + "\n" + supervisord + "\n" + body
	require.NoError(t, os.WriteFile(conf, []byte(text), 0o644))
	return conf
}

// readLog returns dir's main log with timestamps removed.
func readLog(dir string) string {
	b, _ := os.ReadFile(filepath.Join(dir, "supervisord.log"))
	return stripTimestamps(string(b))
}

// waitFor polls cond with a deadline.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func waitLogIn(t *testing.T, dir, re string, timeout time.Duration) {
	t.Helper()
	r := regexp.MustCompile(re)
	deadline := time.Now().Add(timeout)
	for !r.MatchString(readLog(dir)) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %q in the main log:\n%s", re, readLog(dir))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func readPidfile(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	require.NoError(t, err)
	return pid
}

// procStat returns fields of /proc/pid/stat after the command name.
func procStat(pid int) []string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return nil
	}
	s := string(b)
	return strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
}

// TestDaemonMode checks nodaemon=false: the foreground process exits 0
// once the daemon serves; the daemon runs in its own session, writes its
// own pid to the pidfile, logs "daemonizing the supervisord process", and
// on SIGTERM stops its children and removes the pidfile.
func TestDaemonMode(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	require.NoError(t, os.Mkdir(sub, 0o755))
	conf := writeConf(t, dir, "nodaemon=false\nloglevel=info\numask=077\ndirectory="+sub, "[program:sleeper]\ncommand=sleep 100\nstartsecs=0\n")
	d := startDaemon(t, dir, conf)
	e := d.waitExit(t, 10*time.Second)
	require.True(t, e.Status.Exited(), "parent exited normally")
	require.Equal(t, 0, e.Status.ExitStatus())

	pid := readPidfile(t, filepath.Join(dir, "supervisord.pid"))
	assert.NotEqual(t, d.pid, pid)
	defer syscall.Kill(pid, syscall.SIGKILL)
	st := procStat(pid)
	require.NotNil(t, st)
	assert.Equal(t, strconv.Itoa(pid), st[3], "session leader (setsid)")
	waitLogIn(t, dir, `success: sleeper`, 5*time.Second)
	log := readLog(dir)
	assert.Contains(t, log, "INFO daemonizing the supervisord process\n")
	assert.Contains(t, log, "INFO supervisord started with pid "+strconv.Itoa(pid)+"\n")
	assert.Contains(t, log, "INFO set current directory: '"+sub+"'\n")
	assert.Less(t, strings.Index(log, "daemonizing"), strings.Index(log, "supervisord started"))
	cwd, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/cwd")
	require.NoError(t, err)
	assert.Equal(t, sub, cwd, "directory= applied when daemonizing")
	st2, err := os.Stat(filepath.Join(dir, "supervisord.pid"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st2.Mode().Perm(), "umask= applied when daemonizing")

	require.NoError(t, syscall.Kill(pid, syscall.SIGTERM))
	waitFor(t, 10*time.Second, "daemon exit", func() bool { return !alive(pid) })
	_, err = os.Stat(filepath.Join(dir, "supervisord.pid"))
	assert.True(t, os.IsNotExist(err), "pidfile removed")
	log = readLog(dir)
	assert.Contains(t, log, "WARN received SIGTERM indicating exit request\n")
	assert.Contains(t, log, "WARN stopped: sleeper (terminated by SIGTERM)\n")
	out, _ := os.ReadFile(filepath.Join(dir, "daemon.out"))
	assert.Empty(t, string(out), "a daemon writes nothing to the terminal")
}

// TestDaemonModeStartupError checks that a start-up failure in the daemon
// reaches the terminal with 4.2.5's usage exit status.
func TestDaemonModeStartupError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// No one, root included, may raise RLIMIT_NOFILE above fs.nr_open.
	conf := writeConf(t, dir, "nodaemon=false\nminfds=2147483647", "")
	d := startDaemon(t, dir, conf)
	e := d.waitExit(t, 10*time.Second)
	out, _ := os.ReadFile(filepath.Join(dir, "daemon.out"))
	assert.Equal(t, 2, e.Status.ExitStatus())
	assert.Equal(t, "Error: The minimum number of file descriptors required to run this process is 2147483647 as per the \"minfds\" "+
		"command-line argument or config file setting. The current environment will only allow you to open 2147483647 file descriptors.  "+
		"Either raise the number of usable file descriptors in your environment (see README.rst) or lower the minfds setting in the config file "+
		"to allow the process to start.\nFor help, use "+os.Args[0]+" -h\n", string(out))
	_, err := os.Stat(filepath.Join(dir, "supervisord.pid"))
	assert.True(t, os.IsNotExist(err), "no pidfile")
}
