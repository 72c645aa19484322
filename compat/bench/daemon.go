package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// daemon is one supervisord-compatible daemon in its own temp dir, with a
// generated conf, a unique token in its environment, in its own session.
type daemon struct {
	template string // command template with {conf}
	label    string // "A" or "B"
	token    string
	dir      string
	port     int
	sockPath string
	confPath string
	programs []program
	minfds   int

	cmd      *exec.Cmd
	pid      int // the measured daemon pid (the pidfile's, for wrappers)
	done     chan struct{}
	launched time.Time
}

// newDaemon prepares (but does not start) a daemon running programs.
func newDaemon(template, label string, programs []program) (*daemon, error) {
	tok := make([]byte, 16)
	rand.Read(tok)
	dir, err := makeTempDir(os.TempDir(), "d")
	if err != nil {
		return nil, err
	}
	d := &daemon{template: template, label: label, token: hex.EncodeToString(tok),
		dir: dir, programs: programs, minfds: 4096}
	d.sockPath = filepath.Join(dir, "supervisor.sock")
	d.confPath = filepath.Join(dir, "supervisord.conf")
	if err := os.Mkdir(filepath.Join(dir, "childlogs"), 0o755); err != nil {
		removeTempDir(dir)
		return nil, err
	}
	return d, nil
}

// path returns a path inside the daemon's temp dir.
func (d *daemon) path(name string) string { return filepath.Join(d.dir, name) }

// writeConf picks a free port and writes the conf.
func (d *daemon) writeConf() error {
	p, err := freePort()
	if err != nil {
		return err
	}
	d.port = p
	return os.WriteFile(d.confPath, []byte(renderConf(d.dir, d.port, d.minfds, d.programs)), 0o644)
}

// freePort returns a currently free 127.0.0.1 TCP port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// argv expands the template: {conf} is replaced and the result split on
// whitespace, honouring single and double quotes (no shell involved).
func expandTemplate(template, conf string) ([]string, error) {
	var out []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range strings.ReplaceAll(template, "{conf}", conf) {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated quote in %q", template)
	}
	if inWord {
		out = append(out, cur.String())
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty command template")
	}
	return out, nil
}

// launch starts the daemon process (conf written first).
func (d *daemon) launch() error {
	if err := d.writeConf(); err != nil {
		return err
	}
	argv, err := expandTemplate(d.template, d.confPath)
	if err != nil {
		return err
	}
	out, err := os.Create(d.path("daemon.out"))
	if err != nil {
		return err
	}
	defer out.Close()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = d.dir
	cmd.Env = append(os.Environ(), tokenEnv+"="+d.token)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = childAttr()
	d.launched = time.Now()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("cannot launch %q: %v", argv[0], err)
	}
	d.cmd, d.pid = cmd, cmd.Process.Pid
	d.done = make(chan struct{})
	registry.Lock()
	registry.daemons[d] = true
	registry.Unlock()
	go func(done chan struct{}) { cmd.Wait(); close(done) }(d.done)
	return nil
}

// exited reports whether the launched process has exited.
func (d *daemon) exited() bool {
	if d.done == nil {
		return true
	}
	select {
	case <-d.done:
		return true
	default:
		return false
	}
}

// outputTail returns the end of the daemon's stdout/stderr and main log.
func (d *daemon) outputTail() string {
	var parts []string
	for _, name := range []string{"daemon.out", "supervisord.log"} {
		data, err := os.ReadFile(d.path(name))
		if err != nil || len(strings.TrimSpace(string(data))) == 0 {
			continue
		}
		if len(data) > 300 {
			data = data[len(data)-300:]
		}
		parts = append(parts, strings.ReplaceAll(strings.TrimSpace(string(data)), "\n", " / "))
	}
	return strings.Join(parts, " | ")
}

// checkAlive fails if the daemon has exited.
func (d *daemon) checkAlive() error {
	if d.exited() {
		rc := -1
		if d.cmd != nil && d.cmd.ProcessState != nil {
			rc = d.cmd.ProcessState.ExitCode()
		}
		return fmt.Errorf("daemon exited (rc=%d): %s", rc, d.outputTail())
	}
	return nil
}

