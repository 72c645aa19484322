package rpc

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/compat/harness"
)

// pair is 4.2.5's daemon and ours, started with the same conf.
type pair struct {
	py, us *harness.Daemon
}

// daemons returns the two daemons, reference first.
func (p *pair) daemons() [2]*harness.Daemon { return [2]*harness.Daemon{p.py, p.us} }

// startPair starts both daemons in parallel and waits until both answer.
// Our half is skipped (with the reason) while our daemon cannot start, as
// everywhere in compat/ (GOSUPERVISORD_REQUIRE_GO=1 makes it a failure).
func startPair(t *testing.T, conf string, opts ...harness.Option) *pair {
	t.Helper()
	harness.RequireDaemon(t, harness.Python)
	harness.RequireDaemon(t, harness.Go)
	var p pair
	var errs [2]error
	var wg sync.WaitGroup
	for i, impl := range []harness.Impl{harness.Python, harness.Go} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := harness.StartErr(impl, conf, opts...)
			if d != nil {
				t.Cleanup(d.Stop)
			}
			if i == 0 {
				p.py = d
			} else {
				p.us = d
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	require.NoError(t, errors.Join(errs[:]...))
	return &p
}

// settle waits until neither daemon has a process in a transitional state.
func (p *pair) settle(t *testing.T) {
	t.Helper()
	for _, d := range p.daemons() {
		d.WaitSettled(t)
	}
}

// ctlCase is one stock supervisorctl command line run on both daemons.
type ctlCase struct {
	line string
	// setup brings a daemon into the state the command needs.
	setup func(t *testing.T, d *harness.Daemon)
	// stdin is fed to supervisorctl.
	stdin string
	// unordered compares the output lines as a set: 4.2.5 reports group
	// and "all" operations in the order the processes finish.
	unordered bool
	// pids also hides lines that are only a number (pid output).
	pids bool
	// want, if set, must be in 4.2.5's output: the case shows something.
	want string
}

// run runs the case on both daemons and compares.
func (c ctlCase) run(t *testing.T, p *pair) {
	t.Helper()
	var res [2]harness.Result
	for i, d := range p.daemons() {
		if c.setup != nil {
			c.setup(t, d)
		}
		res[i] = d.CtlInput(t, harness.Python, c.stdin, strings.Fields(c.line)...)
	}
	assert.Contains(t, res[0].Output, c.want, "4.2.5's output")
	sameOutput(t, p, res, c.pids, c.unordered)
}

// sameOutput requires the reference's and our result to match after
// normalisation.
func sameOutput(t *testing.T, p *pair, res [2]harness.Result, pids, unordered bool) {
	t.Helper()
	var out [2]string
	for i, d := range p.daemons() {
		out[i] = normalize(d, res[i].Output, pids, unordered)
	}
	assert.Equal(t, out[0], out[1], "output (4.2.5 vs ours); 4.2.5 said:\n%s\nours said:\n%s", res[0].Output, res[1].Output)
	assert.Equal(t, res[0].ExitCode, res[1].ExitCode, "exit code (4.2.5 vs ours); 4.2.5 said:\n%s", res[0].Output)
}

// tracebackLine hides where in Python's sources an error was raised
// (supervisorctl prints it for protocol errors).
var tracebackLine = regexp.MustCompile(`file: \S+ line: \d+`)

// normalize hides what legitimately differs between two daemons a moment
// apart (paths, pids, times, ports) and, if asked, the order of lines.
func normalize(d *harness.Daemon, s string, pids, unordered bool) string {
	if pids {
		s = d.NormalizePIDs(s)
	} else {
		s = d.Normalize(s)
	}
	s = tracebackLine.ReplaceAllString(s, "file: <FILE> line: <LINE>")
	if unordered {
		lines := strings.Split(s, "\n")
		sort.Strings(lines)
		s = strings.Join(lines, "\n")
	}
	return s
}

// faultCode returns the code of an XML-RPC fault, or 0.
func faultCode(err error) int {
	var f *harness.Fault
	if errors.As(err, &f) {
		return f.Code
	}
	return 0
}

// ensure starts (running) or stops the processes over XML-RPC and waits
// until they got there.
func ensure(t *testing.T, d *harness.Daemon, running bool, names ...string) {
	t.Helper()
	rpc := d.RPC()
	for _, n := range names {
		method, ok := "supervisor.stopProcess", 70 // NOT_RUNNING is fine
		if running {
			method, ok = "supervisor.startProcess", 60 // ALREADY_STARTED is fine
		}
		if _, err := rpc.Call(method, n); err != nil && faultCode(err) != ok {
			t.Fatalf("%s %s(%s): %v", d.Impl, method, n, err)
		}
		if running {
			d.WaitProcess(t, n, "RUNNING")
		} else {
			d.WaitProcess(t, n, "STOPPED", "EXITED", "FATAL")
		}
	}
}

// waitLog waits until the stdout log of name contains text.
func waitLog(t *testing.T, d *harness.Daemon, name, text string) {
	t.Helper()
	harness.Eventually(t, 10*time.Second, func() error {
		v, err := d.RPC().Call("supervisor.readProcessStdoutLog", name, 0, 0)
		if err != nil {
			return err
		}
		if s, _ := v.(string); !strings.Contains(s, text) {
			return fmt.Errorf("%s %s log: %q", d.Impl, name, s)
		}
		return nil
	})
}
