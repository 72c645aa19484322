package harness

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Poll calls cond every 20ms until it returns nil or timeout passes; it
// returns cond's last error on timeout.
func Poll(timeout time.Duration, cond func() error) error {
	deadline := time.Now().Add(timeout)
	for {
		err := cond()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Eventually is Poll that fails the test on timeout.
func Eventually(t testing.TB, timeout time.Duration, cond func() error) {
	t.Helper()
	if err := Poll(timeout, cond); err != nil {
		t.Fatalf("harness: condition not met after %v: %v", timeout, err)
	}
}

// Process states (supervisor.states.ProcessStates) used when waiting.
const (
	StateStopped  = 0
	StateStarting = 10
	StateRunning  = 20
	StateBackoff  = 30
	StateStopping = 40
	StateExited   = 100
	StateFatal    = 200
	StateUnknown  = 1000
)

// Settled reports nil when no process is in a transitional state
// (STARTING, BACKOFF, STOPPING) and no autostart process is still waiting
// for its first start.
func (d *Daemon) Settled() error {
	rpc := d.RPC()
	infos, err := rpc.Call("supervisor.getAllProcessInfo")
	if err != nil {
		return err
	}
	cfgs, err := rpc.Call("supervisor.getAllConfigInfo")
	if err != nil {
		return err
	}
	auto := map[string]bool{}
	for _, c := range asList(cfgs) {
		m := asMap(c)
		auto[fmt.Sprint(m["group"], ":", m["name"])] = m["autostart"] == true
	}
	for _, i := range asList(infos) {
		m := asMap(i)
		name := fmt.Sprint(m["group"], ":", m["name"])
		switch m["state"] {
		case StateStarting, StateBackoff, StateStopping:
			return fmt.Errorf("%s is %v", name, m["statename"])
		case StateStopped:
			if auto[name] && m["start"] == 0 {
				return fmt.Errorf("%s (autostart) not started yet", name)
			}
		}
	}
	return nil
}

// WaitSettled waits (up to 15s) until Settled reports nil.
func (d *Daemon) WaitSettled(t testing.TB) {
	t.Helper()
	Eventually(t, 15*time.Second, d.Settled)
}

// ProcessInfo returns supervisor.getProcessInfo(namespec) as a map.
func (d *Daemon) ProcessInfo(t testing.TB, namespec string) map[string]any {
	t.Helper()
	return asMap(d.RPC().MustCall(t, "supervisor.getProcessInfo", namespec))
}

// InState reports nil when namespec's statename is one of states.
func (d *Daemon) InState(namespec string, states ...string) error {
	v, err := d.RPC().Call("supervisor.getProcessInfo", namespec)
	if err != nil {
		return err
	}
	got := asMap(v)["statename"]
	for _, s := range states {
		if got == s {
			return nil
		}
	}
	return fmt.Errorf("%s is %v, want %v", namespec, got, states)
}

// WaitProcess waits (up to 15s) until namespec's statename is one of states.
func (d *Daemon) WaitProcess(t testing.TB, namespec string, states ...string) {
	t.Helper()
	Eventually(t, 15*time.Second, func() error { return d.InState(namespec, states...) })
}

// WaitLog waits (up to 15s) until the channel ("stdout" or "stderr") log
// of namespec, read over XML-RPC, contains text.
func (d *Daemon) WaitLog(t testing.TB, namespec, channel, text string) {
	t.Helper()
	method := "supervisor.readProcessStdoutLog"
	if channel == "stderr" {
		method = "supervisor.readProcessStderrLog"
	}
	rpc := d.RPC()
	Eventually(t, 15*time.Second, func() error {
		v, err := rpc.Call(method, namespec, 0, 0)
		if err != nil {
			return err
		}
		if s, _ := v.(string); !strings.Contains(s, text) {
			return fmt.Errorf("%s %s %s log: %q, want %q in it", d.Impl, namespec, channel, s, text)
		}
		return nil
	})
}

// WaitLines waits (up to 15s) until the file rel in the daemon's temp dir
// has at least n complete lines, and returns them without their newlines
// (a listener's record, a child's output file). A last line still being
// written is left out.
func (d *Daemon) WaitLines(t testing.TB, rel string, n int) []string {
	t.Helper()
	var lines []string
	err := Poll(15*time.Second, func() error {
		b, err := os.ReadFile(filepath.Join(d.Dir, rel))
		if err != nil {
			return err
		}
		lines = nil
		if end := strings.LastIndexByte(string(b), '\n'); end >= 0 {
			lines = strings.Split(string(b[:end]), "\n")
		}
		if len(lines) < n {
			return fmt.Errorf("only %d: %s", len(lines), strings.Join(lines, " | "))
		}
		return nil
	})
	if err != nil {
		t.Fatalf("harness: %s: %s has fewer than %d lines: %v\nmain log:\n%s", d.Impl, rel, n, err, d.MainLog())
	}
	return lines
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}
