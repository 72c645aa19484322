package supervisorapi

import (
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
	"github.com/gosupervisord/gosupervisord/supervisor"
)

// signatures4125 are system.methodSignature of every supervisor.* method
// of 4.2.5 (reference §2.6).
var signatures4125 = map[string][]string{
	"addProcessGroup":      {"boolean", "string"},
	"clearAllProcessLogs":  {"array"},
	"clearLog":             {"boolean"},
	"clearProcessLog":      {"boolean", "string"},
	"clearProcessLogs":     {"boolean", "string"},
	"getAPIVersion":        {"string"},
	"getAllConfigInfo":     {"array"},
	"getAllProcessInfo":    {"array"},
	"getIdentification":    {"string"},
	"getPID":               {"int"},
	"getProcessInfo":       {"struct", "string"},
	"getState":             {"struct"},
	"getSupervisorVersion": {"string"},
	"getVersion":           {"string"},
	"readLog":              {"string", "int", "int"},
	"readMainLog":          {"string", "int", "int"},
	"readProcessLog":       {"string", "string", "int", "int"},
	"readProcessStderrLog": {"string", "string", "int", "int"},
	"readProcessStdoutLog": {"string", "string", "int", "int"},
	"reloadConfig":         {"array"},
	"removeProcessGroup":   {"boolean", "string"},
	"restart":              {"boolean"},
	"sendProcessStdin":     {"boolean", "string", "string"},
	"sendRemoteCommEvent":  {"boolean", "string", "string"},
	"shutdown":             {"boolean"},
	"signalAllProcesses":   {"array", "string"},
	"signalProcess":        {"boolean", "string", "string"},
	"signalProcessGroup":   {"array", "string", "string"},
	"startAllProcesses":    {"array", "boolean"},
	"startProcess":         {"boolean", "string", "boolean"},
	"startProcessGroup":    {"array", "string", "boolean"},
	"stopAllProcesses":     {"array", "boolean"},
	"stopProcess":          {"boolean", "string", "boolean"},
	"stopProcessGroup":     {"array", "string", "boolean"},
	"tailProcessLog":       {"array", "string", "int", "int"},
	"tailProcessStderrLog": {"array", "string", "int", "int"},
	"tailProcessStdoutLog": {"array", "string", "int", "int"},
}

func TestMethodTable(t *testing.T) {
	ms := Methods(nil)
	require.Len(t, ms, len(signatures4125))
	reg := rpc.NewRegistry()
	require.NoError(t, reg.Register("supervisor", ms...))
	for _, m := range ms {
		t.Run(m.Name, func(t *testing.T) {
			assert.Equal(t, signatures4125[m.Name], m.Signature())
			help := m.Help()
			assert.NotEmpty(t, m.Doc)
			for _, p := range m.Params {
				assert.Contains(t, help, "@param "+string(p.Type)+" "+p.Name+" ")
			}
			assert.Contains(t, help, "@return "+string(m.Returns)+" ")
		})
	}
	var want []string
	for n := range signatures4125 {
		want = append(want, "supervisor."+n)
	}
	want = append(want, "system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall")
	sort.Strings(want)
	assert.Equal(t, want, reg.MethodNames())
}

// typesConf has a running process, a cat to write to, and a process whose
// stderr is redirected.
const typesConf = rpcinterfaceSection + `
[program:p]
command=sleep 1000
startsecs=0

[program:cat]
command=cat
startsecs=0
redirect_stderr=true

[program:idle]
command=sleep 1000
autostart=false
`

