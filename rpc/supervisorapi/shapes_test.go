package supervisorapi

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
	"github.com/gosupervisord/gosupervisord/supervisor"
)

// memberNames returns the member names of a struct in wire order.
func memberNames(t *testing.T, v any) []string {
	t.Helper()
	s, ok := v.(xmlrpc.Struct)
	require.True(t, ok, "not a struct: %#v", v)
	var names []string
	for _, m := range s {
		names = append(names, m.Name)
	}
	return names
}

// member returns one member's value.
func member(t *testing.T, v any, name string) any {
	t.Helper()
	x, ok := v.(xmlrpc.Struct).Get(name)
	require.True(t, ok, "no member %q in %#v", name, v)
	return x
}

const shapesConf = rpcinterfaceSection + `
[program:p]
command=sleep 1000
startsecs=0

[program:logless]
command=sleep 1000
autostart=false
stdout_logfile=NONE
stderr_logfile=NONE
directory=/tmp
exitcodes=0,2
stopsignal=USR1
serverurl=http://127.0.0.1:1/

[program:g1]
command=sleep 1000
startsecs=0
priority=10

[program:g2]
command=sleep 1000
startsecs=0
priority=20
autostart=false

[group:grp]
programs=g1,g2
priority=5
`

// TestResultShapes checks the structures 4.2.5 sends, member for member in
// its wire order (reference §2.7).
func TestResultShapes(t *testing.T) {
	d := startDaemon(t, shapesConf)
	d.waitState("p", supervisor.Running)
	d.waitState("grp:g1", supervisor.Running)

	t.Run("getState", func(t *testing.T) {
		v, err := d.call("supervisor.getState")
		require.NoError(t, err)
		assert.Equal(t, xmlrpc.Struct{{Name: "statecode", Value: 1}, {Name: "statename", Value: "RUNNING"}}, v)
	})
	t.Run("getProcessInfo", func(t *testing.T) {
		v, err := d.call("supervisor.getProcessInfo", "p")
		require.NoError(t, err)
		assert.Equal(t, []string{"name", "group", "start", "stop", "now", "state", "statename", "spawnerr",
			"exitstatus", "logfile", "stdout_logfile", "stderr_logfile", "pid", "description"}, memberNames(t, v))
		assert.Equal(t, 20, member(t, v, "state"))
		assert.Equal(t, "RUNNING", member(t, v, "statename"))
		assert.Regexp(t, `^pid \d+, uptime 0:00:\d\d$`, member(t, v, "description"))
		assert.Equal(t, member(t, v, "logfile"), member(t, v, "stdout_logfile"))
		assert.Regexp(t, `/p-stdout---supervisor-\w{8}\.log$`, member(t, v, "logfile"))

		v, err = d.call("supervisor.getProcessInfo", "logless")
		require.NoError(t, err)
		assert.Equal(t, "", member(t, v, "logfile"))
		assert.Equal(t, "", member(t, v, "stderr_logfile"))
		assert.Equal(t, "Not started", member(t, v, "description"))
		assert.Equal(t, 0, member(t, v, "pid"))
	})
	t.Run("getAllProcessInfo", func(t *testing.T) {
		v, err := d.call("supervisor.getAllProcessInfo")
		require.NoError(t, err)
		var names []string
		for _, s := range v.(processInfoList).structs() {
			names = append(names, member(t, s, "group").(string)+":"+member(t, s, "name").(string))
		}
		assert.Equal(t, []string{"grp:g1", "grp:g2", "logless:logless", "p:p"}, names, "lexical order")
	})
	t.Run("getAllConfigInfo", func(t *testing.T) {
		v, err := d.call("supervisor.getAllConfigInfo")
		require.NoError(t, err)
		all := v.([]xmlrpc.Struct)
		require.Len(t, all, 4)
		assert.Equal(t, []string{"autostart", "directory", "uid", "command", "exitcodes", "group", "group_prio",
			"inuse", "killasgroup", "name", "process_prio", "redirect_stderr", "startretries", "startsecs",
			"stdout_capture_maxbytes", "stdout_events_enabled", "stdout_logfile", "stdout_logfile_backups",
			"stdout_logfile_maxbytes", "stdout_syslog", "stopsignal", "stopwaitsecs", "stderr_capture_maxbytes",
			"stderr_events_enabled", "stderr_logfile", "stderr_logfile_backups", "stderr_logfile_maxbytes",
			"stderr_syslog", "serverurl"}, memberNames(t, all[0]))
		byName := map[string]xmlrpc.Struct{}
		for _, s := range all {
			byName[member(t, s, "name").(string)] = s
		}
		l := byName["logless"]
		assert.Equal(t, "none", member(t, l, "stdout_logfile"))
		assert.Equal(t, "none", member(t, l, "uid"))
		assert.Equal(t, "/tmp", member(t, l, "directory"))
		assert.Equal(t, []int{0, 2}, member(t, l, "exitcodes"))
		assert.Equal(t, 10, member(t, l, "stopsignal"))
		assert.Equal(t, "http://127.0.0.1:1/", member(t, l, "serverurl"))
		assert.Equal(t, false, member(t, l, "autostart"))
		p := byName["p"]
		assert.Equal(t, "none", member(t, p, "directory"))
		assert.Equal(t, "none", member(t, p, "serverurl"))
		assert.Equal(t, 999, member(t, p, "group_prio"))
		g1 := byName["g1"]
		assert.Equal(t, "grp", member(t, g1, "group"))
		assert.Equal(t, 5, member(t, g1, "group_prio"))
		assert.Equal(t, 10, member(t, g1, "process_prio"))
		assert.Equal(t, true, member(t, g1, "inuse"))
	})
	t.Run("group results", func(t *testing.T) {
		v, err := d.call("supervisor.startProcessGroup", "grp")
		require.NoError(t, err)
		assert.Equal(t, []xmlrpc.Struct{{{Name: "name", Value: "g2"}, {Name: "group", Value: "grp"},
			{Name: "status", Value: 80}, {Name: "description", Value: "OK"}}}, v)
		v, err = d.call("supervisor.startProcess", "grp:*")
		require.NoError(t, err)
		assert.Equal(t, []xmlrpc.Struct{}, v, "nothing to start: an empty array")
		v, err = d.call("supervisor.stopProcess", "grp:", false)
		require.NoError(t, err)
		assert.Len(t, v, 2)
	})
	t.Run("tail", func(t *testing.T) {
		v, err := d.call("supervisor.tailProcessStdoutLog", "p", 0, 100)
		require.NoError(t, err)
		assert.Equal(t, []any{"", int64(0), false}, v)
	})
	t.Run("reloadConfig", func(t *testing.T) {
		v, err := d.call("supervisor.reloadConfig")
		require.NoError(t, err)
		assert.Equal(t, []any{[]any{[]string{}, []string{}, []string{}}}, v)
	})
	t.Run("identity", func(t *testing.T) {
		for method, want := range map[string]any{
			"supervisor.getAPIVersion":        "3.0",
			"supervisor.getVersion":           "3.0",
			"supervisor.getSupervisorVersion": "4.2.5",
			"supervisor.getIdentification":    "supervisor",
		} {
			v, err := d.call(method)
			require.NoError(t, err)
			assert.Equal(t, want, v, method)
		}
	})
}

