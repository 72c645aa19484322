package rpc

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/compat/harness"
)

// banner is what supervisorctl prints when it starts following a stream.
const banner = "==> Press Ctrl-C to exit <=="

// streamCase is a following supervisorctl command: started on a daemon,
// fed while it runs, then interrupted like a user's Ctrl-C.
type streamCase struct {
	line  string
	setup func(t *testing.T, d *harness.Daemon)
	// feed makes the daemon produce what the client should show, and
	// waits until the client showed it.
	feed func(t *testing.T, d *harness.Daemon, ctl *harness.CtlProc)
	// lingers is the last line of a client that does not exit after Ctrl-C:
	// 4.2.5's fg keeps a thread reading the log stream, so the stock client
	// hangs after "Exiting foreground" (with 4.2.5 as with us); it is
	// killed once it printed that.
	lingers string
}

func (c streamCase) run(t *testing.T, p harness.Pair) {
	t.Helper()
	var res [2]harness.Result
	for i, d := range p {
		if c.setup != nil {
			c.setup(t, d)
		}
		ctl := harness.StartCtl(t, harness.CtlRun{Impl: harness.Python,
			Args: append([]string{"-c", d.ConfPath}, strings.Fields(c.line)...), Dir: d.Dir})
		ctl.WaitOutput(t, banner, 10*time.Second)
		c.feed(t, d, ctl)
		ctl.WaitIdle(t, 200*time.Millisecond)
		require.NoError(t, ctl.Signal(syscall.SIGINT))
		if c.lingers != "" {
			ctl.WaitOutput(t, c.lingers, 10*time.Second)
			require.NoError(t, ctl.Signal(syscall.SIGKILL))
		}
		res[i] = ctl.Wait(t, 10*time.Second)
	}
	sameOutput(t, p, res, false, false)
}

// TestStockCtlStreams follows logs with the stock supervisorctl: tail -f
// (stdout and stderr) and fg, which read /logtail, and maintail -f, which
// reads /mainlogtail; and maintail, which reads the main log by RPC.
func TestStockCtlStreams(t *testing.T) {
	t.Parallel()
	p := startFixture(t)
	clearLogs := func(t *testing.T, d *harness.Daemon) {
		reset(nil)(t, d)
		d.RPC().MustCall(t, "supervisor.clearProcessLogs", "cat")
		d.RPC().MustCall(t, "supervisor.clearLog")
	}
	sendToCat := func(text string) func(t *testing.T, d *harness.Daemon, ctl *harness.CtlProc) {
		return func(t *testing.T, d *harness.Daemon, ctl *harness.CtlProc) {
			d.RPC().MustCall(t, "supervisor.sendProcessStdin", "cat", text)
			ctl.WaitOutput(t, text, 10*time.Second)
		}
	}
	cases := []streamCase{
		{line: "tail -f cat", setup: clearLogs, feed: sendToCat("live line\n")},
		{line: "tail -f cat stdout", setup: clearLogs, feed: sendToCat("first\nsecond\n")},
		{line: "tail -f echoer stderr", setup: clearLogs, feed: func(t *testing.T, d *harness.Daemon, ctl *harness.CtlProc) {
			ctl.WaitOutput(t, "err-line\n", 10*time.Second)
		}},
		{line: "maintail -f", setup: clearLogs, feed: func(t *testing.T, d *harness.Daemon, ctl *harness.CtlProc) {
			d.RPC().MustCall(t, "supervisor.startProcess", "stopped")
			ctl.WaitOutput(t, "success: stopped entered RUNNING state", 10*time.Second)
		}},
		{line: "fg cat", setup: clearLogs, feed: func(t *testing.T, d *harness.Daemon, ctl *harness.CtlProc) {
			ctl.Input("typed in fg\n")
			ctl.WaitOutput(t, "typed in fg\n", 10*time.Second) // cat's answer (stdin is no tty: no echo)
		}, lingers: "Exiting foreground\n"},
	}
	for _, c := range cases {
		t.Run(c.line, func(t *testing.T) { c.run(t, p) })
	}

	// The main log after a clear holds what happened since.
	clearAndSpawn := func(t *testing.T, d *harness.Daemon) {
		clearLogs(t, d)
		d.RPC().MustCall(t, "supervisor.startProcess", "stopped")
		harness.Eventually(t, 10*time.Second, func() error {
			v, err := d.RPC().Call("supervisor.readLog", 0, 0)
			if s, _ := v.(string); err == nil && !strings.Contains(s, "success: stopped") {
				err = fmt.Errorf("main log: %q", s)
			}
			return err
		})
	}
	for _, c := range []ctlCase{
		{line: "maintail", setup: clearAndSpawn, want: "spawned: 'stopped' with pid"},
		{line: "maintail -30", setup: clearAndSpawn, want: "(startsecs)"},
	} {
		t.Run(c.line, func(t *testing.T) { c.run(t, p) })
	}
}
