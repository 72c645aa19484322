package ctl

import (
	"syscall"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/harness"
	"github.com/stretchr/testify/require"
)

// stubbornConf has a process that ignores SIGTERM, so that a shutdown
// lasts (stopwaitsecs) while the clients talk to the daemon. The test
// kills it itself; stopwaitsecs only has to outlast the 21 commands of
// TestShuttingDown, which took over 60 s on a loaded 2-core machine (the
// daemon then SIGKILLed it and exited under the remaining commands).
const stubbornConf = `
[program:stubborn]
command=sh -c 'trap "" TERM; exec sleep 1000'
startsecs=0
stopwaitsecs=900

[program:sleeper]
command=sleep 1000
startsecs=0
stopwaitsecs=1
`

// TestShuttingDown compares every command while the daemon is shutting
// down (SHUTDOWN_STATE faults).
func TestShuttingDown(t *testing.T) {
	t.Parallel()
	daemonCase(t, stubbornConf, func(t *testing.T, d *harness.Daemon) {
		pid := d.ProcessInfo(t, "stubborn")["pid"].(int)
		_, err := d.RPC().Call("supervisor.shutdown")
		require.NoError(t, err)
		harness.Eventually(t, 10*time.Second, func() error {
			_, err := d.RPC().Call("supervisor.getVersion")
			if harness.FaultCode(err) != 6 {
				return errorf("not shutting down yet: %v", err)
			}
			return nil
		})
		for _, line := range []string{"status", "pid", "pid sleeper", "avail", "reread", "update", "update all",
			"add x", "remove x", "shutdown", "reload", "start sleeper", "stop sleeper", "restart sleeper",
			"signal HUP sleeper", "version", "tail sleeper", "maintail", "clear sleeper", "fg sleeper", "help"} {
			t.Run(line, func(t *testing.T) {
				compare(t, d, invocation{args: args(line)}, rules{}, nil)
			})
		}
		// let the daemon finish
		require.NoError(t, syscall.Kill(pid, syscall.SIGKILL))
		_, ok := d.Wait(15 * time.Second)
		require.True(t, ok, "daemon exits once its stubborn child is gone")
	})
}

// TestReload compares `reload` (the daemon restarts in place).
func TestReload(t *testing.T) {
	t.Parallel()
	daemonCase(t, fixture, func(t *testing.T, d *harness.Daemon) {
		ready := func(t *testing.T) {
			harness.Eventually(t, 15*time.Second, func() error {
				v, err := d.RPC().Call("supervisor.getState")
				if err != nil || v.(map[string]any)["statename"] != "RUNNING" {
					return errorf("state %v %v", v, err)
				}
				return nil
			})
			d.WaitSettled(t)
			waitFixture(t, d)
		}
		compare(t, d, invocation{args: args("reload")}, rules{}, ready)
		compare(t, d, invocation{args: args("-i reload"), stdin: "y\n"}, rules{}, ready)
		compare(t, d, invocation{stdin: "reload\nyes\n"}, rules{pids: true}, ready)
		ready(t)
	})
}

// TestShutdown compares `shutdown` on two identical daemons (it cannot be
// undone), then the clients' view of the daemon that is gone.
func TestShutdown(t *testing.T) {
	t.Parallel()
	loadHelp(t)
	harness.ForEachDaemon(t, func(t *testing.T, impl harness.Impl) {
		conf := harness.Conf(fixture)
		for _, inv := range []invocation{{args: args("shutdown")}, {args: args("-i shutdown"), stdin: "Y\n"}} {
			var ds [2]*harness.Daemon
			var res [2]harness.Result
			for i, c := range both {
				ds[i] = harness.Start(t, impl, conf)
				ds[i].WaitSettled(t)
				res[i] = ctlRun(t, c, ds[i], inv)
			}
			assertSame(t, res, rules{})
			for i := range ds {
				_, ok := ds[i].Wait(15 * time.Second)
				require.True(t, ok, "daemon exits after shutdown")
			}
			for _, line := range []string{"status", "shutdown", "pid", "avail"} {
				for i, c := range both {
					r := ctlRun(t, c, ds[i], invocation{args: args(line)})
					res[i] = harness.Result{Output: ds[i].Normalize(r.Output), ExitCode: r.ExitCode}
				}
				assertSame(t, res, rules{})
			}
		}
	})
}