const waitConf = rpcinterfaceSection + `
[program:quick]
command=sh -c 'exit 3'
startsecs=1
startretries=0
autostart=false

[program:slow]
command=sleep 1000
startsecs=1
autostart=false

[program:ignorer]
command=sh -c 'trap "" TERM; echo ready; exec sleep 1000'
startsecs=0
stopwaitsecs=1

[program:missing]
command=/nonexistent/binary
autostart=false
`

// TestWaitSemantics checks when start and stop answer with wait (reference
// §2.6, §2.9).
func TestWaitSemantics(t *testing.T) {
	d := startDaemon(t, waitConf)
	d.waitUntil(10*time.Second, "ignorer ignores SIGTERM", func() bool {
		v, err := d.call("supervisor.readProcessStdoutLog", "ignorer", 0, 0)
		return err == nil && v == "ready\n"
	})
	cases := []struct {
		method string
		params []any
		want   any
		state  supervisor.ProcessState // of params[0] right after the answer
	}{
		{"startProcess", []any{"quick"}, "fault 50: SPAWN_ERROR: quick", supervisor.Fatal},
		{"startProcess", []any{"slow"}, true, supervisor.Running},
		{"startProcess", []any{"slow"}, "fault 60: ALREADY_STARTED: slow", supervisor.Running},
		{"stopProcess", []any{"slow"}, true, supervisor.Stopped},
		{"stopProcess", []any{"slow"}, "fault 70: NOT_RUNNING: slow", supervisor.Stopped},
		{"startProcess", []any{"slow", false}, true, supervisor.Starting},
		{"stopProcess", []any{"ignorer"}, true, supervisor.Stopped}, // SIGKILL after stopwaitsecs
		{"startProcess", []any{"missing"}, "fault 20: NO_FILE: can't find command '/nonexistent/binary'", supervisor.Stopped},
	}
	for _, c := range cases {
		t.Run(c.method+"/"+c.params[0].(string), func(t *testing.T) {
			v, err := d.call("supervisor."+c.method, c.params...)
			assert.Equal(t, c.want, outcome(v, err))
			v, err = d.call("supervisor.getProcessInfo", c.params[0])
			require.NoError(t, err)
			assert.Equal(t, c.state.String(), member(t, v, "statename"))
		})
	}
}
