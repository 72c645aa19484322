package supervisor

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/reaper"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUserAsNonRoot runs supervisord as "nobody" with a program that asks
// for user=root: as in 4.2.5 this is a spawn failure of the child (its
// stderr log says why, exit 127), then BACKOFF and FATAL.
func TestUserAsNonRoot(t *testing.T) {
	t.Parallel()
	if os.Getuid() != 0 {
		t.Skip("needs root to start supervisord as another user")
	}
	dir, err := os.MkdirTemp("", "gosupervisord-nonroot-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	require.NoError(t, os.Chmod(dir, 0o777))
	self, err := os.Executable()
	require.NoError(t, err)
	bin := filepath.Join(dir, "supervisord.test")
	copyFile(t, self, bin, 0o755)
	conf := writeConf(t, dir, "nodaemon=true", "[program:p]\ncommand=sleep 100\nuser=root\nstartretries=0\n")

	out, err := os.Create(filepath.Join(dir, "daemon.out"))
	require.NoError(t, err)
	defer out.Close()
	exit := make(chan reaper.Exit, 1)
	pid, err := reaper.Spawn(func(e reaper.Exit) { exit <- e }, func() (int, error) {
		return syscall.ForkExec(bin, []string{bin, "-test.run=^$"}, &syscall.ProcAttr{
			Dir:   dir,
			Env:   append(os.Environ(), testDaemonEnv+"="+conf),
			Files: []uintptr{0, out.Fd(), out.Fd()},
			Sys:   &syscall.SysProcAttr{Setpgid: true, Credential: &syscall.Credential{Uid: 65534, Gid: 65534}},
		})
	})
	require.NoError(t, err)
	defer func() {
		_ = syscall.Kill(pid, syscall.SIGTERM)
		select {
		case <-exit:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}()
	waitLogIn(t, dir, `gave up: p entered FATAL state`, 10*time.Second)
	assert.Equal(t, []string{
		"INFO spawned: 'p' with pid N",
		"WARN exited: p (exit status 127; not expected)",
		"INFO gave up: p entered FATAL state, too many start retries too quickly",
	}, grepLines(readLog(dir), lifecycle))
	logs, _ := filepath.Glob(filepath.Join(dir, "p-stderr---supervisor-*.log"))
	require.Len(t, logs, 1)
	b, err := os.ReadFile(logs[0])
	require.NoError(t, err)
	assert.Equal(t, "supervisor: couldn't setuid to 0: Can't drop privilege as nonroot user\nsupervisor: child process was not spawned\n", string(b))
	assert.NotContains(t, readLog(dir), "running as root")
}

func copyFile(t *testing.T, src, dst string, mode os.FileMode) {
	t.Helper()
	in, err := os.Open(src)
	require.NoError(t, err)
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	require.NoError(t, err)
	_, err = io.Copy(out, in)
	require.NoError(t, err)
	require.NoError(t, out.Close())
}

// TestSupervisordUser checks [supervisord] user=: supervisord drops its
// privileges before opening the main log, logs "Set uid to user N
// succeeded" instead of the root CRIT, and its children run as that user.
func TestSupervisordUser(t *testing.T) {
	t.Parallel()
	if os.Getuid() != 0 {
		t.Skip("needs root to drop privileges")
	}
	dir, err := os.MkdirTemp("", "gosupervisord-user-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	require.NoError(t, os.Chmod(dir, 0o777))
	conf := writeConf(t, dir, "nodaemon=true\nuser=nobody", "[program:whoami]\ncommand=sh -c 'id -u; exec sleep 100'\nstartsecs=0\nstdout_logfile="+dir+"/whoami.log\n")
	d := startDaemon(t, dir, conf)
	waitLogIn(t, dir, `success: whoami`, 10*time.Second)
	waitFor(t, 5*time.Second, "id output", func() bool {
		b, _ := os.ReadFile(filepath.Join(dir, "whoami.log"))
		return len(b) > 0
	})
	b, _ := os.ReadFile(filepath.Join(dir, "whoami.log"))
	assert.Equal(t, "65534\n", string(b))
	log := readLog(dir)
	assert.Contains(t, log, "INFO Set uid to user 65534 succeeded\n")
	assert.NotContains(t, log, "running as root")
	st, err := os.Stat(filepath.Join(dir, "supervisord.log"))
	require.NoError(t, err)
	assert.Equal(t, uint32(65534), st.Sys().(*syscall.Stat_t).Uid, "main log opened after the drop")
	require.NoError(t, syscall.Kill(d.pid, syscall.SIGTERM))
	d.waitExit(t, 10*time.Second)
}
