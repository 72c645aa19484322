package ctl

import (
	"syscall"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/harness"
	"github.com/stretchr/testify/require"
)

// step is one move in a scripted interaction with a running client.
type step struct {
	waitFor string                   // wait until the output contains this
	input   string                   // then write this to stdin
	close   bool                     // then close stdin
	signal  syscall.Signal           // then, once the client is idle (see CtlProc.WaitIdle), send this signal
	after   func(p *harness.CtlProc) // then call this with the client
}

// compareScript is compare for interactive runs: each client is started,
// driven through steps, and must then exit by itself.
func compareScript(t *testing.T, d *harness.Daemon, inv invocation, r rules, setup func(t *testing.T), steps []step) [2]harness.Result {
	t.Helper()
	var res [2]harness.Result
	for i, impl := range both {
		if setup != nil {
			setup(t)
		}
		p := harness.StartCtl(t, inv.ctlRun(impl, d))
		for _, s := range steps {
			if s.waitFor != "" {
				p.WaitOutput(t, s.waitFor, 15*time.Second)
			}
			if s.input != "" {
				p.Input(s.input)
			}
			if s.close {
				p.CloseInput()
			}
			if s.signal != 0 {
				p.WaitIdle(t, 200*time.Millisecond)
				require.NoError(t, p.Signal(s.signal))
			}
			if s.after != nil {
				s.after(p)
			}
		}
		res[i] = p.Wait(t, 20*time.Second)
	}
	assertSame(t, res, r)
	return res
}
