package harness

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Daemon is one running supervisord started by Start.
type Daemon struct {
	// Impl is the implementation running.
	Impl Impl
	// Dir is the daemon's fresh temp dir ({tmp}); also its working dir.
	Dir string
	// ConfPath is the rendered conf file inside Dir.
	ConfPath string
	// Sock is the unix socket path ({sock}); "" if the conf uses none.
	Sock string
	// Port is the TCP port ({port}); 0 if the conf uses none.
	Port int
	// Vars are the placeholder values the conf was rendered with.
	Vars Vars
	// Marker is the value of MarkerVar in the daemon's environment.
	Marker string
	// Username and Password are the credentials RPC and InetRPC send
	// (see Auth).
	Username, Password string

	cmd       *exec.Cmd
	startTime uint64 // of the daemon process, to recognise its pid later
	out       *syncBuffer
	done      chan struct{}
	exitErr   error
	stop      sync.Once
}

type startConfig struct {
	user, pass   string
	args         []string
	env          []string
	vars         Vars
	noWait       bool
	readyTimeout time.Duration
	err          error // an option that failed
}

// Option tunes Start.
type Option func(*startConfig)

// Args appends arguments to the daemon command line (after -n -c CONF).
func Args(args ...string) Option {
	return func(c *startConfig) { c.args = append(c.args, args...) }
}

// Env adds KEY=VALUE entries to the daemon's environment.
func Env(kv ...string) Option { return func(c *startConfig) { c.env = append(c.env, kv...) } }

// WithVars adds placeholders for the conf template.
func WithVars(v Vars) Option {
	return func(c *startConfig) {
		for k, x := range v {
			c.vars[k] = x
		}
	}
}

// Auth gives the credentials of a conf whose servers require them: Start
// and the daemon's RPC clients send them.
func Auth(username, password string) Option {
	return func(c *startConfig) { c.user, c.pass = username, password }
}

// NoWait makes Start return as soon as the process is spawned, without
// waiting for supervisor.getState to answer RUNNING (for confs that must
// fail, or that have no RPC server).
func NoWait() Option { return func(c *startConfig) { c.noWait = true } }

// ReadyTimeout sets how long Start waits for RUNNING (default 15s).
func ReadyTimeout(d time.Duration) Option { return func(c *startConfig) { c.readyTimeout = d } }

// WithFixtures sets the placeholder {fixtures} to the directory
// testdata/<sub> of this module (helper scripts the conf runs, such as
// the event listeners of testdata/events).
func WithFixtures(sub string) Option {
	return func(c *startConfig) {
		root, err := ModuleRoot()
		if err != nil {
			c.err = err
			return
		}
		c.vars["fixtures"] = filepath.Join(root, "testdata", sub)
	}
}

// Start renders conf into a fresh temp dir, starts the daemon of impl as
// `supervisord -n -c CONF`, registers its cleanup with t.Cleanup, and waits
// until supervisor.getState answers RUNNING. It fails the test if the daemon
// cannot be built, started, or does not get ready.
func Start(t testing.TB, impl Impl, conf string, opts ...Option) *Daemon {
	t.Helper()
	d, err := start(impl, conf, opts...)
	if d != nil {
		t.Cleanup(d.Stop)
	}
	if err != nil {
		t.Fatalf("%v", err)
	}
	return d
}

// StartErr is Start for callers that want the error instead of a failed
// test (Available uses it). The caller must call Stop (also on error when
// the returned Daemon is not nil).
func StartErr(impl Impl, conf string, opts ...Option) (*Daemon, error) {
	return start(impl, conf, opts...)
}

