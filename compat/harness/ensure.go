package harness

import "testing"

// Fault codes that EnsureRunning and EnsureStopped accept: the process was
// already where it was asked to go.
const (
	faultAlreadyStarted = 60
	faultNotRunning     = 70
)

// EnsureRunning starts each named process over XML-RPC unless it runs
// already, and waits until it is RUNNING.
func (d *Daemon) EnsureRunning(t testing.TB, namespecs ...string) {
	t.Helper()
	d.ensure(t, "supervisor.startProcess", faultAlreadyStarted, namespecs, "RUNNING")
}

// EnsureStopped stops each named process over XML-RPC unless it is not
// running, and waits until it is STOPPED, EXITED or FATAL.
func (d *Daemon) EnsureStopped(t testing.TB, namespecs ...string) {
	t.Helper()
	d.ensure(t, "supervisor.stopProcess", faultNotRunning, namespecs, "STOPPED", "EXITED", "FATAL")
}

func (d *Daemon) ensure(t testing.TB, method string, alreadyThere int, namespecs []string, states ...string) {
	t.Helper()
	rpc := d.RPC()
	for _, n := range namespecs {
		if _, err := rpc.Call(method, n); err != nil && FaultCode(err) != alreadyThere {
			t.Fatalf("harness: %s %s(%s): %v", d.Impl, method, n, err)
		}
		d.WaitProcess(t, n, states...)
	}
}