// rpc returns a fresh XML-RPC client on the daemon's unix socket.
func (d *daemon) rpc(timeout time.Duration) *rpcClient { return newUnixRPC(d.sockPath, timeout) }

// waitReady polls getState on the unix socket until the daemon is RUNNING.
// It returns the time since launch.
func (d *daemon) waitReady(timeout time.Duration) (time.Duration, error) {
	deadline := time.Now().Add(timeout)
	last := "no answer"
	for i := 0; i < 100000 && time.Now().Before(deadline); i++ {
		if err := d.checkAlive(); err != nil {
			return 0, err
		}
		if _, err := os.Stat(d.sockPath); err == nil {
			c := d.rpc(2 * time.Second)
			v, err := c.call("supervisor.getState")
			c.close()
			if err == nil {
				if m, ok := v.(map[string]any); ok && m["statecode"] == 1 {
					d.adoptPidfile()
					return time.Since(d.launched), nil
				}
				last = fmt.Sprintf("state %v", v)
			} else {
				last = err.Error()
				var f *rpcFault
				if errors.As(err, &f) {
					return 0, err
				}
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return 0, fmt.Errorf("daemon not ready after %v (%s) %s", timeout, last, d.outputTail())
}

// adoptPidfile measures the pid in the daemon's pidfile when the launched
// command was a wrapper and the pidfile names one of our token carriers.
func (d *daemon) adoptPidfile() {
	data, err := os.ReadFile(d.path("supervisord.pid"))
	if err != nil {
		return
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err == nil && pid != d.pid && hasEnv(pid, tokenEnv+"="+d.token) {
		d.pid = pid
	}
}

// start launches the daemon and waits until it answers RUNNING. If it
// exits during startup (e.g. another tenant took its port) it is retried
// once on a fresh port.
func (d *daemon) start(timeout time.Duration) (time.Duration, error) {
	if err := d.launch(); err != nil {
		return 0, err
	}
	t, err := d.waitReady(timeout)
	if err == nil || !d.exited() {
		return t, err
	}
	first := err
	os.Remove(d.sockPath)
	os.Remove(d.path("supervisord.pid"))
	if err := d.launch(); err != nil {
		return 0, err
	}
	t, err = d.waitReady(timeout)
	if err != nil {
		return 0, fmt.Errorf("%v (also on retry: %v)", first, err)
	}
	return t, nil
}

// waitExit waits up to timeout for the launched process to exit.
func (d *daemon) waitExit(timeout time.Duration) bool {
	if d.done == nil {
		return true
	}
	select {
	case <-d.done:
		return true
	case <-time.After(timeout):
		return false
	}
}

// kill SIGKILLs the launched process (by PID) and waits briefly.
func (d *daemon) kill() {
	if d.cmd != nil && !d.exited() {
		d.cmd.Process.Signal(syscall.SIGKILL)
		d.waitExit(5 * time.Second)
	}
}

// stop shuts the daemon down: supervisor.shutdown, then SIGTERM, then
// SIGKILL by PID, then kills leftover token carriers and removes the temp
// dir. It returns the graceful shutdown duration (shutdown RPC until exit),
// or an error saying why the exit was not graceful.
func (d *daemon) stop(graceful time.Duration) (time.Duration, error) {
	defer func() {
		killStrays(d.token, nil)
		registry.Lock()
		delete(registry.daemons, d)
		registry.Unlock()
		removeTempDir(d.dir)
	}()
	if d.cmd == nil {
		return 0, errors.New("never launched")
	}
	t0 := time.Now()
	var why error
	if !d.exited() {
		c := d.rpc(5 * time.Second)
		_, err := c.call("supervisor.shutdown")
		c.close()
		wait := graceful
		if err != nil {
			why, wait = err, 2*time.Second
		}
		if d.waitExit(wait) && why == nil {
			return time.Since(t0), nil
		}
		if why == nil {
			why = fmt.Errorf("no exit within %v of supervisor.shutdown", graceful)
		}
	} else {
		why = d.checkAlive()
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL} {
		if d.exited() {
			break
		}
		d.cmd.Process.Signal(sig)
		d.waitExit(5 * time.Second)
	}
	return 0, why
}
