package supervisor

import (
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fcgiServer is a FastCGI-style program: it accepts on its fd 0 and
// answers every connection with its pid.
const fcgiServer = `python3 -c "
import os, socket
s = socket.socket(fileno=0)
while True:
    c, _ = s.accept()
    c.sendall(b'pid %d' % os.getpid())
    c.close()
"`

// fcgiGroup returns an [fcgi-program:name] group of numprocs processes.
func fcgiGroup(name string, sock *config.SocketConfig, numprocs int, opts ...programOption) *config.GroupConfig {
	g := &config.GroupConfig{Name: name, Priority: 999, Kind: config.KindFastCGI, Socket: sock}
	for i := range numprocs {
		pc := processConfig(fmt.Sprintf("%s_%d", name, i), fcgiServer, append([]programOption{startsecs(0)}, opts...)...)
		pc.Section = "fcgi-program:" + name
		g.Processes = append(g.Processes, pc)
	}
	return g
}

func freeTCPPort(t *testing.T) int {
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// ask connects to the socket and returns the answer.
func ask(network, addr string) (string, error) {
	c, err := net.DialTimeout(network, addr, 5*time.Second)
	if err != nil {
		return "", err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	b, err := io.ReadAll(c)
	return string(b), err
}

// TestFCGITCP: the socket is created before the first spawn and shared by
// every process as fd 0 (so stdin is NO_FILE); it is closed when the last
// process has stopped, and created again at the next spawn.
func TestFCGITCP(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	port := freeTCPPort(t)
	url := "tcp://127.0.0.1:" + strconv.Itoa(port)
	sock := &config.SocketConfig{URL: url, Family: config.FamilyInet, Host: "127.0.0.1", Port: port}
	h := startSupervisor(t, testConfig(dir, fcgiGroup("fc", sock, 2)))
	p0 := h.waitState("fc:fc_0", Running, 5*time.Second).PID
	p1 := h.waitState("fc:fc_1", Running, 5*time.Second).PID
	addr := "127.0.0.1:" + strconv.Itoa(port)
	seen := map[string]bool{}
	for range 20 {
		got, err := ask("tcp", addr)
		require.NoError(t, err)
		seen[got] = true
	}
	for s := range seen {
		assert.Contains(t, []string{"pid " + itoa(p0), "pid " + itoa(p1)}, s)
	}

	err := h.s.SendProcessStdin(h.ctx(), "fc:fc_0", []byte("x"))
	assert.Equal(t, NewFault(faults.NoFile, "fc:fc_0"), err)

	_, err = h.s.StopProcessGroup(h.ctx(), "fc", true)
	require.NoError(t, err)
	h.eventually(5*time.Second, "the socket closed", func() bool { return len(h.logLines(`Closing socket`)) == 2 })
	_, err = ask("tcp", addr)
	assert.Error(t, err, "closed once no process holds it")

	_, _, err = h.s.StartProcess(h.ctx(), "fc:fc_1", true)
	require.NoError(t, err)
	got, err := ask("tcp", addr)
	require.NoError(t, err)
	assert.Equal(t, "pid "+itoa(h.info("fc:fc_1").PID), got)

	assert.Equal(t, []string{
		"INFO Creating socket " + url, // at group creation, to fail early
		"INFO Closing socket " + url,
		"INFO Creating socket " + url, // first spawn
		"INFO Closing socket " + url,  // after the last stop
		"INFO Creating socket " + url,
	}, h.logLines(`socket `))
	lines := h.logLines(`socket |spawned|stopped`)
	assert.Equal(t, "INFO spawned: 'fc_0' with pid N", lines[3])
	// Closed right after the last process was reaped, as 4.2.5's
	// after_finish does.
	assert.True(t, strings.HasPrefix(lines[len(lines)-4], "WARN stopped: fc_"), lines)
	assert.Equal(t, "INFO Closing socket "+url, lines[len(lines)-3])
}

// TestFCGIUnix: a unix socket gets socket_mode (0700 by default) and stays
// on disk after it is closed, as in 4.2.5.
func TestFCGIUnix(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "fc.sock")
	mode := 0o660
	sock := &config.SocketConfig{URL: "unix://" + path, Family: config.FamilyUnix, Path: path, Mode: &mode}
	h := startSupervisor(t, testConfig(dir, fcgiGroup("fu", sock, 1, noAutostart())))
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.ModeSocket|0o660, st.Mode()&(os.ModeSocket|os.ModePerm))
	_, err = ask("unix", path)
	assert.Error(t, err, "not listening before a process runs")

	_, _, err = h.s.StartProcess(h.ctx(), "fu:fu_0", true)
	require.NoError(t, err)
	got, err := ask("unix", path)
	require.NoError(t, err)
	assert.Equal(t, "pid "+itoa(h.info("fu:fu_0").PID), got)
}

// TestFCGIStartupFailure: a socket that cannot be created stops the
// start-up with 4.2.5's message.
func TestFCGIStartupFailure(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	busy, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	defer busy.Close()
	port := busy.Addr().(*net.TCPAddr).Port
	url := "tcp://127.0.0.1:" + strconv.Itoa(port)
	sock := &config.SocketConfig{URL: url, Family: config.FamilyInet, Host: "127.0.0.1", Port: port}
	cfg := testConfig(dir, fcgiGroup("fc", sock, 1))
	s := New(Options{Config: cfg, Stdout: io.Discard})
	err = s.Run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Could not create FastCGI socket "+url+": [Errno 98] Address already in use")
	log, _ := os.ReadFile(cfg.Supervisord.Logfile)
	assert.Contains(t, string(log), "INFO Creating socket "+url+"\n")
}