// TestArgumentsAndFaults checks 4.2.5's answers to wrong argument types,
// unknown names and bad values, method by method (reference §2.1, §2.6;
// conformance rpc_faults).
func TestArgumentsAndFaults(t *testing.T) {
	d := startDaemon(t, typesConf)
	d.waitState("p", supervisor.Running)
	d.waitState("cat", supervisor.Running)
	cases := []struct {
		method string
		params []any
		want   any
	}{
		// Names: a non-string is str.split's AttributeError (HTTP 500).
		{"startProcess", []any{123}, "HTTP 500"},
		{"getProcessInfo", []any{[]any{"p"}}, "HTTP 500"},
		{"clearProcessLogs", []any{nil}, "HTTP 500"},
		{"getProcessInfo", []any{"p:p:p"}, "fault 10: BAD_NAME: p:p:p"},
		{"getProcessInfo", []any{":p"}, "fault 10: BAD_NAME: :p"},
		{"getProcessInfo", []any{"p:*"}, "fault 10: BAD_NAME: p:*"},
		{"clearProcessLogs", []any{"p:*"}, "fault 10: BAD_NAME: p:*"},
		{"sendProcessStdin", []any{"p:", "x"}, "fault 10: BAD_NAME: p:"},
		// Group keys: unhashable is a TypeError, anything else no group.
		{"startProcessGroup", []any{[]any{}}, "fault 2: INCORRECT_PARAMETERS"},
		{"stopProcessGroup", []any{nil}, "fault 10: BAD_NAME: None"},
		{"removeProcessGroup", []any{1.5}, "fault 10: BAD_NAME: 1.5"},
		{"signalProcessGroup", []any{xmlrpc.Struct{}, "HUP"}, "fault 2: INCORRECT_PARAMETERS"},
		{"addProcessGroup", []any{5}, "fault 10: BAD_NAME: 5"},
		{"addProcessGroup", []any{"nosuch"}, "fault 10: BAD_NAME: nosuch"},
		{"addProcessGroup", []any{"p"}, "fault 90: ALREADY_ADDED: p"},
		{"removeProcessGroup", []any{"p"}, "fault 91: STILL_RUNNING: p"},
		{"removeProcessGroup", []any{"nosuch"}, "fault 10: BAD_NAME: nosuch"},
		// wait takes Python's truth value.
		{"startProcess", []any{"p", "not-a-bool"}, "fault 60: ALREADY_STARTED: p"},
		// Log offsets: int() of text works, of a list is a TypeError.
		{"readLog", []any{"a", "b"}, "HTTP 500"},
		{"readProcessStdoutLog", []any{"p", "x", 0}, "HTTP 500"},
		{"readProcessStdoutLog", []any{"p", []any{}, 0}, "fault 2: INCORRECT_PARAMETERS"},
		{"readProcessStdoutLog", []any{"p", -1, 5}, "fault 3: BAD_ARGUMENTS"},
		{"readProcessStdoutLog", []any{"p", 0, -5}, "fault 3: BAD_ARGUMENTS"},
		{"readProcessStdoutLog", []any{"p", "0", "0"}, ""},
		{"readProcessStderrLog", []any{"cat", 0, 0}, "fault 20: NO_FILE"},
		{"readProcessLog", []any{"nosuch", 0, 0}, "fault 10: BAD_NAME: nosuch"},
		{"tailProcessStdoutLog", []any{"p", 0, -1}, []any{"", int64(0), true}},
		{"tailProcessStdoutLog", []any{"p", -5, 10}, []any{"", int64(0), false}},
		{"tailProcessStderrLog", []any{"cat", "x", "y"}, []any{"", 0, false}},
		{"tailProcessLog", []any{"p", "x", 0}, "HTTP 500"},
		// Signals: int() first, then a name; the fault shows the value.
		{"signalProcess", []any{"p", "BOGUS"}, "fault 11: BAD_SIGNAL: BOGUS"},
		{"signalProcess", []any{"p", 99.5}, "fault 11: BAD_SIGNAL: 99.5"},
		{"signalProcess", []any{"p", false}, true}, // signal 0 is valid, as in 4.2.5
		{"signalProcess", []any{"p", 65}, "fault 11: BAD_SIGNAL: 65"},
		{"signalProcess", []any{"p", []any{}}, "HTTP 500"},
		{"signalProcess", []any{"nosuch", []any{}}, "fault 10: BAD_NAME: nosuch"},
		{"signalProcess", []any{"idle", "HUP"}, "fault 70: NOT_RUNNING: idle"},
		{"signalProcess", []any{"idle", nil}, "HTTP 500"},
		{"signalProcessGroup", []any{"idle", nil}, []map[string]any{}},
		{"signalProcessGroup", []any{"p", "BOGUS"}, []map[string]any{
			{"name": "p", "group": "p", "status": 11, "description": "BAD_SIGNAL: BOGUS"}}},
		{"signalProcessGroup", []any{"p", 0.7}, []map[string]any{
			{"name": "p", "group": "p", "status": 80, "description": "OK"}}},
		{"signalProcessGroup", []any{"p", 65.5}, []map[string]any{
			{"name": "p", "group": "p", "status": 11, "description": "BAD_SIGNAL: 65.5"}}},
		{"signalProcess", []any{"p:*", nil}, "HTTP 500"},
		{"signalProcessGroup", []any{"nosuch", "HUP"}, "fault 10: BAD_NAME: nosuch"},
		// stdin: the text must be a string, checked before the name.
		{"sendProcessStdin", []any{"cat", 5}, "fault 2: INCORRECT_PARAMETERS: 5"},
		{"sendProcessStdin", []any{"nosuch", []any{"x"}}, "fault 2: INCORRECT_PARAMETERS: ['x']"},
		{"sendProcessStdin", []any{5, "x"}, "HTTP 500"},
		{"sendProcessStdin", []any{"idle", "x"}, "fault 70: NOT_RUNNING: idle"},
		{"sendRemoteCommEvent", []any{1, []any{}}, true},
		// Arity is the dispatcher's.
		{"getState", []any{1}, "fault 2: INCORRECT_PARAMETERS"},
		{"startProcess", nil, "fault 2: INCORRECT_PARAMETERS"},
	}
	for _, c := range cases {
		t.Run(c.method+"/"+rpc.PyRepr(c.params), func(t *testing.T) {
			v, err := d.call("supervisor."+c.method, c.params...)
			assert.Equal(t, normalise(c.want), normalise(outcome(v, err)))
		})
	}
}

// normalise turns result structs and arrays into plain maps and slices so
// that tables can spell them simply.
func normalise(v any) any {
	switch v := v.(type) {
	case []map[string]any:
		out := make([]any, len(v))
		for i, m := range v {
			out[i] = m
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalise(e)
		}
		return out
	case int64:
		return int(v)
	}
	if rs, ok := v.([]xmlrpc.Struct); ok {
		out := make([]any, len(rs))
		for i, s := range rs {
			m := map[string]any{}
			for _, mem := range s {
				m[mem.Name] = normalise(mem.Value)
			}
			out[i] = m
		}
		return out
	}
	return v
}

func TestReadLogText(t *testing.T) {
	d := startDaemon(t, typesConf)
	v, err := d.call("supervisor.readLog", "0", "24")
	require.NoError(t, err)
	assert.Len(t, v, 24)
	v, err = d.call("supervisor.readMainLog", -10, 0)
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(v.(string), "\n"), "%q", v)
}
