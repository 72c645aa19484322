package reconfig

import (
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/harness"
	"github.com/stretchr/testify/assert"
)

// updateConf is the conf of TestRereadUpdate, with the parts its two
// versions differ in left as placeholders (harness.Render fills them in).
const updateConf = `
[program:keep]
command=sleep 1000
startsecs=0

[program:change]
command={change_command}
startsecs=0

[program:{fifth}]
command=sleep 1000
startsecs=0

[group:grp]
programs={grp_programs}

[program:g1]
command=sleep 1000
startsecs=0

[program:g2]
command=sleep 1000
startsecs=0

[eventlistener:watch]
command=/usr/bin/python3 -u {fixtures}/listener.py {tmp}/watch.jsonl
events=PROCESS_GROUP,TICK_3600
buffer_size=100
startsecs=0

[fcgi-program:fc]
command=sleep 1000
socket=unix://{tmp}/fc.sock
socket_mode={fc_mode}
startsecs=0

[include]
files=conf.d/*.conf
`

var (
	confBefore = harness.Render(updateConf, harness.Vars{
		"change_command": "sleep 1000", "fifth": "gone", "grp_programs": "g1,g2", "fc_mode": "0700"})
	// confAfter changes change's command and grp's members, drops gone, adds
	// fresh and changes only fc's socket_mode (not a change: 4.2.5 compares
	// socket URLs only). (Reordering watch's events is no change for us;
	// 4.2.5 says "changed" now and then, depending on its set's hash order.)
	confAfter = harness.Render(updateConf, harness.Vars{
		"change_command": "sleep 1001", "fifth": "fresh", "grp_programs": "g1", "fc_mode": "0770"})
)

// TestRereadUpdate edits the conf and an include directory under both
// daemons and compares reread, avail, reloadConfig and update; unchanged
// groups keep their processes, changed ones are restarted, removed ones
// stopped and dropped, and the listener sees the same PROCESS_GROUP events.
func TestRereadUpdate(t *testing.T) {
	t.Parallel()
	p := startPair(t, harness.Conf(confBefore))
	p.writeFile(t, "conf.d/a.conf", "[program:inc1]\ncommand=sleep 1000\nstartsecs=0\n")
	p.ctl(t, "reread")
	p.ctl(t, "update")
	p.Settle(t)
	before := [2]map[string]any{pids(t, p.Pair[0]), pids(t, p.Pair[1])}

	p.writeConf(t, confAfter)
	p.writeFile(t, "conf.d/a.conf", "[program:inc1]\ncommand=sleep 1001\nstartsecs=0\n")
	p.writeFile(t, "conf.d/b.conf", "[program:inc2]\ncommand=sleep 1000\nstartsecs=0\n")
	out := p.ctl(t, "reread")
	for _, want := range []string{"change: changed", "grp: changed", "inc1: changed", "gone: disappeared",
		"fresh: available", "g2: available", "inc2: available"} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "watch")
	assert.NotContains(t, out, "fc")
	p.ctl(t, "avail")
	p.rpc(t, "supervisor.reloadConfig")
	p.ctl(t, "update")
	p.Settle(t)
	p.ctl(t, "status")
	p.rpc(t, "supervisor.getAllConfigInfo")

	for i, d := range p.Pair {
		after := pids(t, d)
		for _, same := range []string{"keep:keep", "watch:watch", "fc:fc"} {
			assert.Equal(t, before[i][same], after[same], "%s: %s untouched", d.Impl, same)
		}
		for _, changed := range []string{"change:change", "grp:g1", "inc1:inc1"} {
			assert.NotEqual(t, before[i][changed], after[changed], "%s: %s restarted", d.Impl, changed)
		}
		assert.NotContains(t, after, "gone:gone")
	}
	// 6 groups added at start-up and inc1 at the first update; then
	// removed: gone; changed: change, grp, inc1 (removed and added again);
	// added: fresh, g2, inc2.
	evs := [2][]string{groupEvents(t, p.Pair[0], 17), groupEvents(t, p.Pair[1], 17)}
	assert.Equal(t, evs[0], evs[1])
}

// TestRereadErrors: a broken conf answers CANT_REREAD with 4.2.5's message
// and changes nothing; add, remove and update with names follow 4.2.5.
func TestRereadErrors(t *testing.T) {
	t.Parallel()
	p := startPair(t, harness.Conf(`
[program:keep]
command=sleep 1000
startsecs=0

[program:other]
command=sleep 1000
startsecs=0
`))
	p.Settle(t)
	p.writeConf(t, `
[program:keep]
command=sleep 1000
startsecs=0

[program:broken]
command=sleep 1
startsecs=abc
`)
	out := p.ctl(t, "reread")
	assert.Contains(t, out, "ERROR: CANT_REREAD: invalid literal for int() with base 10: 'abc' in section 'program:broken'")
	p.ctl(t, "update")
	p.ctl(t, "avail")
	p.ctl(t, "status")

	p.writeConf(t, `
[program:keep]
command=sleep 1000
startsecs=0

[program:other]
command=sleep 1002
startsecs=0

[program:third]
command=sleep 1000
startsecs=0
`)
	p.ctl(t, "reread")
	p.ctl(t, "remove", "keep")
	p.ctl(t, "stop", "keep")
	p.ctl(t, "remove", "keep")
	p.ctl(t, "remove", "keep")
	p.ctl(t, "add", "keep")
	p.ctl(t, "add", "keep")
	p.ctl(t, "add", "nosuch")
	p.ctl(t, "remove", "nosuch")
	p.rpc(t, "supervisor.addProcessGroup", "nosuch")
	p.rpc(t, "supervisor.removeProcessGroup", "nosuch")
	p.Settle(t)
	p.rpc(t, "supervisor.removeProcessGroup", "keep")
	p.ctl(t, "update", "other")
	p.ctl(t, "avail")
	p.Settle(t)
	p.ctl(t, "status")
	p.ctl(t, "update", "all")
	p.Settle(t)
	p.ctl(t, "status")
}
