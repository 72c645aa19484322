package ctl

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/harness"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// both are the two supervisorctl implementations, stock first.
var both = []harness.Impl{harness.Python, harness.Go}

// invocation is one supervisorctl run.
type invocation struct {
	args  []string // command line; "-c CONF" is put first unless noConf
	stdin string
	// noConf leaves out "-c CONF".
	noConf bool
	// dir is the working directory (default: the daemon's temp dir).
	dir string
	env []string
	// argv0 overrides argv[0] for both clients (each run via its own path
	// otherwise).
	argv0 func(impl harness.Impl) string
}

// rules says how outputs are normalised before they are compared.
type rules struct {
	// pids also hides pids (when the compared runs do not see the same
	// processes, e.g. after a restart between them).
	pids bool
	// extra rewrites applied to both outputs.
	extra []harness.Rewrite
	// sortLines compares the lines as a sorted list (for output whose
	// order the daemon does not fix).
	sortLines bool
}

var (
	uptimeRx = regexp.MustCompile(`uptime (?:\d+ days?, )?\d+:\d\d:\d\d`)
	dateRx   = regexp.MustCompile(`(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d\d \d\d:\d\d [AP]M`)
	pidRx    = regexp.MustCompile(`pid \d+`)
)

// normalize hides what legitimately differs between two runs a moment
// apart: uptimes and stop dates (and pids when asked). It also replaces
// each client's own path (in "For help, use PROG -h") by <PROG> and its
// help blocks by <HELP cmd> (the help wording is ours).
func normalize(impl harness.Impl, out string, r rules) string {
	if prog, err := harness.CtlPath(impl); err == nil {
		out = strings.ReplaceAll(out, prog, "<PROG>")
	}
	out = uptimeRx.ReplaceAllString(out, "uptime <UPTIME>")
	out = dateRx.ReplaceAllString(out, "<DATE>")
	if r.pids {
		out = pidRx.ReplaceAllString(out, "pid <PID>")
	}
	for _, x := range r.extra {
		out = x.Rx.ReplaceAllString(out, x.Rep)
	}
	out = replaceHelp(impl, out)
	if r.sortLines {
		lines := strings.SplitAfter(out, "\n")
		sort.Strings(lines)
		out = strings.Join(lines, "")
	}
	return out
}

// ctlRun runs one client as described.
func ctlRun(t *testing.T, impl harness.Impl, d *harness.Daemon, inv invocation) harness.Result {
	t.Helper()
	args := inv.args
	if !inv.noConf && d != nil {
		args = append([]string{"-c", d.ConfPath}, args...)
	}
	run := harness.CtlRun{Impl: impl, Args: args, Stdin: inv.stdin, Dir: inv.dir, Env: inv.env}
	if run.Dir == "" && d != nil {
		run.Dir = d.Dir
	}
	if d != nil {
		run.Env = append(run.Env, harness.MarkerVar+"="+d.Marker)
	}
	if inv.argv0 != nil {
		run.Argv0 = inv.argv0(impl)
	}
	return harness.RunCtl(t, run)
}

// compare runs the stock client, then ours, with setup (if any) run
// before each, and requires equal normalised output and exit code. It
// returns both results (stock first).
func compare(t *testing.T, d *harness.Daemon, inv invocation, r rules, setup func(t *testing.T)) [2]harness.Result {
	t.Helper()
	var res [2]harness.Result
	for i, impl := range both {
		if setup != nil {
			setup(t)
		}
		res[i] = ctlRun(t, impl, d, inv)
	}
	assertSame(t, res, r)
	return res
}

// step is one move in a scripted interaction with a running client.
type step struct {
	waitFor string         // wait until the output contains this
	input   string         // then write this to stdin
	close   bool           // then close stdin
	signal  syscall.Signal // then (once the output has been still for 200ms) send this signal
	after   func()         // then call this
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
		a := inv.args
		if !inv.noConf && d != nil {
			a = append([]string{"-c", d.ConfPath}, a...)
		}
		run := harness.CtlRun{Impl: impl, Args: a, Dir: inv.dir, Env: inv.env}
		if d != nil {
			if run.Dir == "" {
				run.Dir = d.Dir
			}
			run.Env = append(run.Env, harness.MarkerVar+"="+d.Marker)
		}
		p := harness.StartCtl(t, run)
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
				// 4.2.5 turns a Ctrl-C that lands while it handles
				// stream data (rather than while it waits) into a
				// "Cannot connect, error: <class 'KeyboardInterrupt'>"
				// line; signal only when the output is quiet.
				waitQuiet(t, p, 200*time.Millisecond)
				require.NoError(t, p.Signal(s.signal))
			}
			if s.after != nil {
				s.after()
			}
		}
		res[i] = p.Wait(t, 20*time.Second)
	}
	assertSame(t, res, r)
	return res
}

