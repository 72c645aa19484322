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
