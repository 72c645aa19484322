package server

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

func TestListenLogLines(t *testing.T) {
	dir := shortTempDir(t)
	log := &memLogger{}
	reg := newTestRegistry(t)
	startServers(t, []config.ServerConfig{inetConfig(freePort(t), "admin", "x"), unixConfig(sockPath(dir))},
		Options{Registry: reg.Registry, Logger: log})
	var got []string
	for _, l := range log.all() {
		if l[:4] != "TRAC" {
			got = append(got, l)
		}
	}
	// 4.2.5's order: per server, its interfaces, then the CRIT line for a
	// server without credentials.
	assert.Equal(t, []string{
		"INFO RPC interface 'supervisor' initialized",
		"INFO RPC interface 'supervisor' initialized",
		"CRIT Server 'unix_http_server' running without any HTTP authentication checking",
	}, got)
}

func TestUnixSocketModeAndRemoval(t *testing.T) {
	dir := shortTempDir(t)
	reg := newTestRegistry(t)
	for _, mode := range []int{0o700, 0o770, 0o777} {
		path := sockPath(dir)
		cfg := unixConfig(path)
		cfg.Chmod = mode
		s, err := Listen([]config.ServerConfig{cfg}, Options{Registry: reg.Registry})
		require.NoError(t, err)
		st, err := os.Stat(path)
		require.NoError(t, err)
		assert.Equal(t, os.ModeSocket|os.FileMode(mode), st.Mode(), "mode %o", mode)
		_, err = os.Stat(path + "." + strconv.Itoa(os.Getpid()))
		assert.True(t, os.IsNotExist(err), "the temporary name is gone")
		resp, _ := exchange(t, "unix", path, post("/RPC2", "1.1", "", callBody(t, "supervisor.getVersion")))
		assert.Contains(t, string(resp), "<string>3.0</string>")
		require.NoError(t, s.Close())
		_, err = os.Stat(path)
		assert.True(t, os.IsNotExist(err), "the socket file is removed on close")
		_, err = net.Dial("unix", path)
		assert.Error(t, err)
	}
}

func TestUnixSocketChown(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("chown to another user needs root")
	}
	dir := shortTempDir(t)
	cfg := unixConfig(sockPath(dir))
	cfg.ChownUID, cfg.ChownGID = 65534, 65533
	startServers(t, []config.ServerConfig{cfg}, Options{Registry: newTestRegistry(t).Registry})
	st, err := os.Stat(cfg.File)
	require.NoError(t, err)
	sys := st.Sys().(*syscall.Stat_t)
	assert.Equal(t, uint32(65534), sys.Uid)
	assert.Equal(t, uint32(65533), sys.Gid)
}

func TestUnixSocketStale(t *testing.T) {
	dir := shortTempDir(t)
	path := sockPath(dir)
	// A socket file nobody listens on any more.
	l, err := net.Listen("unix", path)
	require.NoError(t, err)
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	l.Close()
	_, err = os.Stat(path)
	require.NoError(t, err)

	var stderr bytes.Buffer
	s := startServers(t, []config.ServerConfig{unixConfig(path)}, Options{Registry: newTestRegistry(t).Registry, Stderr: &stderr})
	assert.Equal(t, "Unlinking stale socket "+path+"\n", stderr.String())
	resp, _ := exchange(t, "unix", path, post("/RPC2", "1.1", "", callBody(t, "supervisor.getVersion")))
	assert.Contains(t, string(resp), "<string>3.0</string>")
	s.Close()
}

func TestUnixSocketLiveOwner(t *testing.T) {
	dir := shortTempDir(t)
	path := sockPath(dir)
	reg := newTestRegistry(t)
	first := startServers(t, []config.ServerConfig{unixConfig(path)}, Options{Registry: reg.Registry})

	var stderr bytes.Buffer
	_, err := Listen([]config.ServerConfig{unixConfig(path)}, Options{Registry: reg.Registry, Stderr: &stderr})
	var le *ListenError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "Another program is already listening on a port that one of our HTTP servers is configured to use.  "+
		"Shut this program down first before starting supervisord.", le.Error())
	assert.Empty(t, stderr.String())
	// The first server is untouched.
	resp, _ := exchange(t, "unix", path, post("/RPC2", "1.1", "", callBody(t, "supervisor.getVersion")))
	assert.Contains(t, string(resp), "<string>3.0</string>")
	first.Close()
}

