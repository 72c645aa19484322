package ctl

import (
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/harness"
)

// processFixture adds to fixture a process that ignores the signals the
// tests send, one that dies during its startsecs, and a heartbeat that
// keeps 4.2.5 from taking a second for each state change.
const processFixture = fixture + harness.Heartbeat + `
[program:ignorer]
command=sh -c 'trap "" HUP USR1 USR2; exec sleep 1000'
startsecs=0
stopwaitsecs=1

[program:quick]
command=sh -c 'exit 3'
startsecs=1
startretries=0
autostart=false
`

// resetAll brings every process back to the fixture's settled state.
func resetAll(t *testing.T, d *harness.Daemon) {
	t.Helper()
	d.EnsureRunning(t, "heartbeat", "sleeper", "echoer", "grp:g1", "multi:multi_0", "multi:multi_1", "nolog",
		"a_program_with_a_rather_long_name_xx", "ignorer")
	d.EnsureStopped(t, "grp:g2", "stopped", "quick", "exited")
}

func TestStateChangingCommands(t *testing.T) {
	t.Parallel()
	type stateCase struct {
		line  string
		setup func(t *testing.T, d *harness.Daemon)
		// unordered: the daemon answers group/all operations in the
		// order the processes happen to finish, which varies from run
		// to run (4.2.5 too), so the lines are compared as a set.
		unordered bool
	}
	stop := func(names ...string) func(*testing.T, *harness.Daemon) {
		return func(t *testing.T, d *harness.Daemon) { resetAll(t, d); d.EnsureStopped(t, names...) }
	}
	cases := []stateCase{
		{line: "start sleeper", setup: stop("sleeper")},
		{line: "start grp:*", setup: stop("grp:g1")},
		{line: "start grp:", setup: stop("grp:g1")},
		{line: "start grp:g2 sleeper nosuch", setup: stop("sleeper")},
		{line: "start all", unordered: true, setup: stop("sleeper", "grp:g1")},
		{line: "start quick", setup: stop()},
		{line: "start quick sleeper", setup: stop("sleeper")},
		{line: "start multi:* grp:g2", setup: stop("multi:multi_0")},
		{line: "stop sleeper", setup: stop()},
		{line: "stop grp:*", unordered: true, setup: stop()},
		{line: "stop sleeper stopped nosuch", setup: stop()},
		{line: "stop all", unordered: true, setup: stop()},
		{line: "stop multi: grp:", unordered: true, setup: stop()},
		{line: "restart sleeper", setup: stop()},
		{line: "restart stopped", setup: stop()},
		{line: "restart grp:*", unordered: true, setup: stop()},
		{line: "restart sleeper nosuch grp:g2", setup: stop()},
		{line: "restart all", unordered: true, setup: stop()},
		{line: "signal HUP ignorer", setup: stop()},
		{line: "signal usr1 ignorer", setup: stop()},
		{line: "signal SIGUSR2 ignorer sleeper", setup: stop("sleeper")},
		{line: "signal 1 ignorer", setup: stop()},
		{line: "signal KILL sleeper", setup: stop()},
		{line: "signal HUP all", unordered: true, setup: stop()},
		{line: "signal HUP grp:*", unordered: true, setup: stop()},
		{line: "clear echoer", setup: stop()},
		{line: "clear echoer nosuch grp:g1", setup: stop()},
		{line: "pid sleeper", setup: stop("sleeper")},
		{line: "status", setup: stop("sleeper", "grp:g1")},
		{line: "fg sleeper", setup: stop("sleeper")},
	}
	daemonCase(t, processFixture, func(t *testing.T, d *harness.Daemon) {
		for _, c := range cases {
			t.Run(c.line, func(t *testing.T) {
				compare(t, d, invocation{args: args(c.line)}, rules{pids: true, sortLines: c.unordered}, func(t *testing.T) { c.setup(t, d) })
			})
		}
	})
}

// TestClearThenTail checks the log is really gone after each client's
// clear, as seen by the other client.
func TestClearThenTail(t *testing.T) {
	t.Parallel()
	daemonCase(t, processFixture, func(t *testing.T, d *harness.Daemon) {
		for _, impl := range both {
			// refill runs echoer again on empty logs until it has written
			// all its lines: nothing comes after the client's clear.
			refill := func(t *testing.T) {
				d.EnsureStopped(t, "echoer")
				d.RPC().MustCall(t, "supervisor.clearProcessLogs", "echoer")
				d.EnsureRunning(t, "echoer")
				d.WaitLog(t, "echoer", "stdout", "out line 10\n")
				d.WaitLog(t, "echoer", "stderr", "err line 10\n")
			}
			refill(t)
			r := ctlRun(t, impl, d, invocation{args: args("clear echoer")})
			if r.Output != "echoer: cleared\n" {
				t.Fatalf("%s clear: %v", impl, r)
			}
			compare(t, d, invocation{args: args("tail echoer stderr")}, rules{}, nil)
		}
	})
}
