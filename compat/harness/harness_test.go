package harness

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sleeperConf = `
[program:sleeper]
command=sleep 1000
startsecs=0
stopwaitsecs=1

[program:manual]
command=sleep 1000
autostart=false
`

func TestStartPythonDaemonAndCleanup(t *testing.T) {
	var d *Daemon
	var childPID int
	t.Run("inner", func(t *testing.T) {
		d = Start(t, Python, Conf(sleeperConf))
		d.WaitSettled(t)
		info := d.ProcessInfo(t, "sleeper")
		assert.Equal(t, "RUNNING", info["statename"])
		childPID = info["pid"].(int)
		// (the child may still be in execve, its environment unreadable)
		Eventually(t, 5*time.Second, func() error {
			if !hasMarker(childPID, d.Marker) {
				return errors.New("child does not carry the marker")
			}
			return nil
		})
		// the same call over TCP
		v, err := d.InetRPC().Call("supervisor.getState")
		require.NoError(t, err)
		assert.Equal(t, map[string]any{"statecode": 1, "statename": "RUNNING"}, v)
	})
	// after the subtest's cleanup the daemon and its child are dead (the
	// child, orphaned, perhaps not yet reaped by init)
	assert.True(t, d.Exited())
	assert.Empty(t, OwnedPIDs(d.Marker, d.PID()))
	_, err := os.Stat(d.Dir)
	assert.True(t, os.IsNotExist(err))
	assert.False(t, alive(childPID), "child %d killed", childPID)
}

func TestKillOwnedReapsOrphans(t *testing.T) {
	d := Start(t, Python, Conf(`
[program:forker]
command=sh -c 'setsid sleep 1000 & exec sleep 1000'
startsecs=0
stopwaitsecs=1
`))
	d.WaitSettled(t)
	// the setsid'd grandchild escapes supervisord's stop; the marker finds it
	var orphan int
	Eventually(t, 5*time.Second, func() error {
		for _, pid := range OwnedPIDs(d.Marker, 0) {
			if _, sid, _, _ := procStat(pid); sid == pid {
				orphan = pid
				return nil
			}
		}
		return errors.New("no setsid grandchild yet")
	})
	d.Stop()
	assert.False(t, alive(orphan), "orphan %d killed", orphan)
}

func TestRPCFaultsAndTypes(t *testing.T) {
	d := Start(t, Python, Conf(sleeperConf))
	_, err := d.RPC().Call("supervisor.getProcessInfo", "nosuch")
	var f *Fault
	require.True(t, errors.As(err, &f), "got %v", err)
	assert.Equal(t, 10, f.Code)
	assert.Equal(t, "BAD_NAME: nosuch", f.String)

	var info struct {
		Name        string `xmlrpc:"name"`
		Description string `xmlrpc:"description"`
		PID         int    `xmlrpc:"pid"`
	}
	require.NoError(t, d.RPC().CallInto(&info, "supervisor.getProcessInfo", "manual"))
	assert.Equal(t, "manual", info.Name)
	assert.Equal(t, 0, info.PID)
	assert.Equal(t, "Not started", info.Description)

	// empty strings stay strings with Call (kolo would give nil)
	v, err := d.RPC().Call("supervisor.readProcessStdoutLog", "manual", 0, 0)
	require.NoError(t, err)
	assert.Equal(t, "", v)

	c, err := d.RPC().Kolo()
	require.NoError(t, err)
	defer c.Close()
	var version string
	require.NoError(t, c.Call("supervisor.getSupervisorVersion", nil, &version))
	assert.Equal(t, "4.2.5", version)
}

func TestCtlAndNormalize(t *testing.T) {
	d := Start(t, Python, Conf(sleeperConf))
	d.WaitSettled(t)
	r := d.Ctl(t, Python, "status")
	assert.Equal(t, 3, r.ExitCode)
	assert.Equal(t, "manual                           STOPPED   Not started\n"+
		"sleeper                          RUNNING   pid <PID>, uptime <UPTIME>\n", d.Normalize(r.Output))
	r = d.Ctl(t, Python, "pid")
	assert.Equal(t, "<PID>\n", d.NormalizePIDs(r.Output))

	// a streaming command, ended with Ctrl-C
	p := StartCtl(t, CtlRun{Impl: Python, Args: []string{"-s", d.ServerURL(), "maintail", "-f"}})
	p.WaitOutput(t, "supervisord started with pid", 10*time.Second)
	require.NoError(t, p.Signal(syscall.SIGINT))
	r = p.Wait(t, 10*time.Second)
	assert.Equal(t, 0, r.ExitCode)
	assert.True(t, strings.HasPrefix(r.Output, "==> Press Ctrl-C to exit <==\n"), r.Output)
}

func TestNormalizer(t *testing.T) {
	n := Normalizer{TmpDirs: []string{"/tmp/gsd-123"}, Ports: []int{9001}}
	assert.Equal(t, "<TMP>/x.log <PORT> 19001 <TS> pid <PID> uptime <UPTIME> <DATE>",
		n.Text("/tmp/gsd-123/x.log 9001 19001 2024-01-02 03:04:05,678 pid 42 uptime 1 day, 0:00:01 Nov 22 07:43 AM"))
	assert.Equal(t, "a-stdout---supervisor-<RAND>.log", n.Text("a-stdout---supervisor-k3j4h5g6.log"))
	n.PIDLines = true
	assert.Equal(t, "<PID>\n0\n", n.Text("123\n0\n"))
}

func TestRender(t *testing.T) {
	assert.Equal(t, "a=/x b=/x/s c={nope} d=v", Render("a={tmp} b={tmpsock} c={nope} d={tmpdir}", Vars{"tmp": "/x", "tmpsock": "/x/s", "tmpdir": "v"}))
	assert.True(t, strings.HasPrefix(Conf("[program:x]"), ConfHeader))
}

func TestStartFailureReportsOutput(t *testing.T) {
	d, err := StartErr(Python, "[supervisord]\nlogfile={tmp}/l\n[unix_http_server]\nfile={sock}\n[program:x]\n", ReadyTimeout(5*time.Second))
	if d != nil {
		defer d.Stop()
	}
	require.Error(t, err)
	assert.Contains(t, err.Error(), "exited")
	assert.Contains(t, err.Error(), "command")
}

func TestConfParts(t *testing.T) {
	assert.Equal(t, "[program:x]\ncommand=a\nstartsecs=0\n\n", Program("x", "command=a", "startsecs=0"))
	conf := AddCredentials(Conf(""), "u", "p", "inet_http_server", "supervisorctl")
	assert.Contains(t, conf, "[inet_http_server]\nusername=u\npassword=p\nport=")
	assert.Contains(t, conf, "[supervisorctl]\nusername=u\npassword=p\nserverurl=")
	assert.NotContains(t, conf, "[unix_http_server]\nusername")
	assert.Panics(t, func() { AddCredentials("[x]\n", "u", "p", "y") })
}

func TestWaitLinesLeavesOutAPartialLine(t *testing.T) {
	d := &Daemon{Impl: Python, Dir: t.TempDir()}
	require.NoError(t, os.WriteFile(filepath.Join(d.Dir, "f"), []byte("a\nb\npart"), 0o644))
	assert.Equal(t, []string{"a", "b"}, d.WaitLines(t, "f", 2))
}
