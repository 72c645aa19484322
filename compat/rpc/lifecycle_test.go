package rpc

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/compat/harness"
)

// runCtl runs the stock supervisorctl on each daemon and compares the
// results; want must be in 4.2.5's output.
func runCtl(t *testing.T, p harness.Pair, line, want string) {
	t.Helper()
	ctlCase{line: line, want: want}.run(t, p)
}

// TestStockCtlShutdown shuts both daemons down with the stock
// supervisorctl and checks what it says while they stop (SHUTDOWN_STATE)
// and once they are gone (no socket file).
func TestStockCtlShutdown(t *testing.T) {
	t.Parallel()
	p := harness.StartPair(t, harness.Conf(`
[program:stubborn]
command=sh -c 'trap "" TERM; echo ready; exec sleep 1000'
startsecs=0
stopwaitsecs=60

[program:sleeper]
command=sleep 1000
startsecs=0
`))
	pids := map[*harness.Daemon]int{}
	for _, d := range p {
		d.WaitProcess(t, "stubborn", "RUNNING")
		d.WaitLog(t, "stubborn", "stdout", "ready")
		pids[d] = int(d.ProcessInfo(t, "stubborn")["pid"].(int))
	}
	runCtl(t, p, "shutdown", "Shut down")
	// stubborn ignores SIGTERM for a minute: both daemons are stopping.
	for _, c := range [][2]string{
		{"status", "<Fault 6: 'SHUTDOWN_STATE'>"}, {"shutdown", "ERROR: already shutting down"},
		{"avail", "ERROR: supervisor shutting down"}, {"start sleeper", "SHUTDOWN_STATE"},
		{"stop all", "SHUTDOWN_STATE"}, {"version", "SHUTDOWN_STATE"}, {"reload", "ERROR: already shutting down"},
	} {
		t.Run("stopping/"+c[0], func(t *testing.T) { runCtl(t, p, c[0], c[1]) })
	}
	for _, d := range p {
		require.NoError(t, syscall.Kill(pids[d], syscall.SIGKILL)) // a child of this test's daemon, by pid
		code, ok := d.Wait(20 * time.Second)
		require.True(t, ok, "%s supervisord did not exit", d.Impl)
		require.Equal(t, 0, code, "%s supervisord exit status", d.Impl)
	}
	for _, c := range [][2]string{
		{"status", "no such file"}, {"shutdown", "no such file (already shut down?)"},
		{"start sleeper", "no such file"}, {"tail sleeper", "no such file"},
	} {
		t.Run("gone/"+c[0], func(t *testing.T) { runCtl(t, p, c[0], c[1]) })
	}
}

// TestNoRPCInterface checks what supervisorctl says to a daemon whose conf
// has no [rpcinterface:supervisor] section: its namespace does not exist.
func TestNoRPCInterface(t *testing.T) {
	t.Parallel()
	conf := strings.Replace(harness.ConfHeader, `[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
`, "", 1) + `
[program:sleeper]
command=sleep 1000
startsecs=0
`
	require.NotContains(t, conf, "rpcinterface")
	p := harness.StartPair(t, conf, harness.NoWait())
	for _, d := range p {
		harness.Eventually(t, 15*time.Second, func() error {
			_, err := d.RPC().Call("system.listMethods")
			return err
		})
	}
	for _, line := range []string{"status", "version", "pid", "start sleeper", "avail", "shutdown", "maintail"} {
		t.Run(line, func(t *testing.T) { runCtl(t, p, line, "") })
	}
	runCtl(t, p, "status", "did not recognize the supervisor namespace commands")
	v, err := p[1].RPC().Call("system.listMethods")
	require.NoError(t, err)
	require.Len(t, v, 4, "only system.*")
}

// TestStockCtlAuth checks unix-socket credentials: right, wrong and
// missing, as the stock client sends them.
func TestStockCtlAuth(t *testing.T) {
	t.Parallel()
	conf := harness.AddCredentials(harness.Conf(`
[program:sleeper]
command=sleep 1000
startsecs=0
`), "user", "secret", "unix_http_server", "supervisorctl")
	p := harness.StartPair(t, conf, harness.NoWait())
	for _, d := range p {
		harness.Eventually(t, 15*time.Second, func() error {
			_, err := d.InetRPC().Call("supervisor.getState")
			return err
		})
	}
	for _, c := range [][2]string{
		{"status", "RUNNING"}, {"-p wrong status", "401 Unauthorized"}, {"-u other -p secret pid", "401 Unauthorized"},
		{"-p wrong tail -f sleeper", "401 Unauthorized"}, {"-p wrong maintail", "401 Unauthorized"},
	} {
		t.Run(c[0], func(t *testing.T) { runCtl(t, p, c[0], c[1]) })
	}
}