// TestUnixSocketAgainstReference checks the detection both ways with
// supervisord 4.2.5: we refuse its live socket, and it refuses ours.
func TestUnixSocketAgainstReference(t *testing.T) {
	dir := shortTempDir(t)
	ref := startReference(t, dir)
	_, err := Listen([]config.ServerConfig{unixConfig(ref.sock)}, Options{Registry: newTestRegistry(t).Registry})
	var le *ListenError
	require.ErrorAs(t, err, &le)
	assert.Contains(t, le.Error(), "Another program is already listening")

	ours := filepath.Join(dir, "ours.sock")
	startServers(t, []config.ServerConfig{unixConfig(ours)}, Options{Registry: newTestRegistry(t).Registry})
	conf := filepath.Join(dir, "clash.conf")
	require.NoError(t, os.WriteFile(conf, []byte("[unix_http_server]\nfile="+ours+"\n[supervisord]\nlogfile="+dir+
		"/clash.log\npidfile="+dir+"/clash.pid\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n"), 0o644))
	out, err := runWithTimeout(t, 20*time.Second, "/usr/bin/supervisord", "-n", "-c", conf)
	var ee *exitError
	require.ErrorAs(t, err, &ee, "4.2.5 must refuse to start: %s", out)
	assert.Equal(t, 2, ee.code)
	assert.Contains(t, out, "Error: Another program is already listening on a port that one of our HTTP servers is configured to use.")
}

func TestInetErrors(t *testing.T) {
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	_, err = Listen([]config.ServerConfig{inetConfig(port, "", "")}, Options{Registry: newTestRegistry(t).Registry})
	var le *ListenError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, errAddrInUse, le.Error())

	cfg := inetConfig(freePort(t), "", "")
	cfg.Host = "192.0.2.1" // TEST-NET-1: not an address of this machine
	_, err = Listen([]config.ServerConfig{cfg}, Options{Registry: newTestRegistry(t).Registry})
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "Cannot open an HTTP server: socket.error reported errno.EADDRNOTAVAIL (99)", le.Error())

	cfg.Host = "nosuchhost.invalid" // RFC 2606: never resolves
	_, err = Listen([]config.ServerConfig{cfg}, Options{Registry: newTestRegistry(t).Registry})
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "Cannot open an HTTP server: socket.error reported -2", le.Error())

	// A failure closes the servers opened before it.
	dir := shortTempDir(t)
	_, err = Listen([]config.ServerConfig{unixConfig(sockPath(dir)), inetConfig(port, "", "")}, Options{Registry: newTestRegistry(t).Registry})
	require.Error(t, err)
	_, err = os.Stat(sockPath(dir))
	assert.True(t, os.IsNotExist(err), "the unix socket opened first is removed again")
}

func TestInetAllInterfaces(t *testing.T) {
	port := freePort(t)
	cfg := inetConfig(port, "", "")
	cfg.Host = ""
	s := startServers(t, []config.ServerConfig{cfg}, Options{Registry: newTestRegistry(t).Registry})
	assert.Equal(t, "0.0.0.0:"+strconv.Itoa(port), s.Addrs()[0].String())
	resp, _ := exchange(t, "tcp", "127.0.0.1:"+strconv.Itoa(port), post("/RPC2", "1.1", "", callBody(t, "supervisor.getVersion")))
	assert.Contains(t, string(resp), "<string>3.0</string>")
}

func TestShutdownGivesUpWhenContextEnds(t *testing.T) {
	dir := shortTempDir(t)
	reg := newTestRegistry(t)
	s, err := Listen([]config.ServerConfig{unixConfig(sockPath(dir))}, Options{Registry: reg.Registry})
	require.NoError(t, err)
	idle, err := net.Dial("unix", sockPath(dir))
	require.NoError(t, err)
	defer idle.Close()

	busy, err := net.Dial("unix", sockPath(dir))
	require.NoError(t, err)
	defer busy.Close()
	_, err = busy.Write(post("/RPC2", "1.1", "", callBody(t, "supervisor.waitForever")))
	require.NoError(t, err)
	<-reg.waiting

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	assert.ErrorIs(t, s.Shutdown(ctx), context.DeadlineExceeded, "a request that never ends holds Shutdown until ctx ends")
	assert.Less(t, time.Since(start), 5*time.Second)
	<-reg.cancelled
	_, err = os.Stat(sockPath(dir))
	assert.True(t, os.IsNotExist(err))
	idle.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = idle.Read(make([]byte, 1))
	assert.Error(t, err, "idle connections are closed")
}

func TestShutdownSendsPendingResponses(t *testing.T) {
	dir := shortTempDir(t)
	reg := newTestRegistry(t)
	s, err := Listen([]config.ServerConfig{unixConfig(sockPath(dir))}, Options{Registry: reg.Registry})
	require.NoError(t, err)
	c, err := net.Dial("unix", sockPath(dir))
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Write(post("/RPC2", "1.1", "", callBody(t, "supervisor.slow")))
	require.NoError(t, err)
	<-reg.waiting
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, s.Shutdown(ctx))
	resp, closed := readResponses(t, c, 1)
	assert.Contains(t, string(resp), "<boolean>1</boolean>", "the reply is sent before the connection closes")
	assert.True(t, closed)
}
