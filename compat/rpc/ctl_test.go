package rpc

import (
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/harness"
)

// fixture has processes in every steady state, a heterogeneous group, a
// numprocs program, a process that ignores the signals the tests send, one
// that fails to start and one whose command does not exist. The ignorer
// has set its traps once RUNNING (startsecs=1). The heartbeat keeps 4.2.5
// from taking a second for each state change (see harness.Heartbeat).
const fixture = harness.Heartbeat + `
[program:sleeper]
command=sleep 1000
startsecs=0
stopwaitsecs=2

[program:echoer]
command=sh -c 'echo out-line; echo err-line >&2; exec sleep 1000'
startsecs=0
stopwaitsecs=2

[program:quick]
command=sh -c 'exit 3'
startsecs=1
startretries=0
autostart=false

[program:missing]
command=/nonexistent/cmd
autostart=false

[program:multi]
command=sleep 1000
numprocs=2
process_name=%(program_name)s_%(process_num)d
startsecs=0
stopwaitsecs=2

[group:grp]
programs=g1,g2

[program:g1]
command=sleep 1000
startsecs=0
stopwaitsecs=2

[program:g2]
command=sleep 1000
startsecs=0
stopwaitsecs=2
autostart=false

[program:ignorer]
command=sh -c 'trap "" HUP USR1; echo ready; exec sleep 1000'
startsecs=1
stopwaitsecs=2

[program:cat]
command=cat
startsecs=0
stopwaitsecs=2

[program:stopped]
command=sleep 1000
autostart=false
startsecs=0
stopwaitsecs=2
`

// Processes running and stopped in the fixture's settled state.
var (
	runningAtStart = []string{"heartbeat", "sleeper", "echoer", "multi:multi_0", "multi:multi_1", "grp:g1", "ignorer", "cat"}
	stoppedAtStart = []string{"grp:g2", "stopped", "quick", "missing"}
)

// startFixture starts both daemons on the fixture, settled.
func startFixture(t *testing.T) harness.Pair {
	t.Helper()
	p := harness.StartPair(t, harness.Conf(fixture))
	p.Settle(t)
	for _, d := range p {
		d.WaitLog(t, "ignorer", "stdout", "ready")
		d.WaitLog(t, "echoer", "stdout", "out-line")
		d.WaitLog(t, "echoer", "stderr", "err-line")
	}
	return p
}

// reset brings a daemon back to the fixture's settled state, then stops
// and starts the given processes. Only processes not already in their
// state are touched, and only once none is in a transitional state (4.2.5
// may still be a tick away from where ours already is).
func reset(stop []string, start ...string) func(t *testing.T, d *harness.Daemon) {
	return func(t *testing.T, d *harness.Daemon) {
		d.WaitSettled(t)
		var names []string
		running := map[string]bool{} // what each process should be
		want := func(run bool, namespecs ...string) {
			for _, n := range namespecs {
				if _, seen := running[n]; !seen {
					names = append(names, n)
				}
				running[n] = run
			}
		}
		want(true, runningAtStart...)
		want(false, stoppedAtStart...)
		want(false, stop...)
		want(true, start...)
		states := processStates(t, d)
		var toStop, toStart []string
		for _, n := range names {
			switch s := states[n]; {
			case running[n] && s != "RUNNING":
				toStart = append(toStart, n)
			case !running[n] && s != "STOPPED" && s != "EXITED" && s != "FATAL":
				toStop = append(toStop, n)
			}
		}
		d.EnsureStopped(t, toStop...)
		d.EnsureRunning(t, toStart...)
	}
}

// processStates returns every process's statename by namespec.
func processStates(t *testing.T, d *harness.Daemon) map[string]string {
	t.Helper()
	v := d.RPC().MustCall(t, "supervisor.getAllProcessInfo")
	states := map[string]string{}
	for _, x := range v.([]any) {
		m := x.(map[string]any)
		name := m["name"].(string)
		if g := m["group"].(string); g != name {
			name = g + ":" + name
		}
		states[name] = m["statename"].(string)
	}
	return states
}

// TestStockCtlCommands runs the stock supervisorctl's commands against
// 4.2.5 and ours in the same states: status, start, stop, restart and
// signal by name, group:* and all, pid, tail, clear, avail, version, fg.
func TestStockCtlCommands(t *testing.T) {
	t.Parallel()
	p := startFixture(t)
	base := reset(nil)
	cases := []ctlCase{
		{line: "status", setup: base, want: "grp:g1                           RUNNING   pid "},
		{line: "status sleeper nosuch grp:* multi: nogroup:x", setup: base},
		{line: "status grp:g2 stopped", setup: base},
		{line: "status all", setup: reset([]string{"sleeper"})},

		{line: "start stopped", setup: base, want: "stopped: started"},
		{line: "start sleeper", setup: base},
		{line: "start quick", setup: base, want: "quick: ERROR (spawn error)"},
		{line: "start missing nosuch nogroup:*", setup: base, want: "missing: ERROR (no such file)"},
		{line: "start grp:*", setup: base},
		{line: "start grp:g2 stopped", setup: base},
		{line: "start multi:", setup: reset([]string{"multi:multi_0", "multi:multi_1"}), unordered: true},
		{line: "start all", setup: base, unordered: true},
		{line: "start", setup: base},

		{line: "stop sleeper", setup: base, want: "sleeper: stopped"},
		{line: "stop stopped nosuch", setup: base},
		{line: "stop grp:", setup: reset(nil, "grp:g2"), unordered: true},
		{line: "stop multi:*", setup: base, unordered: true},
		{line: "stop all", setup: base, unordered: true},
		{line: "stop", setup: base},

		{line: "restart sleeper", setup: base, want: "sleeper: started"},
		{line: "restart stopped", setup: base},
		{line: "restart multi:*", setup: base, unordered: true},
		{line: "restart sleeper nosuch grp:g1", setup: base},
		{line: "restart all", setup: base, unordered: true},

		{line: "signal HUP ignorer", setup: base, want: "ignorer: signalled"},
		{line: "signal usr1 ignorer sleeper:sleeper", setup: base},
		{line: "signal BOGUS ignorer", setup: base, want: "ERROR (bad signal name)"},
		{line: "signal HUP stopped nosuch", setup: base},
		{line: "signal 0 grp:*", setup: base, unordered: true},
		{line: "signal 0 all", setup: base, unordered: true},
		{line: "signal HUP", setup: base},

		{line: "pid", setup: base, pids: true},
		{line: "pid sleeper", setup: base, pids: true, want: "\n"},
		{line: "pid stopped", setup: base, pids: true},
		{line: "pid all", setup: base, pids: true},
		{line: "pid nosuch", setup: base, pids: true},

		{line: "tail echoer", setup: base, want: "out-line"},
		{line: "tail -4 echoer", setup: base},
		{line: "tail echoer stderr", setup: base, want: "err-line"},
		{line: "tail stopped", setup: base},
		{line: "tail nosuch", setup: base},
		{line: "tail echoer bogus", setup: base},

		{line: "clear echoer", setup: base, want: "echoer: cleared"},
		{line: "clear echoer nosuch grp:*", setup: base},
		{line: "clear all", setup: base, unordered: true},

		{line: "avail", setup: base, want: "in use"},
		{line: "version", setup: base, want: "4.2.5"},
		{line: "version x", setup: base},

		{line: "fg", setup: base},
		{line: "fg nosuch", setup: base},
		{line: "fg stopped", setup: base, want: "ERROR: process not running"},
	}
	for _, c := range cases {
		t.Run(c.line, func(t *testing.T) { c.run(t, p) })
	}
}
