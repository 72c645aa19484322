package reconfig

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/harness"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pair is 4.2.5's daemon and ours, started with the same conf.
type pair [2]*harness.Daemon

// startPair starts both daemons, reference first; {fixtures} is
// testdata/events.
func startPair(t *testing.T, conf string) pair {
	t.Helper()
	root, err := harness.ModuleRoot()
	require.NoError(t, err)
	return harness.StartPair(t, conf, harness.WithVars(harness.Vars{"fixtures": filepath.Join(root, "testdata", "events")}))
}

// each runs f on both daemons in parallel subtests of a subtest named
// label, and waits for both.
func (p pair) each(t *testing.T, label string, f func(t *testing.T, d *harness.Daemon)) {
	t.Helper()
	harness.EachOf(t, label, p[:], f)
}

// write renders tmpl (harness.Conf around it) over each daemon's conf, or
// over the file rel in its dir.
func (p pair) write(t *testing.T, rel, tmpl string) {
	t.Helper()
	for _, d := range p {
		path := d.ConfPath
		if rel != "" {
			path = filepath.Join(d.Dir, rel)
			require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		} else {
			tmpl = harness.Conf(tmpl)
		}
		require.NoError(t, os.WriteFile(path, []byte(harness.Render(tmpl, d.Vars)), 0o644))
	}
}

// ctl runs the stock supervisorctl on both and requires the same
// normalised output and exit status; it returns 4.2.5's.
func (p pair) ctl(t *testing.T, args ...string) string {
	t.Helper()
	var out [2]string
	p.each(t, strings.Join(args, " "), func(t *testing.T, d *harness.Daemon) {
		r := d.Ctl(t, harness.Python, args...)
		out[indexOf(p, d)] = fmt.Sprintf("exit %d\n%s", r.ExitCode, d.Normalize(r.Output))
	})
	assert.Equal(t, out[0], out[1], "supervisorctl %v", args)
	t.Logf("supervisorctl %v (4.2.5):\n%s", args, out[0])
	return out[0]
}

// rpc calls method on both and requires the same normalised answer (or
// fault); it returns 4.2.5's, as JSON.
func (p pair) rpc(t *testing.T, method string, args ...any) string {
	t.Helper()
	var got [2]string
	for i, d := range p {
		v, err := d.RPC().Call(method, args...)
		if err != nil {
			got[i] = d.Normalize(err.Error())
		} else {
			b, jerr := json.MarshalIndent(v, "", " ")
			require.NoError(t, jerr)
			got[i] = d.Normalize(string(b))
		}
	}
	assert.Equal(t, got[0], got[1], "%s%v", method, args)
	return got[0]
}

func indexOf(p pair, d *harness.Daemon) int {
	if p[0] == d {
		return 0
	}
	return 1
}

// pids returns the pid of every process of d by group:name.
func pids(t *testing.T, d *harness.Daemon) map[string]any {
	t.Helper()
	out := map[string]any{}
	for _, v := range d.RPC().MustCall(t, "supervisor.getAllProcessInfo").([]any) {
		m := v.(map[string]any)
		out[fmt.Sprint(m["group"], ":", m["name"])] = m["pid"]
	}
	return out
}

// settle waits until neither daemon has a process in transition.
func (p pair) settle(t *testing.T) {
	t.Helper()
	p.each(t, "settle", func(t *testing.T, d *harness.Daemon) { d.WaitSettled(t) })
}
