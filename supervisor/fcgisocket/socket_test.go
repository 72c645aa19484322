package fcgisocket

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

func unixConfig(path string, mode *int, owner *config.UserGroup) *config.SocketConfig {
	return &config.SocketConfig{URL: "unix://" + path, Family: config.FamilyUnix, Path: path, Mode: mode, Owner: owner}
}

func tcpConfig(host string, port, backlog int) *config.SocketConfig {
	return &config.SocketConfig{URL: "tcp://" + host + ":" + strconv.Itoa(port), Family: config.FamilyInet,
		Host: host, Port: port, Backlog: backlog}
}

// freePort returns a TCP port nobody listens on right now.
func freePort(t *testing.T) int {
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// checkListening checks that f is a blocking, close-on-exec listening
// socket that accepts a connection to addr.
func checkListening(t *testing.T, f *os.File, network, addr string) {
	t.Helper()
	fl, err := unix.FcntlInt(f.Fd(), unix.F_GETFL, 0)
	require.NoError(t, err)
	assert.Zero(t, fl&unix.O_NONBLOCK, "blocking, for the child's accept()")
	fdfl, err := unix.FcntlInt(f.Fd(), unix.F_GETFD, 0)
	require.NoError(t, err)
	assert.NotZero(t, fdfl&unix.FD_CLOEXEC, "only the child's fd 0 gets it")
	acc, err := unix.GetsockoptInt(int(f.Fd()), unix.SOL_SOCKET, unix.SO_ACCEPTCONN)
	require.NoError(t, err)
	assert.Equal(t, 1, acc)
	c, err := net.Dial(network, addr)
	require.NoError(t, err)
	c.Close()
}

// listenBacklog returns a listening TCP socket's backlog (Linux reports it
// in tcpi_sacked for a socket in the LISTEN state).
func listenBacklog(t *testing.T, f *os.File) uint32 {
	t.Helper()
	info, err := unix.GetsockoptTCPInfo(int(f.Fd()), unix.IPPROTO_TCP, unix.TCP_INFO)
	require.NoError(t, err)
	return info.Sacked
}

func TestTCP(t *testing.T) {
	port := freePort(t)
	f, err := Create(tcpConfig("127.0.0.1", port, 0))
	require.NoError(t, err)
	defer f.Close()
	checkListening(t, f, "tcp", "127.0.0.1:"+strconv.Itoa(port))

	assert.Equal(t, uint32(unix.SOMAXCONN), listenBacklog(t, f), "SOMAXCONN by default")
	small, err := Create(tcpConfig("127.0.0.1", freePort(t), 7))
	require.NoError(t, err)
	assert.Equal(t, uint32(7), listenBacklog(t, small), "socket_backlog")
	small.Close()

	// A second socket on the same port fails as in 4.2.5.
	_, err = Create(tcpConfig("127.0.0.1", port, 5))
	assert.EqualError(t, err, "[Errno 98] Address already in use")

	// After closing, the port is free again at once (SO_REUSEADDR).
	f.Close()
	f2, err := Create(tcpConfig("localhost", port, 5))
	require.NoError(t, err)
	f2.Close()
}

func TestUnix(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "fcgi.sock")
	require.NoError(t, os.WriteFile(path, []byte("stale"), 0o600)) // replaced
	mode := 0o640
	f, err := Create(unixConfig(path, &mode, nil))
	require.NoError(t, err)
	defer f.Close()
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.ModeSocket|0o640, st.Mode()&(os.ModeSocket|os.ModePerm))
	checkListening(t, f, "unix", path)

	_, err = Create(unixConfig(filepath.Join(dir, "missing", "x.sock"), &mode, nil))
	assert.EqualError(t, err, "[Errno 2] No such file or directory")
}

func TestUnixOwner(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("chown to another user needs root")
	}
	path := filepath.Join(t.TempDir(), "owned.sock")
	mode := 0o600
	f, err := Create(unixConfig(path, &mode, &config.UserGroup{UID: 65534, GID: 65534}))
	require.NoError(t, err)
	defer f.Close()
	var st unix.Stat_t
	require.NoError(t, unix.Stat(path, &st))
	assert.Equal(t, uint32(65534), st.Uid)
	assert.Equal(t, uint32(65534), st.Gid)
}

// TestErrorsMatchReference creates failing sockets with 4.2.5's own
// socket configs and compares the messages.
func TestErrorsMatchReference(t *testing.T) {
	if err := exec.Command("/usr/bin/python3", "-c", "import supervisor.datatypes").Run(); err != nil {
		t.Skipf("supervisor 4.2.5 not importable (run make deps): %v", err)
	}
	dir := t.TempDir()
	busy, err := Create(tcpConfig("127.0.0.1", freePort(t), 0))
	require.NoError(t, err)
	defer busy.Close()
	busyPort := busy.Name()[strings.LastIndex(busy.Name(), ":")+1:]
	port, _ := strconv.Atoi(busyPort)
	sub := filepath.Join(dir, "sub")
	require.NoError(t, os.Mkdir(sub, 0o755))
	mode := 0o600
	cases := []struct {
		py  string
		cfg *config.SocketConfig
	}{
		{"InetStreamSocketConfig('127.0.0.1', " + busyPort + ")", tcpConfig("127.0.0.1", port, 0)},
		{"InetStreamSocketConfig('no-such-host.invalid', 1)", tcpConfig("no-such-host.invalid", 1, 0)},
		{"UnixStreamSocketConfig('" + dir + "/missing/x.sock', mode=0o600)", unixConfig(dir+"/missing/x.sock", &mode, nil)},
		{"UnixStreamSocketConfig('" + sub + "')", unixConfig(sub, nil, nil)},
	}
	if os.Getuid() != 0 {
		cases = append(cases, struct {
			py  string
			cfg *config.SocketConfig
		}{"UnixStreamSocketConfig('" + dir + "/o.sock', owner=(0, 0))", unixConfig(dir+"/o.sock", nil, &config.UserGroup{})})
	}
	for _, tc := range cases {
		out, err := exec.Command("/usr/bin/python3", "-c", `
from supervisor.datatypes import *
try:
    `+tc.py+`.create_and_bind()
    print('ok')
except Exception as e:
    print(e)
`).Output()
		require.NoError(t, err)
		want := strings.TrimSuffix(string(out), "\n")
		_, err = Create(tc.cfg)
		require.Error(t, err, tc.py)
		assert.Equal(t, want, err.Error(), tc.py)
	}
}
