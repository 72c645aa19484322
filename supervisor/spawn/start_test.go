package spawn

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// run starts a through Start with stdout and stderr to files, waits for
// it, and returns its wait status, stdout and stderr.
func run(t *testing.T, a *Attr) (syscall.WaitStatus, string, string) {
	t.Helper()
	dir := t.TempDir()
	out, err := os.Create(filepath.Join(dir, "out"))
	require.NoError(t, err)
	defer out.Close()
	errf, err := os.Create(filepath.Join(dir, "err"))
	require.NoError(t, err)
	defer errf.Close()
	in, err := os.Open(os.DevNull)
	require.NoError(t, err)
	defer in.Close()
	a.Stdin, a.Stdout, a.Stderr = in, out, errf
	if a.Env == nil {
		a.Env = []string{"PATH=/usr/bin:/bin"}
	}
	pid, err := Start(a)
	require.NoError(t, err)
	var ws syscall.WaitStatus
	_, err = syscall.Wait4(pid, &ws, 0, nil)
	require.NoError(t, err)
	o, _ := os.ReadFile(filepath.Join(dir, "out"))
	e, _ := os.ReadFile(filepath.Join(dir, "err"))
	return ws, string(o), string(e)
}

func TestStartDirect(t *testing.T) {
	dir := t.TempDir()
	ws, out, _ := run(t, &Attr{Path: "/bin/sh", Argv: []string{"sh", "-c", `echo "$0 $FOO $(pwd) $(ps -o pgid= -p $$)" ; ls /proc/self/fd`}, Env: []string{"FOO=bar", "PATH=/usr/bin:/bin"}, Dir: &dir})
	require.True(t, ws.Exited())
	assert.Equal(t, 0, ws.ExitStatus())
	assert.Contains(t, out, "sh bar "+dir+" ")
	// Only 0-2 and the fd ls uses to read the directory.
	assert.Regexp(t, `(?s)\n0\n1\n2\n3\n$`, out)
}

func TestStartUmaskThroughShim(t *testing.T) {
	dir := t.TempDir()
	umask := 0o077
	ws, _, errOut := run(t, &Attr{Path: "/bin/sh", Argv: []string{"sh", "-c", "umask; touch f"}, Dir: &dir, Umask: &umask})
	require.True(t, ws.Exited(), errOut)
	assert.Equal(t, 0, ws.ExitStatus(), errOut)
	st, err := os.Stat(filepath.Join(dir, "f"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
}

func TestStartChildFailures(t *testing.T) {
	dir := t.TempDir()
	bad := "/nonexistent_dir"
	noformat := filepath.Join(dir, "noformat")
	require.NoError(t, os.WriteFile(noformat, []byte("\x7fELF junk"), 0o755))
	umask := 0o022
	cases := []struct {
		name string
		a    *Attr
		msg  string
	}{
		{"chdir", &Attr{Path: "/bin/sleep", Argv: []string{"sleep", "1"}, Dir: &bad}, "supervisor: couldn't chdir to /nonexistent_dir: ENOENT\n"},
		{"chdir with umask", &Attr{Path: "/bin/sleep", Argv: []string{"sleep", "1"}, Dir: &bad, Umask: &umask}, "supervisor: couldn't chdir to /nonexistent_dir: ENOENT\n"},
		{"exec", &Attr{Path: noformat, Argv: []string{"noformat", "x"}}, "supervisor: couldn't exec noformat: ENOEXEC\n"},
		{"exec vanished", &Attr{Path: filepath.Join(dir, "gone"), Argv: []string{"gone"}}, "supervisor: couldn't exec gone: ENOENT\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ws, out, errOut := run(t, tc.a)
			require.True(t, ws.Exited())
			assert.Equal(t, 127, ws.ExitStatus())
			assert.Empty(t, out)
			assert.Equal(t, tc.msg+"supervisor: child process was not spawned\n", errOut)
		})
	}
}

func TestStartDropsPrivileges(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to switch users")
	}
	uid := 65534 // nobody
	ws, out, errOut := run(t, &Attr{Path: "/usr/bin/id", Argv: []string{"id", "-u"}, UID: &uid})
	require.True(t, ws.Exited(), errOut)
	assert.Equal(t, "65534\n", out)
	self := 0
	ws, out, _ = run(t, &Attr{Path: "/usr/bin/id", Argv: []string{"id", "-u"}, UID: &self})
	assert.Equal(t, 0, ws.ExitStatus())
	assert.Equal(t, "0\n", out, "same user: nothing to do")
}

func TestCredentials(t *testing.T) {
	_, msg := Credentials(987654)
	assert.Equal(t, "Can't find uid 987654", msg)
	cred, msg := Credentials(os.Getuid())
	assert.Nil(t, cred)
	assert.Empty(t, msg)
}

func TestErrnoName(t *testing.T) {
	assert.Equal(t, "ENOENT", ErrnoName(syscall.ENOENT))
	assert.Equal(t, "EDEADLOCK", ErrnoName(syscall.EDEADLK))
	assert.Equal(t, "EAGAIN", ErrnoName(syscall.EAGAIN))
	assert.Equal(t, "ENOTSUP", ErrnoName(syscall.ENOTSUP))
}
