package reconfig

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/harness"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pair is 4.2.5's daemon and ours, started with the same conf, with the
// comparisons this suite makes on them.
type pair struct{ harness.Pair }

// startPair starts both daemons, reference first; {fixtures} is
// testdata/events.
func startPair(t *testing.T, conf string) pair {
	t.Helper()
	return pair{harness.StartPair(t, conf, harness.WithFixtures("events"))}
}

// writeConf replaces each daemon's conf with harness.Conf(sections).
func (p pair) writeConf(t *testing.T, sections string) {
	t.Helper()
	for _, d := range p.Pair {
		d.WriteConf(t, sections)
	}
}

// writeFile renders tmpl into the file rel of each daemon's dir (an
// [include] file).
func (p pair) writeFile(t *testing.T, rel, tmpl string) {
	t.Helper()
	for _, d := range p.Pair {
		d.WriteFile(t, rel, tmpl)
	}
}

// ctl runs the stock supervisorctl on both and requires the same
// normalised output and exit status; it returns 4.2.5's.
func (p pair) ctl(t *testing.T, args ...string) string {
	t.Helper()
	var out [2]string
	p.Each(t, strings.Join(args, " "), func(t *testing.T, d *harness.Daemon) {
		r := d.Ctl(t, harness.Python, args...)
		out[p.index(d)] = fmt.Sprintf("exit %d\n%s", r.ExitCode, d.Normalize(r.Output))
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
	for i, d := range p.Pair {
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

// index is 0 for the reference daemon, 1 for ours.
func (p pair) index(d *harness.Daemon) int {
	if p.Pair[0] == d {
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

// groupEvents waits until the watch listener has recorded n
// PROCESS_GROUP envelopes and returns them, header and payload.
func groupEvents(t *testing.T, d *harness.Daemon, n int) []string {
	t.Helper()
	var out []string
	for _, r := range d.ListenerRecords(t, "watch.jsonl", n) {
		out = append(out, r.Header+" "+r.Payload)
	}
	return out
}
