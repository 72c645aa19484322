package ctl

import (
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/harness"
)

// fixture is the conf shared by the read-only and state-changing tables:
// processes in every steady state, a heterogeneous group, a numprocs
// program, one without a log file and one with a long name.
const fixture = `
[program:sleeper]
command=sleep 1000
startsecs=0
stopwaitsecs=1

[program:echoer]
command=sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do echo "out line $i"; echo "err line $i" >&2; done; exec sleep 1000'
startsecs=0
stopwaitsecs=1

[group:grp]
programs=g1,g2

[program:g1]
command=sleep 1000
startsecs=0
stopwaitsecs=1

[program:g2]
command=sleep 1000
startsecs=0
stopwaitsecs=1
autostart=false

[program:multi]
command=sleep 1000
numprocs=2
process_name=%(program_name)s_%(process_num)s
startsecs=0
stopwaitsecs=1

[program:stopped]
command=sleep 1000
autostart=false
startsecs=0
stopwaitsecs=1

[program:exited]
command=sleep 0.2
startsecs=0
autorestart=false

[program:fatal]
command=/nonexistent/program
startretries=0

[program:notexec]
command=/etc/passwd
autostart=false

[program:nolog]
command=sleep 1000
startsecs=0
stopwaitsecs=1
stdout_logfile=NONE
stderr_logfile=NONE

[program:a_program_with_a_rather_long_name_xx]
command=sleep 1000
startsecs=0
stopwaitsecs=1
`

// readOnly are command lines that change nothing in the daemon, with the
// outcome 4.2.5 gives them (the comparison is what is tested; the comment
// says which path each one takes).
var readOnly = []string{
	// status: all, filters, bad names, exit 3 and 4
	"status", "status all", "status sleeper", "status grp:*", "status grp:", "status grp:g1",
	"status nosuch", "status nosuch:*", "status grp:zz", "status sleeper nosuch", "status multi:*",
	"status exited", "status fatal", "status stopped", "status a_program_with_a_rather_long_name_xx",
	"status sleeper sleeper", "status grp nosuch:", "status all nosuch",
	// pid
	"pid", "pid all", "pid sleeper", "pid stopped", "pid nosuch", "pid sleeper nosuch stopped", "pid grp:g1 all",
	// tail
	"tail echoer", "tail echoer stderr", "tail echoer STDERR", "tail -5 echoer", "tail -0 echoer",
	"tail --5 echoer", "tail -1_0 echoer", "tail +5 echoer", "tail nosuch", "tail nolog", "tail nolog stderr",
	"tail", "tail a b c d", "tail -x echoer", "tail echoer foo", "tail -f", "tail -99999999999 echoer",
	"tail grp:g1", "tail -5 echoer stderr", "tail -5 echoer stdout extra", "tail grp:*", "tail -",
	// maintail
	"maintail -300", "maintail x", "maintail -x", "maintail a b", "maintail -", "maintail -0",
	// version, avail, help
	"version", "version x", "avail", "avail x", "help", "help foo", "help EOF", "?", "? status",
	"help start stop",
	// the command loop itself
	"foo", "foo bar", "!ls", "status;x", "start-all", "EOF", "quit", "exit", "STATUS", "_x", "3",
	// fg refusals
	"fg", "fg a b", "fg nosuch", "fg stopped", "fg grp:",
	// open
	"open foo://x", "open http://[::1", "open", "open unix:///nonexistent/sock",
	// clear, signal, start, stop, restart refusals and no-ops
	"clear", "clear grp:*", "clear nosuch", "clear nosuch:", "signal", "signal HUP", "signal FOO sleeper",
	"signal HUP nosuch", "signal HUP stopped", "signal HUP nos:*", "signal HUP grp:g2",
	"start", "start nosuch", "start nosuch:*", "start sleeper", "start grp:g1", "start fatal",
	"start notexec", "start sleeper nosuch", "stop", "stop nosuch", "stop nosuch:*", "stop stopped",
	"stop exited", "restart",
	// process groups and config
	"add", "add nosuch", "add sleeper", "add sleeper nosuch", "remove nosuch", "remove sleeper",
	"update nosuch", "reread", "update", "update all", "shutdown x", "reload x",
}

// fixtureSettled reports nil once the fixture's short-lived programs
// have ended: exited EXITED, fatal FATAL.
func fixtureSettled(d *harness.Daemon) error {
	if err := d.InState("exited", "EXITED"); err != nil {
		return err
	}
	return d.InState("fatal", "FATAL")
}

// waitFixture waits until the fixture's short-lived programs have ended.
func waitFixture(t *testing.T, d *harness.Daemon) {
	t.Helper()
	harness.Eventually(t, 15*time.Second, func() error { return fixtureSettled(d) })
}

func TestReadOnlyCommands(t *testing.T) {
	t.Parallel()
	sharedFixtureCase(t, func(t *testing.T, d *harness.Daemon) {
		for _, line := range readOnly {
			t.Run(line, func(t *testing.T) {
				t.Parallel()
				compare(t, d, invocation{args: args(line)}, rules{}, nil)
			})
		}
		// the same over http://
		url := "http://127.0.0.1:" + d.Vars["port"]
		for _, line := range []string{"status", "pid all", "tail -20 echoer stderr", "version", "avail", "status nosuch", "fg nosuch"} {
			t.Run("http/"+line, func(t *testing.T) {
				t.Parallel()
				compare(t, d, invocation{args: append([]string{"-s", url}, args(line)...)}, rules{}, nil)
			})
		}
	})
}
