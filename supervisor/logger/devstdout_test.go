package logger

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// helperEnv makes the test binary act as a tiny daemon writing its main log
// to /dev/stdout (see TestDevStdoutWithEcho).
const helperEnv = "GOSUPERVISORD_LOGGER_HELPER"

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		runHelper(mode)
		return
	}
	os.Exit(m.Run())
}

func runHelper(mode string) {
	o := Options{Path: "/dev/stdout", Level: config.LevelInfo, Stdout: os.Stdout}
	if mode == "rotate" {
		o.MaxBytes, o.Backups = 10, 2 // 4.2.5 breaks here; we must not
	}
	l, err := New(o)
	if err != nil {
		os.Stderr.WriteString(err.Error())
		os.Exit(3)
	}
	l.Infof("supervisord started with pid %d", 42)
	l.Warnf("received SIGTERM indicating exit request")
	if mode == "closed" {
		os.Stdout.Close() // nothing else may break when stdout goes away
	}
	os.Exit(0)
}

// TestDevStdoutWithEcho: with logfile=/dev/stdout and the nodaemon echo,
// 4.2.5 writes every line twice to stdout; so do we, also with maxbytes
// (never rotated), and stdout being a pipe.
func TestDevStdoutWithEcho(t *testing.T) {
	for _, mode := range []string{"plain", "rotate"} {
		t.Run(mode+" to a file", func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "daemon.out")
			f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
			require.NoError(t, err)
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0", helperEnv+"="+mode)
			cmd.Stdout = f
			var stderr strings.Builder
			cmd.Stderr = &stderr
			require.NoError(t, cmd.Run(), stderr.String())
			f.Close()
			b, err := os.ReadFile(out)
			require.NoError(t, err)
			assert.Regexp(t, `^(\S+ \S+ INFO supervisord started with pid 42\n){2}(\S+ \S+ WARN received SIGTERM indicating exit request\n){2}$`, string(b))
			entries, _ := os.ReadDir(filepath.Dir(out))
			assert.Len(t, entries, 1)
		})
		t.Run(mode+" to a pipe", func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0", helperEnv+"="+mode)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			b, err := cmd.Output()
			require.NoError(t, err, stderr.String())
			assert.Regexp(t, `^(\S+ \S+ INFO supervisord started with pid 42\n){2}(\S+ \S+ WARN received SIGTERM indicating exit request\n){2}$`, string(b))
		})
	}
}

// TestStdoutReaderGone: a closed stdout pipe must not kill the daemon with
// SIGPIPE (4.2.5 ignores EPIPE on its stdout).
func TestStdoutReaderGone(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	r.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0", helperEnv+"=plain")
	cmd.Stdout = w
	err = cmd.Run()
	w.Close()
	assert.NoError(t, err, "the helper must exit 0, not die of SIGPIPE")
}
