package supervisor

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/stretchr/testify/require"
)

// testConfig returns a configuration with 4.2.5's [supervisord] defaults,
// everything in dir, and the given groups.
func testConfig(dir string, groups ...*config.GroupConfig) *config.Config {
	return &config.Config{
		File: filepath.Join(dir, "supervisord.conf"),
		Here: dir,
		Supervisord: config.Supervisord{
			Logfile:         filepath.Join(dir, "supervisord.log"),
			LogfileMaxbytes: 50 << 20,
			LogfileBackups:  10,
			Loglevel:        config.LevelInfo,
			Pidfile:         filepath.Join(dir, "supervisord.pid"),
			Umask:           0o022,
			Nodaemon:        true,
			Silent:          true,
			Minfds:          1024,
			Minprocs:        200,
			Childlogdir:     dir,
			Identifier:      "supervisor",
		},
		ServerURL: "unix://" + filepath.Join(dir, "supervisor.sock"),
		Groups:    groups,
	}
}

// programOption adjusts a test program's configuration.
type programOption func(*config.ProcessConfig)

// program returns a [program:name] group with 4.2.5's defaults.
func program(name, command string, opts ...programOption) *config.GroupConfig {
	pc := processConfig(name, command, opts...)
	return &config.GroupConfig{Name: name, Priority: pc.Priority, Processes: []*config.ProcessConfig{pc}}
}

// processConfig returns a process configuration with 4.2.5's defaults.
func processConfig(name, command string, opts ...programOption) *config.ProcessConfig {
	pc := &config.ProcessConfig{
		Name: name, Program: name, Section: "program:" + name,
		Command:               command,
		Priority:              999,
		Autostart:             true,
		Autorestart:           config.AutoRestartUnexpected,
		Startsecs:             1,
		Startretries:          3,
		StdoutLogfile:         config.LogFile{Kind: config.LogAuto},
		StdoutLogfileMaxbytes: 50 << 20,
		StdoutLogfileBackups:  10,
		StderrLogfile:         config.LogFile{Kind: config.LogAuto},
		StderrLogfileMaxbytes: 50 << 20,
		StderrLogfileBackups:  10,
		Stopsignal:            int(syscall.SIGTERM),
		Stopwaitsecs:          10,
		Exitcodes:             []int{0},
	}
	for _, o := range opts {
		o(pc)
	}
	return pc
}

// hetGroup returns a [group:name] of the given processes, in that order.
func hetGroup(name string, priority int, procs ...*config.ProcessConfig) *config.GroupConfig {
	return &config.GroupConfig{Name: name, Priority: priority, Processes: procs}
}

func startsecs(n int) programOption    { return func(pc *config.ProcessConfig) { pc.Startsecs = n } }
func startretries(n int) programOption { return func(pc *config.ProcessConfig) { pc.Startretries = n } }
func stopwaitsecs(n int) programOption { return func(pc *config.ProcessConfig) { pc.Stopwaitsecs = n } }
func priority(n int) programOption     { return func(pc *config.ProcessConfig) { pc.Priority = n } }
func exitcodes(c ...int) programOption { return func(pc *config.ProcessConfig) { pc.Exitcodes = c } }
func noAutostart() programOption       { return func(pc *config.ProcessConfig) { pc.Autostart = false } }
func autorestart(a config.AutoRestart) programOption {
	return func(pc *config.ProcessConfig) { pc.Autorestart = a }
}
func stopsignal(sig syscall.Signal) programOption {
	return func(pc *config.ProcessConfig) { pc.Stopsignal = int(sig) }
}

// harness is a Supervisor running in this test process.
type harness struct {
	t    testing.TB
	dir  string
	cfg  *config.Config
	s    *Supervisor
	err  chan error
	pids map[int]bool // every pid seen, killed at cleanup if still alive
}

// startSupervisor runs a Supervisor for cfg until the test ends.
func startSupervisor(t testing.TB, cfg *config.Config) *harness {
	t.Helper()
	h := &harness{t: t, dir: cfg.Here, cfg: cfg, err: make(chan error, 1), pids: map[int]bool{}}
	h.s = New(Options{Config: cfg, Load: func() (*config.Config, error) { return cfg, nil }})
	go func() { h.err <- h.s.Run() }()
	t.Cleanup(h.stop)
	// Wait for the pidfile: the loop is running.
	h.eventually(5*time.Second, "supervisord started", func() bool {
		_, err := os.Stat(cfg.Supervisord.Pidfile)
		return err == nil
	})
	return h
}

// stop shuts the supervisor down and kills anything left, by pid.
func (h *harness) stop() {
	select {
	case <-h.s.Done():
	default:
		if err := h.s.Shutdown(context.Background()); err == nil {
			select {
			case <-h.s.Done():
			case <-time.After(30 * time.Second):
				h.t.Errorf("supervisor did not shut down")
			}
		}
	}
	for pid := range h.pids {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

// ctx returns a context for one API call.
func (h *harness) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	h.t.Cleanup(cancel)
	return ctx
}

// eventually polls cond until it holds or the deadline passes.
func (h *harness) eventually(timeout time.Duration, what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out after %v waiting for %s\nmain log:\n%s", timeout, what, h.mainLog())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// info returns a process's info, remembering its pid for cleanup.
func (h *harness) info(name string) ProcessInfo {
	h.t.Helper()
	pi, err := h.s.ProcessInfo(h.ctx(), name)
	require.NoError(h.t, err)
	if pi.PID != 0 {
		h.pids[pi.PID] = true
	}
	return pi
}

// waitState waits until process name is in state.
func (h *harness) waitState(name string, state ProcessState, timeout time.Duration) ProcessInfo {
	h.t.Helper()
	var pi ProcessInfo
	h.eventually(timeout, name+" "+state.String(), func() bool {
		pi = h.info(name)
		return pi.State == state
	})
	return pi
}

// mainLog returns the main log with timestamps removed.
func (h *harness) mainLog() string {
	b, _ := os.ReadFile(h.cfg.Supervisord.Logfile)
	return stripTimestamps(string(b))
}

var timestampRE = regexp.MustCompile(`(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} `)
var pidRE = regexp.MustCompile(`pid \d+|\(\d+\)`)

// stripTimestamps removes the main log's timestamps.
func stripTimestamps(s string) string { return timestampRE.ReplaceAllString(s, "") }

// logLines returns the main log lines matching re, with pids normalised to
// "pid N" and "(N)".
func (h *harness) logLines(re string) []string {
	return grepLines(h.mainLog(), re)
}

// grepLines returns the lines of log matching re, with pids normalised.
func grepLines(log, re string) []string {
	r := regexp.MustCompile(re)
	var out []string
	for _, l := range strings.Split(log, "\n") {
		if r.MatchString(l) {
			out = append(out, pidRE.ReplaceAllStringFunc(l, func(m string) string {
				if strings.HasPrefix(m, "pid") {
					return "pid N"
				}
				return "(N)"
			}))
		}
	}
	return out
}

// waitLog waits until the main log has a line matching re.
func (h *harness) waitLog(re string, timeout time.Duration) {
	h.t.Helper()
	h.eventually(timeout, "log line "+re, func() bool { return len(h.logLines(re)) > 0 })
}

// waitOutput waits until process name's stdout log contains text.
func (h *harness) waitOutput(name, text string) {
	h.t.Helper()
	path := h.info(name).StdoutLogfile
	h.eventually(5*time.Second, name+" output "+text, func() bool {
		b, _ := os.ReadFile(path)
		return strings.Contains(string(b), text)
	})
}
