package ctl

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/harness"
	"github.com/stretchr/testify/assert"
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

// ctlRun is inv for impl's client against d (d may be nil): with
// "-c CONF" first unless noConf, in d's temp dir unless inv says
// otherwise, and with d's marker in the environment.
func (inv invocation) ctlRun(impl harness.Impl, d *harness.Daemon) harness.CtlRun {
	run := harness.CtlRun{Impl: impl, Args: inv.args, Stdin: inv.stdin, Dir: inv.dir, Env: inv.env}
	if d != nil {
		if !inv.noConf {
			run.Args = append([]string{"-c", d.ConfPath}, run.Args...)
		}
		if run.Dir == "" {
			run.Dir = d.Dir
		}
		run.Env = append(run.Env[:len(run.Env):len(run.Env)], harness.MarkerVar+"="+d.Marker)
	}
	if inv.argv0 != nil {
		run.Argv0 = inv.argv0(impl)
	}
	return run
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
	return harness.RunCtl(t, inv.ctlRun(impl, d))
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

// tmpRx matches the daemon's temp dir.
func tmpRx(d *harness.Daemon) *regexp.Regexp { return regexp.MustCompile(regexp.QuoteMeta(d.Dir)) }

// args splits a command line on spaces (test tables stay readable).
func args(s string) []string { return strings.Fields(s) }
