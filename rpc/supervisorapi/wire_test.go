package supervisorapi

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	kolo "github.com/kolo/xmlrpc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/supervisor"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

// processInfo4125 is getProcessInfo's struct as a Go client declares it.
type processInfo4125 struct {
	Name          string `xmlrpc:"name"`
	Group         string `xmlrpc:"group"`
	Start         int    `xmlrpc:"start"`
	Stop          int    `xmlrpc:"stop"`
	Now           int    `xmlrpc:"now"`
	State         int    `xmlrpc:"state"`
	StateName     string `xmlrpc:"statename"`
	SpawnErr      string `xmlrpc:"spawnerr"`
	ExitStatus    int    `xmlrpc:"exitstatus"`
	Logfile       string `xmlrpc:"logfile"`
	StdoutLogfile string `xmlrpc:"stdout_logfile"`
	StderrLogfile string `xmlrpc:"stderr_logfile"`
	PID           int    `xmlrpc:"pid"`
	Description   string `xmlrpc:"description"`
}

const wireConf = rpcinterfaceSection + `
[program:binary]
command=sh -c 'printf "a\377b\n\001c\n"; exec sleep 1000'
startsecs=0
`

// TestWire checks what a Go client (kolo/xmlrpc) gets over the unix
// socket: decodable structs, faults inside HTTP 200, HTTP 500 for 4.2.5's
// unexpected exceptions, and well-formed text for log bytes that are not
// UTF-8 (where 4.2.5 answers 500).
func TestWire(t *testing.T) {
	d := startDaemon(t, wireConf)
	d.waitState("binary", supervisor.Running)
	c := d.kolo()

	var state struct {
		Code int    `xmlrpc:"statecode"`
		Name string `xmlrpc:"statename"`
	}
	require.NoError(t, c.Call("supervisor.getState", nil, &state))
	assert.Equal(t, 1, state.Code)
	assert.Equal(t, "RUNNING", state.Name)

	var infos []processInfo4125
	require.NoError(t, c.Call("supervisor.getAllProcessInfo", nil, &infos))
	require.Len(t, infos, 1)
	assert.Equal(t, "binary", infos[0].Name)
	assert.Equal(t, "RUNNING", infos[0].StateName)
	assert.NotZero(t, infos[0].PID)
	assert.NotZero(t, infos[0].Start)

	err := c.Call("supervisor.getProcessInfo", "nosuch", &infos)
	assert.EqualError(t, err, kolo.FaultError{Code: 10, String: "BAD_NAME: nosuch"}.Error())

	err = c.Call("supervisor.startProcess", 123, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "500")

	d.waitUntil(5*time.Second, "log written", func() bool {
		var text string
		return c.Call("supervisor.readProcessStdoutLog", []any{"binary", 0, 0}, &text) == nil && text != ""
	})
	var text string
	require.NoError(t, c.Call("supervisor.readProcessStdoutLog", []any{"binary", 0, 0}, &text))
	assert.Equal(t, "a\uFFFDb\n\uFFFDc\n", text)
	var tail []any
	require.NoError(t, c.Call("supervisor.tailProcessStdoutLog", []any{"binary", 0, 4}, &tail))
	assert.Equal(t, []any{"\n\uFFFDc\n", int64(7), true}, tail)

	var reload [][][]string
	require.NoError(t, c.Call("supervisor.reloadConfig", nil, &reload))
	require.Len(t, reload, 1, "[[added, changed, removed]]")
	assert.Len(t, reload[0], 3)
}

