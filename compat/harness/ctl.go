package harness

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Result is the outcome of one supervisorctl run.
type Result struct {
	// Output is stdout and stderr interleaved as written (one pipe).
	Output string
	// ExitCode is the exit status; -1 if the process died from a signal.
	ExitCode int
}

// String shows the exit status and the output, for failure messages.
func (r Result) String() string { return fmt.Sprintf("exit %d:\n%s", r.ExitCode, r.Output) }

// CtlRun describes one supervisorctl invocation.
type CtlRun struct {
	Impl  Impl     // which supervisorctl
	Args  []string // the whole argument list (no -c is added)
	Stdin string   // fed on stdin, then EOF
	Env   []string // extra KEY=VALUE entries
	Dir   string   // working directory ("" = current)
	// Argv0, if set, is passed as argv[0] (the default is the binary path).
	Argv0 string
	// Bin, if set, is the program to run instead of Impl's supervisorctl
	// (e.g. a copy placed elsewhere to test the config search).
	Bin string
	// Timeout kills the run by PID after this long (default 20s) and fails
	// the test.
	Timeout time.Duration
}

// RunCtl runs supervisorctl as described and returns its combined output
// and exit code.
func RunCtl(t testing.TB, run CtlRun) Result {
	t.Helper()
	p := StartCtl(t, run)
	timeout := run.Timeout
	if timeout == 0 {
		timeout = 20 * time.Second
	}
	return p.Wait(t, timeout)
}

// Ctl runs supervisorctl of impl as `supervisorctl -c CONF args...` in the
// daemon's temp dir.
func (d *Daemon) Ctl(t testing.TB, impl Impl, args ...string) Result {
	t.Helper()
	return RunCtl(t, CtlRun{Impl: impl, Args: append([]string{"-c", d.ConfPath}, args...), Dir: d.Dir, Env: []string{MarkerVar + "=" + d.Marker}})
}

// CtlInput is Ctl with stdin.
func (d *Daemon) CtlInput(t testing.TB, impl Impl, stdin string, args ...string) Result {
	t.Helper()
	return RunCtl(t, CtlRun{Impl: impl, Args: append([]string{"-c", d.ConfPath}, args...), Dir: d.Dir, Stdin: stdin, Env: []string{MarkerVar + "=" + d.Marker}})
}

// CtlProc is a supervisorctl started by StartCtl and still running.
type CtlProc struct {
	cmd   *exec.Cmd
	out   *syncBuffer
	stdin io.WriteCloser
	done  chan struct{}
	err   error
}

// StartCtl starts supervisorctl without waiting for it (for tail -f, fg and
// interactive sessions). The process runs in a new session, without a
// controlling terminal. If run.Stdin is set it is written and stdin stays
// open; write more with Input, end it with CloseInput. The process is
// killed by PID at cleanup if still running.
func StartCtl(t testing.TB, run CtlRun) *CtlProc {
	t.Helper()
	bin := run.Bin
	if bin == "" {
		var err error
		if bin, err = CtlPath(run.Impl); err != nil {
			t.Fatalf("%v", err)
		}
	}
	p := &CtlProc{out: &syncBuffer{}, done: make(chan struct{})}
	// A program written just before (TestConfigSearch copies the clients)
	// can be busy for a moment: a process forked meanwhile elsewhere in
	// the test binary holds the writer's descriptor until it execs.
	var err error
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		err = p.start(bin, run)
		if !errors.Is(err, syscall.ETXTBSY) || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		t.Fatalf("harness: start %s: %v", bin, err)
	}
	cmd := p.cmd
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = cmd.Process.Kill()
			<-p.done
		}
	})
	if run.Stdin != "" {
		p.Input(run.Stdin)
	}
	return p
}

// start makes and starts p's command as run describes.
func (p *CtlProc) start(bin string, run CtlRun) error {
	cmd := exec.Command(bin, run.Args...)
	if run.Argv0 != "" {
		cmd.Args[0] = run.Argv0
	}
	cmd.Dir = run.Dir
	cmd.Env = append(os.Environ(), run.Env...)
	// A new session: no controlling terminal, so getpass and friends
	// behave the same whether or not the tests run from a terminal.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	cmd.Stdout = p.out
	cmd.Stderr = p.out
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	p.cmd, p.stdin = cmd, stdin
	return nil
}

// Input writes s to the process's stdin.
func (p *CtlProc) Input(s string) { _, _ = io.WriteString(p.stdin, s) }

// CloseInput closes stdin (the process sees EOF).
func (p *CtlProc) CloseInput() { _ = p.stdin.Close() }

// Output returns the output so far.
func (p *CtlProc) Output() string { return p.out.String() }

// PID is the process id.
func (p *CtlProc) PID() int { return p.cmd.Process.Pid }

// Signal sends sig to the process by PID.
func (p *CtlProc) Signal(sig syscall.Signal) error { return syscall.Kill(p.PID(), sig) }

// Sockets returns how many sockets the process has open, or -1 once it
// has exited (from /proc/<pid>/fd).
func (p *CtlProc) Sockets() int {
	select {
	case <-p.done:
		return -1
	default:
	}
	dir := "/proc/" + strconv.Itoa(p.PID()) + "/fd"
	entries, err := os.ReadDir(dir)
	if err != nil {
		return -1
	}
	n := 0
	for _, e := range entries {
		if target, err := os.Readlink(dir + "/" + e.Name()); err == nil && strings.HasPrefix(target, "socket:") {
			n++
		}
	}
	return n
}

// WaitIdle waits (up to 10s) until the process is asleep and its output
// has not changed for quiet. 4.2.5's client turns a Ctrl-C that lands
// while it handles stream data, rather than while it waits in select,
// into a "Cannot connect, error: <class 'KeyboardInterrupt'>" line: send
// it only once the client is idle.
func (p *CtlProc) WaitIdle(t testing.TB, quiet time.Duration) {
	t.Helper()
	last, since := p.Output(), time.Now()
	err := Poll(10*time.Second, func() error {
		if out := p.Output(); out != last {
			last, since = out, time.Now()
		}
		if time.Since(since) < quiet {
			return fmt.Errorf("output not quiet for %v yet", quiet)
		}
		if state, _, _, ok := procStat(p.PID()); ok && state != 'S' {
			return fmt.Errorf("process is in state %c, not asleep", state)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("harness: client never idle: %v; output:\n%s", err, last)
	}
}

// WaitOutput waits until the output contains want, failing the test after
// timeout.
func (p *CtlProc) WaitOutput(t testing.TB, want string, timeout time.Duration) {
	t.Helper()
	if err := Poll(timeout, func() error {
		if strings.Contains(p.Output(), want) {
			return nil
		}
		return fmt.Errorf("output so far:\n%s", p.Output())
	}); err != nil {
		t.Fatalf("harness: waiting for %q: %v", want, err)
	}
}

// Wait closes stdin, waits up to timeout for the process to exit and
// returns its result; on timeout it kills the process and fails the test.
func (p *CtlProc) Wait(t testing.TB, timeout time.Duration) Result {
	t.Helper()
	p.CloseInput()
	select {
	case <-p.done:
	case <-time.After(timeout):
		_ = p.cmd.Process.Kill()
		<-p.done
		t.Fatalf("harness: %s did not exit within %v; output:\n%s", strings.Join(p.cmd.Args, " "), timeout, p.Output())
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(p.err, &ee) {
		code = ee.ExitCode()
	}
	return Result{Output: p.Output(), ExitCode: code}
}
