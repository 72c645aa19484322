package ctl

import (
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/harness"
	"github.com/stretchr/testify/require"
)

// sleeper is a [program:name] section running sleep with the suite's
// short start and stop times.
func sleeper(name string, extra ...string) string {
	return harness.Program(name, append([]string{"command=sleep 1000", "startsecs=0", "stopwaitsecs=1"}, extra...)...)
}

// confA and confB are two versions of a configuration: B changes one
// program (change) and a group (grp gets gc), removes one program (gone)
// and adds two (added, new). Both have a heartbeat (see harness.Heartbeat).
var (
	confA = harness.Heartbeat + sleeper("keep") +
		harness.Program("change", "command=sleep 1000", "startsecs=0", "stopwaitsecs=1") +
		sleeper("gone") +
		"[group:grp]\nprograms=ga,gb\n\n" +
		sleeper("ga") + sleeper("gb")
	confB = harness.Heartbeat + sleeper("keep") +
		harness.Program("change", "command=sleep 999", "startsecs=0", "stopwaitsecs=1") +
		"[group:grp]\nprograms=ga,gb,gc\n\n" +
		sleeper("ga") + sleeper("gb") + sleeper("gc") +
		sleeper("added", "autostart=false") +
		sleeper("new", "priority=5")
)

// converge makes the daemon run what its conf file says, over XML-RPC
// (what `update` does), and waits until it settles.
func converge(t *testing.T, d *harness.Daemon) {
	t.Helper()
	rpc := d.RPC()
	v, err := rpc.Call("supervisor.reloadConfig")
	require.NoError(t, err)
	lists := v.([]any)[0].([]any)
	added, changed, removed := lists[0].([]any), lists[1].([]any), lists[2].([]any)
	for _, g := range append(append([]any{}, removed...), changed...) {
		_, err := rpc.Call("supervisor.stopProcessGroup", g)
		require.NoError(t, err)
		_, err = rpc.Call("supervisor.removeProcessGroup", g)
		require.NoError(t, err)
	}
	for _, g := range append(append([]any{}, changed...), added...) {
		_, err := rpc.Call("supervisor.addProcessGroup", g)
		require.NoError(t, err)
	}
	d.WaitSettled(t)
}

func TestConfigChanges(t *testing.T) {
	t.Parallel()
	// back to A, running A; then B on disk (and maybe re-read)
	toB := func(d *harness.Daemon, reread bool, extra func(t *testing.T)) func(t *testing.T) {
		return func(t *testing.T) {
			d.WriteConf(t, confA)
			converge(t, d)
			d.WriteConf(t, confB)
			if reread {
				_, err := d.RPC().Call("supervisor.reloadConfig")
				require.NoError(t, err)
			}
			if extra != nil {
				extra(t)
			}
		}
	}
	daemonCase(t, confA, func(t *testing.T, d *harness.Daemon) {
		stopGone := func(t *testing.T) { d.EnsureStopped(t, "gone") }
		cases := []struct {
			line      string
			setup     func(t *testing.T)
			unordered bool
		}{
			{line: "reread", setup: toB(d, false, nil)},
			{line: "avail", setup: toB(d, true, nil)},
			{line: "update", setup: toB(d, false, nil), unordered: true},
			{line: "update all", setup: toB(d, false, nil), unordered: true},
			{line: "update change", setup: toB(d, false, nil)},
			{line: "update added new", setup: toB(d, false, nil), unordered: true},
			{line: "update gone", setup: toB(d, false, nil)},
			{line: "update nosuch keep", setup: toB(d, false, nil)},
			{line: "update grp", setup: toB(d, false, nil)},
			{line: "add added", setup: toB(d, true, nil)},
			{line: "add added new keep nosuch", setup: toB(d, true, nil)},
			{line: "add gone", setup: toB(d, true, nil)},
			{line: "remove gone", setup: toB(d, true, stopGone)},
			{line: "remove gone keep nosuch", setup: toB(d, true, nil)},
			{line: "status", setup: toB(d, true, nil)},
			{line: "reread", setup: toB(d, true, nil)},
		}
		for _, c := range cases {
			t.Run(c.line, func(t *testing.T) {
				compare(t, d, invocation{args: args(c.line)}, rules{pids: true, sortLines: c.unordered}, c.setup)
			})
		}
		t.Run("reread of a broken conf", func(t *testing.T) {
			broken := func(t *testing.T) { d.WriteConf(t, confA+"\n[program:bad]\n") }
			for _, line := range []string{"reread", "update", "avail"} {
				compare(t, d, invocation{args: args(line)}, rules{extra: []harness.Rewrite{{Rx: tmpRx(d), Rep: "<TMP>"}}}, broken)
			}
		})
	})
}
