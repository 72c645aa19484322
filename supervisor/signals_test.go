package supervisor

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSIGHUPRestart checks SIGHUP: processes stopped, the configuration
// re-read (a new program appears), AUTO logs cleaned and recreated, and
// the same PID throughout.
func TestSIGHUPRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	conf := writeConf(t, dir, "nodaemon=true\numask=077\ndirectory=/", "[program:keeper]\ncommand=sleep 100\nstartsecs=0\n")
	d := startDaemon(t, dir, conf)
	waitLogIn(t, dir, `success: keeper`, 10*time.Second)
	pidfile := filepath.Join(dir, "supervisord.pid")
	st, err := os.Stat(pidfile)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644)&^ownUmask(t), st.Mode().Perm(), "umask= not applied without daemonizing")
	cwd, _ := os.Readlink("/proc/" + strconv.Itoa(d.pid) + "/cwd")
	assert.Equal(t, dir, cwd, "directory= not applied without daemonizing")
	require.Equal(t, d.pid, readPidfile(t, pidfile))
	autoBefore, _ := filepath.Glob(filepath.Join(dir, "keeper-stdout---supervisor-*.log"))
	require.Len(t, autoBefore, 1)

	f, err := os.OpenFile(conf, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("[program:newbie]\ncommand=sleep 100\nstartsecs=0\n")
	require.NoError(t, err)
	f.Close()
	require.NoError(t, syscall.Kill(d.pid, syscall.SIGHUP))
	waitLogIn(t, dir, `success: newbie`, 10*time.Second)
	waitLogIn(t, dir, `(?s)received SIGHUP.*success: keeper`, 10*time.Second)
	assert.Equal(t, d.pid, readPidfile(t, pidfile), "same pid after restart")
	select {
	case e := <-d.exit:
		t.Fatalf("daemon exited: %v", e.Status)
	default:
	}
	autoAfter, _ := filepath.Glob(filepath.Join(dir, "keeper-stdout---supervisor-*.log"))
	require.Len(t, autoAfter, 1, "old AUTO log cleaned, new one created")
	assert.NotEqual(t, autoBefore[0], autoAfter[0])

	log := readLog(dir)
	i := strings.Index(log, "WARN received SIGHUP indicating restart request\n")
	require.GreaterOrEqual(t, i, 0)
	after := log[i:]
	assert.Less(t, strings.Index(after, "WARN stopped: keeper (terminated by SIGTERM)"), strings.Index(after, "supervisord started with pid "+strconv.Itoa(d.pid)))
	assert.Equal(t, 2, strings.Count(log, "supervisord started with pid "+strconv.Itoa(d.pid)))

	require.NoError(t, syscall.Kill(d.pid, syscall.SIGINT))
	e := d.waitExit(t, 10*time.Second)
	assert.Equal(t, 0, e.Status.ExitStatus())
	assert.Contains(t, readLog(dir), "WARN received SIGINT indicating exit request\n")
	out, _ := os.ReadFile(filepath.Join(dir, "daemon.out"))
	assert.Contains(t, stripTimestamps(string(out)), "WARN received SIGHUP indicating restart request\n", "nodaemon: the main log goes to stdout too")
	_, err = os.Stat(pidfile)
	assert.True(t, os.IsNotExist(err), "pidfile removed")
}

// TestSIGUSR2Reopen checks SIGUSR2: the main log and the child logs are
// reopened after being moved away; the two INFO lines go to the old main
// log.
func TestSIGUSR2Reopen(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	conf := writeConf(t, dir, "nodaemon=true",
		"[program:ticker]\ncommand=sh -c 'while :; do echo tick; sleep 0.05; done'\nstartsecs=0\nstdout_logfile="+dir+"/ticker.log\n")
	d := startDaemon(t, dir, conf)
	waitLogIn(t, dir, `success: ticker`, 10*time.Second)
	waitFor(t, 5*time.Second, "ticks", func() bool {
		b, _ := os.ReadFile(filepath.Join(dir, "ticker.log"))
		return len(b) > 0
	})
	require.NoError(t, os.Rename(filepath.Join(dir, "ticker.log"), filepath.Join(dir, "ticker.log.moved")))
	require.NoError(t, os.Rename(filepath.Join(dir, "supervisord.log"), filepath.Join(dir, "supervisord.log.moved")))
	require.NoError(t, syscall.Kill(d.pid, syscall.SIGUSR2))
	waitFor(t, 5*time.Second, "new child log", func() bool {
		b, _ := os.ReadFile(filepath.Join(dir, "ticker.log"))
		return strings.HasPrefix(string(b), "tick\n")
	})
	_, err := os.Stat(filepath.Join(dir, "supervisord.log"))
	require.NoError(t, err, "main log reopened")
	old, _ := os.ReadFile(filepath.Join(dir, "supervisord.log.moved"))
	assert.True(t, strings.HasSuffix(stripTimestamps(string(old)),
		"INFO received SIGUSR2 indicating log reopen request\nINFO supervisord logreopen\n"))
	require.NoError(t, syscall.Kill(d.pid, syscall.SIGTERM))
	d.waitExit(t, 10*time.Second)
}

// TestSIGHUPDuringShutdown checks that SIGHUP is ignored once a shutdown
// is in progress, with 4.2.5's WARN line.
func TestSIGHUPDuringShutdown(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	conf := writeConf(t, dir, "nodaemon=true",
		"[program:slow]\ncommand=sh -c 'trap \"sleep 0.5; exit 0\" TERM; echo ready; while :; do sleep 0.05; done'\nstartsecs=0\nstdout_logfile="+dir+"/slow.log\n")
	d := startDaemon(t, dir, conf)
	waitLogIn(t, dir, `success: slow`, 10*time.Second)
	waitFor(t, 5*time.Second, "ready", func() bool {
		b, _ := os.ReadFile(filepath.Join(dir, "slow.log"))
		return strings.Contains(string(b), "ready")
	})
	require.NoError(t, syscall.Kill(d.pid, syscall.SIGTERM))
	waitLogIn(t, dir, `received SIGTERM`, 5*time.Second)
	require.NoError(t, syscall.Kill(d.pid, syscall.SIGHUP))
	e := d.waitExit(t, 10*time.Second)
	assert.Equal(t, 0, e.Status.ExitStatus())
	assert.Equal(t, []string{
		"WARN received SIGTERM indicating exit request",
		"WARN ignored SIGHUP indicating restart request (shutdown in progress)",
		"INFO stopped: slow (exit status 0)",
	}, grepLines(readLog(dir), `received|ignored|stopped`))
}

// ownUmask reads this process's umask from /proc/self/status.
func ownUmask(t *testing.T) os.FileMode {
	b, err := os.ReadFile("/proc/self/status")
	require.NoError(t, err)
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "Umask:"); ok {
			n, err := strconv.ParseUint(strings.TrimSpace(v), 8, 32)
			require.NoError(t, err)
			return os.FileMode(n)
		}
	}
	t.Fatal("no Umask in /proc/self/status")
	return 0
}
