package rpc

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/compat/harness"
)

// python is the interpreter that has 4.2.5's modules (another python3 may
// come first on PATH).
const python = "/usr/bin/python3"

// pyCalls runs testdata/calls.py on d's inet port and returns its output.
func pyCalls(t *testing.T, d *harness.Daemon, calls [][]any) string {
	t.Helper()
	spec, err := json.Marshal(calls)
	require.NoError(t, err)
	script, err := filepath.Abs("testdata/calls.py")
	require.NoError(t, err)
	out, err := exec.Command(python, script, fmt.Sprintf("http://127.0.0.1:%d/RPC2", d.Port), string(spec)).CombinedOutput()
	require.NoError(t, err, "%s", out)
	return string(out)
}

// TestPythonXMLRPCClient drives both daemons with Python's xmlrpc.client:
// every supervisor.* method (aliases included), the name syntax, wait,
// faults and 4.2.5's answers to wrong argument types, and system.*.
func TestPythonXMLRPCClient(t *testing.T) {
	t.Parallel()
	p := startFixture(t)
	calls := [][]any{
		{"supervisor.getAPIVersion"}, {"supervisor.getVersion"}, {"supervisor.getSupervisorVersion"},
		{"supervisor.getIdentification"}, {"supervisor.getState"}, {"supervisor.getPID"},
		{"supervisor.getProcessInfo", "sleeper"}, {"supervisor.getProcessInfo", "grp:g1"},
		{"supervisor.getProcessInfo", "multi:multi_0"}, {"supervisor.getProcessInfo", "stopped"},
		{"supervisor.getProcessInfo", "nosuch"}, {"supervisor.getProcessInfo", "grp:*"},
		{"supervisor.getProcessInfo", "multi"}, {"supervisor.getProcessInfo", 5},
		{"supervisor.getAllProcessInfo"}, {"supervisor.getAllConfigInfo"},

		{"supervisor.startProcess", "stopped"}, {"supervisor.startProcess", "stopped"},
		{"supervisor.stopProcess", "stopped"}, {"supervisor.stopProcess", "stopped"},
		{"supervisor.startProcess", "stopped", false}, {"supervisor.stopProcess", "stopped:stopped"},
		{"supervisor.startProcess", "quick"}, {"settled:supervisor.getProcessInfo", "quick"},
		{"supervisor.startProcess", "missing"}, {"supervisor.startProcess", "nosuch"},
		{"supervisor.startProcess", "grp:nosuch"}, {"supervisor.startProcess", []any{"x"}},
		{"supervisor.startProcessGroup", "grp"}, {"supervisor.startProcessGroup", "grp"},
		{"sorted:supervisor.stopProcessGroup", "grp"}, {"sorted:supervisor.startProcess", "grp:*"},
		{"supervisor.stopProcess", "grp:g2"}, {"supervisor.startProcessGroup", "nosuch"},
		{"supervisor.stopProcessGroup", []any{}},

		{"supervisor.signalProcess", "ignorer", "HUP"}, {"supervisor.signalProcess", "ignorer", 10},
		{"supervisor.signalProcess", "ignorer", "BOGUS"}, {"supervisor.signalProcess", "stopped", "HUP"},
		{"supervisor.signalProcess", "nosuch", "HUP"}, {"supervisor.signalProcessGroup", "grp", "BOGUS"},
		{"supervisor.signalProcessGroup", "grp", "0"}, {"supervisor.signalProcess", "grp:*", 0},
		{"supervisor.signalAllProcesses", "0"}, {"supervisor.signalProcess", "ignorer", []any{}},

		{"supervisor.readProcessStdoutLog", "echoer", 0, 0}, {"supervisor.readProcessLog", "echoer", 0, 4},
		{"supervisor.readProcessStderrLog", "echoer", -5, 0}, {"supervisor.readProcessStdoutLog", "echoer", -1, 5},
		{"supervisor.readProcessStdoutLog", "echoer", 0, -1}, {"supervisor.readProcessStdoutLog", "echoer", 1000, 0},
		{"supervisor.readProcessStdoutLog", "nosuch", 0, 0}, {"supervisor.readProcessStdoutLog", "echoer", "x", 0},
		{"supervisor.tailProcessStdoutLog", "echoer", 0, 3}, {"supervisor.tailProcessLog", "echoer", 0, 100},
		{"supervisor.tailProcessStderrLog", "echoer", 1000, 10}, {"supervisor.tailProcessStdoutLog", "missing", 0, 10},
		{"supervisor.readLog", 0, 24}, {"supervisor.readMainLog", "0", "24"}, {"supervisor.readLog", -1, 1},
		{"supervisor.clearProcessLogs", "echoer"}, {"supervisor.clearProcessLog", "echoer"},
		{"supervisor.readProcessStdoutLog", "echoer", 0, 0}, {"supervisor.clearProcessLogs", "grp:*"},
		// clearAllProcessLogs: see "clear all" in TestStockCtlCommands.

		{"supervisor.sendProcessStdin", "cat", "hi\n"}, {"supervisor.sendProcessStdin", "cat", 5},
		{"supervisor.sendProcessStdin", "stopped", "x"}, {"supervisor.sendProcessStdin", "nosuch", "x"},
		{"supervisor.sendRemoteCommEvent", "type", "data"},

		{"supervisor.reloadConfig"}, {"supervisor.addProcessGroup", "grp"}, {"supervisor.addProcessGroup", "nosuch"},
		{"supervisor.removeProcessGroup", "grp"}, {"supervisor.removeProcessGroup", "nosuch"},

		{"system.listMethods"}, {"system.methodSignature", "supervisor.startProcess"},
		{"system.methodSignature", "supervisor.tailProcessLog"}, {"system.methodHelp", "supervisor.nosuch"},
		{"system.multicall", []any{
			map[string]any{"methodName": "supervisor.getAPIVersion", "params": []any{}},
			map[string]any{"methodName": "supervisor.getProcessInfo", "params": []any{"nosuch"}},
			map[string]any{"methodName": "supervisor.stopProcess", "params": []any{"sleeper"}},
			map[string]any{"methodName": "supervisor.startProcess", "params": []any{"sleeper"}},
			map[string]any{"methodName": "supervisor.getState", "params": []any{"extra"}},
			map[string]any{"methodName": "supervisor.nope"},
		}},
		{"supervisor.nope"}, {"supervisor._update", "x"}, {"supervisor.getState", 1},

		// startAllProcesses starts quick too, which fails: 4.2.5 may keep
		// it in BACKOFF for a tick after ours made it FATAL, and stopping
		// all stops BACKOFF processes, so wait until quick has settled.
		{"sorted:supervisor.stopAllProcesses"}, {"sorted:supervisor.startAllProcesses"},
		{"settled:supervisor.getProcessInfo", "quick"},
		{"sorted:supervisor.stopAllProcesses", false}, {"supervisor.shutdown"},
	}
	var out [2]string
	for i, d := range p {
		out[i] = d.Normalize(pyCalls(t, d, calls))
	}
	require.Equal(t, len(calls), strings.Count(out[0], "\n"), "one line per call:\n%s", out[0])
	refLines, ourLines := strings.Split(out[0], "\n"), strings.Split(out[1], "\n")
	for i, line := range refLines {
		if i < len(ourLines) {
			assert.Equal(t, line, ourLines[i], "call %d", i)
		}
	}
	assert.Equal(t, len(refLines), len(ourLines))
}