// waitQuiet waits until p's output has not changed for d.
func waitQuiet(t *testing.T, p *harness.CtlProc, d time.Duration) {
	t.Helper()
	last, since := p.Output(), time.Now()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if out := p.Output(); out != last {
			last, since = out, time.Now()
		} else if time.Since(since) >= d {
			return
		}
	}
	t.Fatalf("output never quiet:\n%s", last)
}

// assertSame compares a stock and an our result.
// Set GSD_CTL_SHOW=1 to log every compared output.
func assertSame(t *testing.T, res [2]harness.Result, r rules) {
	t.Helper()
	if os.Getenv("GSD_CTL_SHOW") != "" {
		t.Logf("stock (exit %d):\n%s\nours (exit %d):\n%s", res[0].ExitCode, res[0].Output, res[1].ExitCode, res[1].Output)
	}
	stock, ours := normalize(harness.Python, res[0].Output, r), normalize(harness.Go, res[1].Output, r)
	assert.Equal(t, stock, ours, "output (stock vs ours)")
	assert.Equal(t, res[0].ExitCode, res[1].ExitCode, "exit code (stock vs ours); stock output:\n%s", res[0].Output)
}

// Help texts of each client, fetched once per test binary with `help CMD`.
var (
	helpOnce  sync.Once
	helpTexts map[harness.Impl]map[string]string
	helpErr   error
)

// helpCommands are the topics with a help text in 4.2.5.
var helpCommands = []string{"add", "avail", "clear", "exit", "fg", "maintail", "open", "pid", "quit",
	"reload", "remove", "reread", "restart", "shutdown", "signal", "start", "status", "stop", "tail",
	"update", "version", "help"}

func loadHelp(t *testing.T) map[harness.Impl]map[string]string {
	t.Helper()
	helpOnce.Do(func() {
		helpTexts = map[harness.Impl]map[string]string{}
		for _, impl := range both {
			helpTexts[impl] = map[string]string{}
			for _, cmd := range helpCommands {
				r := harness.RunCtl(t, harness.CtlRun{Impl: impl, Args: []string{"-s", "unix:///nonexistent", "help", cmd}})
				if r.ExitCode != 0 || r.Output == "" {
					helpErr = fmt.Errorf("%s help %s: %v", impl, cmd, r)
					return
				}
				helpTexts[impl][cmd] = r.Output
			}
		}
	})
	require.NoError(t, helpErr)
	return helpTexts
}

// replaceHelp replaces the help blocks of impl in out by <HELP cmd>.
func replaceHelp(impl harness.Impl, out string) string {
	texts := helpTexts[impl]
	cmds := make([]string, 0, len(texts))
	for c := range texts {
		cmds = append(cmds, c)
	}
	sort.Slice(cmds, func(i, j int) bool { return len(texts[cmds[i]]) > len(texts[cmds[j]]) })
	for _, c := range cmds {
		out = strings.ReplaceAll(out, texts[c], "<HELP "+c+">\n")
	}
	return out
}

// daemonCase runs f once per daemon implementation with a fresh daemon
// started from conf (see harness.Conf), after loading the help texts.
func daemonCase(t *testing.T, conf string, f func(t *testing.T, d *harness.Daemon)) {
	t.Helper()
	loadHelp(t)
	harness.ForEachDaemon(t, func(t *testing.T, impl harness.Impl) {
		d := harness.Start(t, impl, harness.Conf(conf))
		d.WaitSettled(t)
		f(t, d)
	})
}

// errorf is fmt.Errorf (for Eventually conditions).
func errorf(format string, a ...any) error { return fmt.Errorf(format, a...) }

// tmpRx matches the daemon's temp dir.
func tmpRx(d *harness.Daemon) *regexp.Regexp { return regexp.MustCompile(regexp.QuoteMeta(d.Dir)) }

// args splits a command line on spaces (test tables stay readable).
func args(s string) []string { return strings.Fields(s) }
