package supervisor

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/reaper"
	"github.com/stretchr/testify/require"
)

// testDaemonEnv makes the test binary run as a supervisord on the
// configuration file it names, like cmd/supervisord does (used by the
// tests that need a real daemon process: daemon mode, signals, PID 1).
const testDaemonEnv = "GOSUPERVISORD_TEST_DAEMON_CONF"

func TestMain(m *testing.M) {
	if conf := os.Getenv(testDaemonEnv); conf != "" {
		os.Exit(runTestDaemon(conf))
	}
	os.Exit(m.Run())
}

func runTestDaemon(conf string) int {
	load := func() (*config.Config, error) {
		return config.Load(conf, config.Overrides{}, config.DefaultEnvironment())
	}
	cfg, err := load()
	if err != nil {
		fmt.Fprintf(os.Stderr, "Error: %s\nFor help, use %s -h\n", err, os.Args[0])
		return 2
	}
	err = New(Options{Config: cfg, Load: load}).Run()
	switch e := err.(type) {
	case nil:
		return 0
	case *UsageError:
		fmt.Fprintf(os.Stderr, "Error: %s\nFor help, use %s -h\n", e.Msg, os.Args[0])
		return 2
	case ExitStatus:
		return int(e)
	}
	fmt.Fprintf(os.Stderr, "Error: %s\n", err)
	return 1
}

// daemonProc is a test daemon started as a child of the test process.
type daemonProc struct {
	pid  int
	exit chan reaper.Exit
	dir  string
}

// startDaemon runs the test binary as supervisord on conf (in dir), with
// extra argv before it (e.g. unshare). Output goes to dir/daemon.out.
// Its exit is collected through the reaper, like every child here.
func startDaemon(t *testing.T, dir, conf string, wrapper ...string) *daemonProc {
	t.Helper()
	self, err := os.Executable()
	require.NoError(t, err)
	out, err := os.Create(filepath.Join(dir, "daemon.out"))
	require.NoError(t, err)
	defer out.Close()
	devnull, err := os.Open(os.DevNull)
	require.NoError(t, err)
	defer devnull.Close()
	argv := append(append([]string{}, wrapper...), self, "-test.run=^$")
	path := argv[0]
	if len(wrapper) > 0 && !strings.Contains(wrapper[0], "/") {
		path, err = lookPath(wrapper[0])
		require.NoError(t, err)
	}
	d := &daemonProc{exit: make(chan reaper.Exit, 1), dir: dir}
	d.pid, err = reaper.Spawn(func(e reaper.Exit) { d.exit <- e }, func() (int, error) {
		return syscall.ForkExec(path, argv, &syscall.ProcAttr{
			Dir:   dir,
			Env:   append(os.Environ(), testDaemonEnv+"="+conf),
			Files: []uintptr{devnull.Fd(), out.Fd(), out.Fd()},
			Sys:   &syscall.SysProcAttr{Setpgid: true},
		})
	})
	require.NoError(t, err)
	t.Cleanup(func() {
		select {
		case <-d.exit:
		default:
			_ = syscall.Kill(d.pid, syscall.SIGKILL)
		}
	})
	return d
}

// waitExit waits for the daemon process itself to exit.
func (d *daemonProc) waitExit(t *testing.T, timeout time.Duration) reaper.Exit {
	t.Helper()
	select {
	case e := <-d.exit:
		d.exit <- e // keep it for Cleanup
		return e
	case <-time.After(timeout):
		out, _ := os.ReadFile(filepath.Join(d.dir, "daemon.out"))
		t.Fatalf("daemon %d did not exit; output:\n%s", d.pid, out)
	}
	return reaper.Exit{}
}

func lookPath(name string) (string, error) {
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not found in PATH", name)
}
