package reconfig

import (
	"syscall"
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/harness"
	"github.com/stretchr/testify/assert"
)

const reloadBase = `
[eventlistener:watch]
command=/usr/bin/python3 -u {fixtures}/listener.py {tmp}/watch.jsonl
events=PROCESS_GROUP
buffer_size=100
startsecs=0

[program:a]
command=sleep 1000
startsecs=0
`

// TestReloadAndSIGHUP: supervisorctl reload (supervisor.restart) and
// SIGHUP re-read everything inside the same daemon process; the global
// event serial goes on while the pool serials start again.
func TestReloadAndSIGHUP(t *testing.T) {
	t.Parallel()
	p := startPair(t, harness.Conf(reloadBase))
	p.Settle(t)
	daemonPIDs := [2]any{}
	for i, d := range p.Pair {
		daemonPIDs[i] = d.RPC().MustCall(t, "supervisor.getPID")
		assert.EqualValues(t, d.PID(), daemonPIDs[i], d.Impl)
	}

	p.writeConf(t, reloadBase+"\n[program:b]\ncommand=sleep 1000\nstartsecs=0\n")
	p.ctl(t, "reload")
	p.Each(t, "b after reload", func(t *testing.T, d *harness.Daemon) { d.WaitProcess(t, "b", "RUNNING") })
	p.Settle(t)
	p.ctl(t, "status")

	p.writeConf(t, reloadBase+"\n[program:c]\ncommand=sleep 1000\nstartsecs=0\n")
	p.Each(t, "SIGHUP", func(t *testing.T, d *harness.Daemon) {
		assert.NoError(t, d.Signal(syscall.SIGHUP))
		d.WaitProcess(t, "c", "RUNNING")
	})
	p.Settle(t)
	p.ctl(t, "status")
	for i, d := range p.Pair {
		assert.Equal(t, daemonPIDs[i], d.RPC().MustCall(t, "supervisor.getPID"), "%s: same process", d.Impl)
	}
	// watch, a; watch, a, b; watch, a, c.
	evs := [2][]string{groupEvents(t, p.Pair[0], 7), groupEvents(t, p.Pair[1], 7)}
	assert.Equal(t, evs[0], evs[1])
	assert.Equal(t, "ver:3.0 server:supervisor serial:5 pool:watch poolserial:0 eventname:PROCESS_GROUP_ADDED len:16 groupname:watch\n", evs[0][5])
}