func start(impl Impl, conf string, opts ...Option) (*Daemon, error) {
	cfg := &startConfig{vars: Vars{}, readyTimeout: 15 * time.Second}
	for _, o := range opts {
		o(cfg)
	}
	if cfg.err != nil {
		return nil, cfg.err
	}
	bin, err := DaemonPath(impl)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "gsd-")
	if err != nil {
		return nil, err
	}
	port, err := FreePort()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	d := &Daemon{
		Impl:     impl,
		Dir:      dir,
		ConfPath: filepath.Join(dir, "supervisord.conf"),
		Marker:   randomHex(8),
		Username: cfg.user,
		Password: cfg.pass,
		out:      &syncBuffer{},
		done:     make(chan struct{}),
	}
	vars := Vars{"tmp": dir, "here": dir, "sock": filepath.Join(dir, "supervisor.sock"), "port": strconv.Itoa(port)}
	for k, v := range cfg.vars {
		vars[k] = v
	}
	d.Vars = vars
	if strings.Contains(conf, "{sock}") {
		d.Sock = vars["sock"]
	}
	if strings.Contains(conf, "{port}") {
		d.Port, _ = strconv.Atoi(vars["port"])
	}
	if err := os.WriteFile(d.ConfPath, []byte(Render(conf, vars)), 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	args := append([]string{"-n", "-c", d.ConfPath}, cfg.args...)
	d.cmd = exec.Command(bin, args...)
	d.cmd.Dir = dir
	d.cmd.Env = append(append(os.Environ(), MarkerVar+"="+d.Marker), cfg.env...)
	d.cmd.Stdout = d.out
	d.cmd.Stderr = d.out
	d.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := d.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("harness: start %s: %w", bin, err)
	}
	_, _, d.startTime, _ = procStat(d.PID())
	go func() {
		d.exitErr = d.cmd.Wait()
		close(d.done)
	}()
	if cfg.noWait {
		return d, nil
	}
	if err := d.waitReady(cfg.readyTimeout); err != nil {
		return d, err
	}
	return d, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// PID returns the daemon's process id.
func (d *Daemon) PID() int { return d.cmd.Process.Pid }

// Describe is a one-line summary of the daemon for test logs.
func (d *Daemon) Describe() string {
	return fmt.Sprintf("%s supervisord pid %d in %s", d.Impl, d.PID(), d.Dir)
}

// RPC returns an XML-RPC client on the unix socket if the conf has one,
// else on the inet port.
func (d *Daemon) RPC() *RPC {
	if d.Sock == "" {
		return d.InetRPC()
	}
	r := NewUnixRPC(d.Sock)
	r.Username, r.Password = d.Username, d.Password
	return r
}

// InetRPC returns an XML-RPC client on 127.0.0.1:{port}.
func (d *Daemon) InetRPC() *RPC {
	r := NewInetRPC("127.0.0.1", d.Port)
	r.Username, r.Password = d.Username, d.Password
	return r
}

// ServerURL is the URL supervisorctl would use: unix://{sock} if the conf
// has a socket, else http://127.0.0.1:{port}.
func (d *Daemon) ServerURL() string {
	if d.Sock != "" {
		return "unix://" + d.Sock
	}
	return fmt.Sprintf("http://127.0.0.1:%d", d.Port)
}

// Output returns what the daemon wrote to its stdout and stderr so far.
func (d *Daemon) Output() string { return d.out.String() }

// Exited reports whether the daemon process has exited.
func (d *Daemon) Exited() bool {
	select {
	case <-d.done:
		return true
	default:
		return false
	}
}

// Wait waits up to timeout for the daemon to exit and returns its exit code
// (-1 if killed by a signal); ok is false on timeout.
func (d *Daemon) Wait(timeout time.Duration) (code int, ok bool) {
	select {
	case <-d.done:
	case <-time.After(timeout):
		return 0, false
	}
	var ee *exec.ExitError
	if errors.As(d.exitErr, &ee) {
		return ee.ExitCode(), true
	}
	return 0, true
}

// Signal sends sig to the daemon (by PID).
func (d *Daemon) Signal(sig syscall.Signal) error {
	if d.Exited() {
		return os.ErrProcessDone
	}
	return syscall.Kill(d.PID(), sig)
}

