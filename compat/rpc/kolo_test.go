package rpc

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/compat/harness"
)

// Go clients (exporters, Go supervisorctl ports) declare 4.2.5's structs
// with kolo/xmlrpc tags; these are what they decode.
type (
	processInfo struct {
		Name          string `xmlrpc:"name"`
		Group         string `xmlrpc:"group"`
		Start         int64  `xmlrpc:"start"`
		Stop          int64  `xmlrpc:"stop"`
		Now           int64  `xmlrpc:"now"`
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
	configInfo struct {
		Name                  string `xmlrpc:"name"`
		Group                 string `xmlrpc:"group"`
		Autostart             bool   `xmlrpc:"autostart"`
		Command               string `xmlrpc:"command"`
		Exitcodes             []int  `xmlrpc:"exitcodes"`
		GroupPrio             int    `xmlrpc:"group_prio"`
		ProcessPrio           int    `xmlrpc:"process_prio"`
		Inuse                 bool   `xmlrpc:"inuse"`
		Stopsignal            int    `xmlrpc:"stopsignal"`
		StdoutLogfileMaxbytes int64  `xmlrpc:"stdout_logfile_maxbytes"`
		Serverurl             string `xmlrpc:"serverurl"`
		Directory             string `xmlrpc:"directory"`
	}
	result struct {
		Name        string `xmlrpc:"name"`
		Group       string `xmlrpc:"group"`
		Status      int    `xmlrpc:"status"`
		Description string `xmlrpc:"description"`
	}
	state struct {
		Code int    `xmlrpc:"statecode"`
		Name string `xmlrpc:"statename"`
	}
)

// koloView is what a Go client decodes from one daemon, with the values
// that legitimately differ between two daemons zeroed.
type koloView struct {
	State      state
	Infos      []processInfo
	Configs    []configInfo
	Stopped    []result
	Started    []result
	Signalled  []result
	Tail       []any
	Reload     [][][]string
	Version    string
	Signature  []string
	BadName    string
	MultiCount int
}

// koloCalls makes the calls through kolo/xmlrpc on the unix socket.
func koloCalls(t *testing.T, d *harness.Daemon) koloView {
	t.Helper()
	c, err := d.RPC().Kolo()
	require.NoError(t, err)
	defer c.Close()
	var v koloView
	require.NoError(t, c.Call("supervisor.getState", nil, &v.State))
	require.NoError(t, c.Call("supervisor.getAllProcessInfo", nil, &v.Infos))
	require.NoError(t, c.Call("supervisor.getAllConfigInfo", nil, &v.Configs))
	require.NoError(t, c.Call("supervisor.stopProcessGroup", "multi", &v.Stopped))
	require.NoError(t, c.Call("supervisor.startProcess", "multi:*", &v.Started))
	require.NoError(t, c.Call("supervisor.signalProcessGroup", []any{"grp", "BOGUS"}, &v.Signalled))
	require.NoError(t, c.Call("supervisor.tailProcessStderrLog", []any{"echoer", 0, 4}, &v.Tail))
	require.NoError(t, c.Call("supervisor.reloadConfig", nil, &v.Reload))
	require.NoError(t, c.Call("supervisor.getVersion", nil, &v.Version))
	require.NoError(t, c.Call("system.methodSignature", "supervisor.signalProcessGroup", &v.Signature))
	if err := c.Call("supervisor.getProcessInfo", "grp:*", &v.Infos[0]); err != nil {
		v.BadName = err.Error()
	}
	var multi []any
	require.NoError(t, c.Call("system.multicall", []any{[]any{
		map[string]any{"methodName": "supervisor.getPID", "params": []any{}},
		map[string]any{"methodName": "supervisor.getState", "params": []any{}},
	}}, &multi))
	v.MultiCount = len(multi)

	n := d.Normalizer()
	for i := range v.Infos {
		pi := &v.Infos[i]
		pi.Start, pi.Stop, pi.Now, pi.PID = nonZero(pi.Start), nonZero(pi.Stop), nonZero(pi.Now), int(nonZero(int64(pi.PID)))
		pi.Description, pi.Logfile = n.Text(pi.Description), n.Text(pi.Logfile)
		pi.StdoutLogfile, pi.StderrLogfile = n.Text(pi.StdoutLogfile), n.Text(pi.StderrLogfile)
	}
	for _, rs := range [][]result{v.Stopped, v.Started} {
		sort.Slice(rs, func(i, j int) bool { return rs[i].Name < rs[j].Name })
	}
	return v
}

// nonZero maps every non-zero value to 1.
func nonZero(n int64) int64 {
	if n != 0 {
		return 1
	}
	return 0
}

// TestKoloShapes decodes both daemons' answers with kolo/xmlrpc into the
// structs Go clients declare and requires the same values.
func TestKoloShapes(t *testing.T) {
	t.Parallel()
	p := startFixture(t)
	ref, ours := koloCalls(t, p[0]), koloCalls(t, p[1])
	assert.Equal(t, ref, ours)
	assert.Len(t, ref.Infos, 12)
	assert.Equal(t, "Fault(10): BAD_NAME: grp:*", ref.BadName)
	assert.Equal(t, []result{{"g1", "grp", 11, "BAD_SIGNAL: BOGUS"}}, ref.Signalled)
}
