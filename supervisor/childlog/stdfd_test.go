package childlog

import (
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// helperEnv makes the test binary write through a File on a path given in
// the variable (see TestDevStdoutSocket).
const helperEnv = "GOSUPERVISORD_CHILDLOG_HELPER"

// inspectEnv makes the test binary open a File on the path given in the
// variable and print whether it would rotate or remove it.
const inspectEnv = "GOSUPERVISORD_CHILDLOG_INSPECT"

// TestDevStdoutRedirectedToFile: the file behind /dev/stdout is regular,
// yet /dev/stdout must be neither renamed by rotation nor removed by Clear
// (4.2.5 would rename or delete the /dev/stdout link itself).
func TestDevStdoutRedirectedToFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "daemon.out")
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	require.NoError(t, err)
	defer f.Close()
	for _, path := range []string{"/dev/stdout", "/proc/self/fd/1"} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0", inspectEnv+"="+path)
		cmd.Stdout = f
		var stderr strings.Builder
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Run(), stderr.String())
		assert.Equal(t, "rotatable=false removable=false", stderr.String(), path)
	}
	// the same file opened by its own name rotates and may be removed
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0", inspectEnv+"="+out)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Run(), stderr.String())
	assert.Equal(t, "rotatable=true removable=true", stderr.String())
}

func TestMain(m *testing.M) {
	if path := os.Getenv(inspectEnv); path != "" {
		f, err := Open(path, 1, 2)
		if err != nil {
			os.Stderr.WriteString(err.Error())
			os.Exit(3)
		}
		fmt.Fprintf(os.Stderr, "rotatable=%v removable=%v", f.Rotatable(), f.removable)
		os.Exit(0)
	}
	if path := os.Getenv(helperEnv); path != "" {
		f, err := Open(path, 1024, 2)
		if err != nil {
			os.Stderr.WriteString(err.Error())
			os.Exit(3)
		}
		for _, s := range []string{"hello ", "through ", "the socket\n"} {
			if _, err := f.Write([]byte(s)); err != nil {
				os.Stderr.WriteString(err.Error())
				os.Exit(4)
			}
		}
		if err := f.Reopen(); err != nil {
			os.Stderr.WriteString(err.Error())
			os.Exit(5)
		}
		f.Write([]byte("after reopen\n"))
		f.Close()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestDevStdoutSocket: /dev/stdout that is a socket (journald under
// systemd) cannot be opened on Linux; the descriptor is duplicated.
func TestDevStdoutSocket(t *testing.T) {
	for _, path := range []string{"/dev/stdout", "/proc/self/fd/1", "/dev/fd/1"} {
		t.Run(path, func(t *testing.T) {
			fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
			require.NoError(t, err)
			child := os.NewFile(uintptr(fds[0]), "child")
			parent, err := net.FileConn(os.NewFile(uintptr(fds[1]), "parent"))
			require.NoError(t, err)
			defer parent.Close()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0", helperEnv+"="+path)
			cmd.Stdout = child
			var stderr strings.Builder
			cmd.Stderr = &stderr
			require.NoError(t, cmd.Run(), stderr.String())
			child.Close()
			got, err := io.ReadAll(parent)
			require.NoError(t, err)
			assert.Equal(t, "hello through the socket\nafter reopen\n", string(got))
		})
	}
}