// TestShutdownGating checks that every supervisor.* method answers
// SHUTDOWN_STATE while supervisord stops, before it looks at its
// arguments, with 4.2.5's exceptions (reference §2.5).
func TestShutdownGating(t *testing.T) {
	d := startDaemon(t, rpcinterfaceSection+`
[program:ignorer]
command=sh -c 'trap "" TERM; echo ready; exec sleep 1000'
startsecs=0
stopwaitsecs=5
`)
	d.waitUntil(10*time.Second, "ignorer ignores SIGTERM", func() bool {
		v, err := d.call("supervisor.readProcessStdoutLog", "ignorer", 0, 0)
		return err == nil && v == "ready\n"
	})
	v, err := d.call("supervisor.shutdown")
	require.NoError(t, err)
	require.Equal(t, true, v)
	const shutdown = "fault 6: SHUTDOWN_STATE"
	cases := []struct {
		method string
		params []any
		want   any
	}{
		{"supervisor.getState", nil, shutdown},
		{"supervisor.getVersion", nil, shutdown},
		{"supervisor.getPID", nil, shutdown},
		{"supervisor.shutdown", nil, shutdown},
		{"supervisor.readLog", []any{"x", "y"}, shutdown},
		{"supervisor.startProcess", []any{123}, shutdown},
		{"supervisor.getProcessInfo", []any{"nosuch"}, shutdown},
		{"supervisor.sendProcessStdin", []any{"ignorer", 5}, shutdown},
		{"supervisor.removeProcessGroup", []any{[]any{}}, shutdown},
		{"supervisor.addProcessGroup", []any{1}, shutdown},
		{"supervisor.signalProcessGroup", []any{"nosuch", "HUP"}, shutdown},
		{"supervisor.signalProcessGroup", []any{[]any{}, "HUP"}, "fault 2: INCORRECT_PARAMETERS"},
		{"supervisor.signalAllProcesses", []any{"HUP"}, shutdown},
		{"supervisor.sendRemoteCommEvent", []any{"t", "d"}, true},
		{"system.methodSignature", []any{"supervisor.getState"}, []string{"struct"}},
	}
	for _, c := range cases {
		t.Run(c.method+"/"+pyReprArgs(c.params), func(t *testing.T) {
			v, err := d.call(c.method, c.params...)
			assert.Equal(t, c.want, outcome(v, err))
		})
	}
}

func pyReprArgs(params []any) string {
	if params == nil {
		return "()"
	}
	return rpc.PyRepr(params)
}

// TestNamespaces checks which namespaces the [rpcinterface:x] sections
// make (reference §1.5, §4.2).
func TestNamespaces(t *testing.T) {
	t.Run("none", func(t *testing.T) {
		d := startDaemon(t, "")
		c := d.kolo()
		var version string
		err := c.Call("supervisor.getVersion", nil, &version)
		assert.EqualError(t, err, kolo.FaultError{Code: 1, String: "UNKNOWN_METHOD"}.Error(), "supervisorctl's upcheck")
		var names []string
		require.NoError(t, c.Call("system.listMethods", nil, &names))
		assert.Equal(t, []string{"system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall"}, names)
	})
	t.Run("renamed", func(t *testing.T) {
		d := startDaemon(t, `
[rpcinterface:alt]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
`)
		c := d.kolo()
		var version string
		require.NoError(t, c.Call("alt.getAPIVersion", nil, &version))
		assert.Equal(t, "3.0", version)
		assert.EqualError(t, c.Call("supervisor.getAPIVersion", nil, &version), kolo.FaultError{Code: 1, String: "UNKNOWN_METHOD"}.Error())
	})
	t.Run("extra options", func(t *testing.T) {
		dir := t.TempDir()
		conf := filepath.Join(dir, "supervisord.conf")
		require.NoError(t, os.WriteFile(conf, []byte("[unix_http_server]\nfile="+dir+"/s.sock\n"+
			"[supervisord]\nlogfile="+dir+"/l\n"+rpcinterfaceSection+"retries=3\n"), 0o644))
		cfg, err := config.Load(conf, config.Overrides{}, config.DefaultEnvironment())
		require.NoError(t, err)
		srv, err := OpenServers(nil, cfg, nil)
		assert.Nil(t, srv)
		assert.EqualError(t, err, "Could not make supervisor rpc interface")
		_, err = os.Stat(dir + "/s.sock")
		assert.True(t, os.IsNotExist(err), "no listener was opened")
	})
}
