package ctl

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/harness"
)

// streamFixture has quiet programs with known log content, and a cat that
// echoes its stdin, for tail -f, maintail -f and fg (and a heartbeat, see
// harness.Heartbeat).
const streamFixture = harness.Heartbeat + `
[program:talker]
command=sh -c 'i=0; while [ $i -lt 200 ]; do i=$((i+1)); echo "stdout line $i"; echo "stderr line $i" >&2; done; echo done; exec sleep 1000'
startsecs=0
stopwaitsecs=1

[program:cat]
command=sh -c 'echo ready $$; echo err-ready $$ >&2; exec cat'
startsecs=0
stopwaitsecs=1

`

func TestStreams(t *testing.T) {
	t.Parallel()
	daemonCase(t, streamFixture, func(t *testing.T, d *harness.Daemon) {
		// the talker has written everything: what tail -f shows first is
		// the same for both clients
		d.WaitLog(t, "talker", "stdout", "stdout line 200\ndone\n")
		d.WaitLog(t, "talker", "stderr", "stderr line 200\n")
		url := "http://127.0.0.1:" + d.Vars["port"]
		for _, line := range []string{"tail -f talker", "tail -f talker stderr", "-s " + url + " tail -f talker"} {
			t.Run(line, func(t *testing.T) {
				t.Parallel()
				compareScript(t, d, invocation{args: args(line)}, rules{}, nil, []step{
					{waitFor: "line 200\n"}, {signal: syscall.SIGINT},
				})
			})
		}
		t.Run("tail -f nosuch", func(t *testing.T) {
			// the upcheck passes, then the stream gets a 404 and ends
			compare(t, d, invocation{args: args("tail -f nosuch")}, rules{}, nil)
		})
		t.Run("maintail -f", func(t *testing.T) {
			compareScript(t, d, invocation{args: args("maintail -f")}, rules{}, nil, []step{
				{waitFor: "entered RUNNING state"}, {signal: syscall.SIGINT},
			})
		})
	})
}

// TestFg compares fg sessions. Each starts with the process's logs
// cleared, so what the log streams show is exactly what the session
// produces.
func TestFg(t *testing.T) {
	t.Parallel()
	daemonCase(t, streamFixture, func(t *testing.T, d *harness.Daemon) {
		// fresh restarts cat and, once it has said it is ready, empties its
		// logs: the fg streams then show only what the session makes cat
		// echo. (cat says its pid: a cat stopped just before may still
		// have its "ready" lines logged late.)
		fresh := func(t *testing.T) {
			d.EnsureStopped(t, "cat")
			d.EnsureRunning(t, "cat")
			pid := d.ProcessInfo(t, "cat")["pid"]
			d.WaitLog(t, "cat", "stdout", fmt.Sprintf("ready %v\n", pid))
			d.WaitLog(t, "cat", "stderr", fmt.Sprintf("err-ready %v\n", pid))
			d.RPC().MustCall(t, "supervisor.clearProcessLogs", "cat")
		}
		// 4.2.5's fg leaves its log-streaming thread in a 30s select when
		// its user leaves; output from the process wakes it so that the
		// client exits. The output must come once the client has closed
		// its log streams (right after "Exiting foreground"), or it is
		// shown.
		wake := func(p *harness.CtlProc) {
			waitStreamsClosed(t, p)
			d.RPC().Call("supervisor.sendProcessStdin", "cat", "wake\n")
		}
		t.Run("input and end of input", func(t *testing.T) {
			compareScript(t, d, invocation{args: args("fg cat")}, rules{}, fresh, []step{
				{waitFor: "==> Press Ctrl-C to exit <==\n", input: "hello\n"},
				{waitFor: "hello\n", input: "world\n"},
				{waitFor: "world\n", close: true},
				{waitFor: "Exiting foreground\n", after: wake},
			})
		})
		t.Run("ctrl-c", func(t *testing.T) {
			compareScript(t, d, invocation{args: args("fg cat")}, rules{}, fresh, []step{
				{waitFor: "==> Press Ctrl-C to exit <==\n", input: "again\n"},
				{waitFor: "again\n", signal: syscall.SIGINT},
				{waitFor: "Exiting foreground\n", after: wake},
			})
		})
		t.Run("process stops", func(t *testing.T) {
			compareScript(t, d, invocation{args: args("fg cat")}, rules{}, fresh, []step{
				{waitFor: "==> Press Ctrl-C to exit <==\n", input: "hello\n"},
				{waitFor: "hello\n", after: func(*harness.CtlProc) { d.EnsureStopped(t, "cat") }},
				{input: "x\n"},
				{waitFor: "Exiting foreground\n", after: func(p *harness.CtlProc) {
					waitStreamsClosed(t, p)
					d.EnsureRunning(t, "cat") // writes "ready": wakes 4.2.5's thread
				}},
			})
		})
	})
}

// waitStreamsClosed waits until the fg client p has closed its sockets
// (4.2.5 closes its log streams and its RPC connection once it has said
// "Exiting foreground", while its streaming thread lingers) or exited.
func waitStreamsClosed(t *testing.T, p *harness.CtlProc) {
	t.Helper()
	harness.Eventually(t, 10*time.Second, func() error {
		if n := p.Sockets(); n > 0 {
			return errorf("client still has %d sockets open", n)
		}
		return nil
	})
}
