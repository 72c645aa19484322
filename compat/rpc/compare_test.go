package rpc

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gosupervisord/gosupervisord/compat/harness"
)

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
func (c ctlCase) run(t *testing.T, p harness.Pair) {
	t.Helper()
	var res [2]harness.Result
	for i, d := range p {
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
func sameOutput(t *testing.T, p harness.Pair, res [2]harness.Result, pids, unordered bool) {
	t.Helper()
	var out [2]string
	for i, d := range p {
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
