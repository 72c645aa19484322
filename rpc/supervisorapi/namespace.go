package supervisorapi

import (
	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/supervisor"
)

// Methods returns the supervisor.* methods of 4.2.5, all 37 names
// (aliases included), implemented on s. Register them under the
// namespace name of the [rpcinterface:x] section (normally "supervisor").
func Methods(s *supervisor.Supervisor) []rpc.Method {
	var ms []rpc.Method
	for _, group := range [][]rpc.Method{
		stateMethods(s),
		configMethods(s),
		controlMethods(s),
		infoMethods(s),
		logMethods(s),
		stdinMethods(s),
	} {
		ms = append(ms, group...)
	}
	return ms
}

// Register adds the methods of s to reg under namespace.
func Register(reg *rpc.Registry, namespace string, s *supervisor.Supervisor) error {
	return reg.Register(namespace, Methods(s)...)
}

// alias returns m under another name (4.2.5 keeps old names as aliases
// of the same function, with the same help text).
func alias(name string, m rpc.Method) rpc.Method {
	m.Name = name
	return m
}

// Parameter declarations shared by several methods.
var (
	paramName = rpc.Param{Name: "name", Type: rpc.TypeString,
		Doc: "The process, as 'name' or 'group:name' (or 'group:*' for its whole group)."}
	paramProcess = rpc.Param{Name: "name", Type: rpc.TypeString,
		Doc: "The process, as 'name' or 'group:name'."}
	paramGroup  = rpc.Param{Name: "name", Type: rpc.TypeString, Doc: "The group name."}
	paramOffset = rpc.Param{Name: "offset", Type: rpc.TypeInt,
		Doc: "Where to start reading, in bytes from the start of the file; a negative offset counts from the end."}
	paramLength = rpc.Param{Name: "length", Type: rpc.TypeInt,
		Doc: "How many bytes to read; 0 reads to the end (and must be 0 with a negative offset)."}
	paramSignal = rpc.Param{Name: "signal", Type: rpc.TypeString,
		Doc: "The signal, by name ('HUP' or 'SIGHUP') or number ('1')."}
	paramStartWait = rpc.Param{Name: "wait", Type: rpc.TypeBoolean, Optional: true,
		Doc: "Answer only once the process is RUNNING or has failed (default true)."}
	paramStopWait = rpc.Param{Name: "wait", Type: rpc.TypeBoolean, Optional: true,
		Doc: "Answer only once the process has stopped (default true)."}
)

// resultsDoc describes the arrays of the group and "all" methods.
const resultsDoc = "One struct {name, group, status, description} per process acted on, " +
	"in the order the results came in; status 80 (SUCCESS) with description 'OK', " +
	"or a fault code and fault string."