// Stop kills the daemon and everything it started, by PID: SIGKILL to the
// daemon, then to every process left with the daemon's marker or in its
// session. The temp dir is removed. Stop is idempotent and is registered
// with t.Cleanup by Start.
//
// No test looks at how a daemon shuts down once it is done with it, so
// Stop does not ask nicely: 4.2.5 needs two or three of its 1-second ticks
// to notice a SIGTERM and then its children's deaths, and every Python
// daemon would hold its test that long. Tests of shutdown send their own
// signal or call supervisor.shutdown.
func (d *Daemon) Stop() {
	d.stop.Do(func() {
		if !d.Exited() {
			_ = syscall.Kill(d.PID(), syscall.SIGKILL)
			d.Wait(5 * time.Second)
		}
		KillOwned(d.Marker, d.ownSession())
		os.RemoveAll(d.Dir)
	})
}

// ownSession is the daemon's session id (its pid), or 0 once that number
// may be another's: the harness runs tens of thousands of processes and
// pids wrap at 32768, so a daemon that exited long before its cleanup
// (shut down by its test) may have left its pid to another test's daemon,
// a session leader too. The kernel reuses the number only once no process
// of the old session is left, so a process with that pid and another
// start time means nothing of ours is in that session any more.
func (d *Daemon) ownSession() int {
	if _, _, start, ok := procStat(d.PID()); ok && start != d.startTime {
		return 0
	}
	return d.PID()
}

// waitReady polls supervisor.getState until it answers RUNNING.
func (d *Daemon) waitReady(timeout time.Duration) error {
	if d.Sock == "" && d.Port == 0 {
		return fmt.Errorf("harness: %s daemon conf has neither {sock} nor {port}; use NoWait", d.Impl)
	}
	rpc := d.RPC()
	rpc.HTTP.Timeout = 2 * time.Second
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		if d.Exited() {
			code, _ := d.Wait(0)
			return fmt.Errorf("harness: %s supervisord exited (status %d) before it was ready; output:\n%s", d.Impl, code, d.Output())
		}
		v, err := rpc.Call("supervisor.getState")
		if err == nil {
			if m, ok := v.(map[string]any); ok && m["statename"] == "RUNNING" {
				return nil
			}
			err = fmt.Errorf("getState = %v", v)
		}
		last = err
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("harness: %s supervisord not RUNNING after %v (last: %v); output:\n%s", d.Impl, timeout, last, d.Output())
}

// ReadFile returns the content of a file inside the daemon's temp dir.
func (d *Daemon) ReadFile(t testing.TB, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(d.Dir, rel))
	if err != nil {
		t.Fatalf("harness: %v", err)
	}
	return string(b)
}

// MainLog returns the daemon's main log so far ("" before there is one),
// for failure messages.
func (d *Daemon) MainLog() string {
	b, _ := os.ReadFile(filepath.Join(d.Dir, "supervisord.log"))
	return string(b)
}

// WriteFile renders tmpl with the daemon's placeholders (see Vars) into
// the file rel of its temp dir, creating directories as needed: an
// [include] file, or a client conf.
func (d *Daemon) WriteFile(t testing.TB, rel, tmpl string) string {
	t.Helper()
	path := filepath.Join(d.Dir, rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatalf("harness: %v", err)
	}
	if err := os.WriteFile(path, []byte(Render(tmpl, d.Vars)), 0o644); err != nil {
		t.Fatalf("harness: %v", err)
	}
	return path
}

// WriteConf replaces the daemon's conf file with Conf(sections), rendered
// like the first one, for a reread, update, reload or SIGHUP to pick up.
func (d *Daemon) WriteConf(t testing.TB, sections string) {
	t.Helper()
	d.WriteFile(t, filepath.Base(d.ConfPath), Conf(sections))
}
