package supervisorapi

import (
	"context"

	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/supervisor"
)

// processInfoDoc lists the keys of a process-info struct.
const processInfoDoc = "{name, group, start, stop, now, state, statename, spawnerr, exitstatus, " +
	"logfile, stdout_logfile, stderr_logfile, pid, description}"

// infoMethods describe processes and their configuration.
func infoMethods(s *supervisor.Supervisor) []rpc.Method {
	return []rpc.Method{{
		Name: "getProcessInfo",
		Doc: "Describe one process: its state, pid, start and stop times (epoch seconds, 0 when " +
			"never), last spawn error, exit status, log files and a human-readable description. " +
			"BAD_NAME for an unknown process or a 'group:*' name.",
		Params:    []rpc.Param{paramProcess},
		Returns:   rpc.TypeStruct,
		ReturnDoc: "result A struct " + processInfoDoc + ".",
		Func: func(ctx context.Context, args rpc.Args) (any, error) {
			name, err := processName(ctx, s, args, 0)
			if err != nil {
				return nil, err
			}
			pi, err := s.ProcessInfo(ctx, name)
			if err != nil {
				return nil, rpcError(err)
			}
			return processInfo(pi), nil
		},
	}, {
		Name:      "getAllProcessInfo",
		Doc:       "Describe every process, as getProcessInfo does, ordered by group name then process name.",
		Returns:   rpc.TypeArray,
		ReturnDoc: "result An array of structs " + processInfoDoc + ".",
		Func: func(ctx context.Context, _ rpc.Args) (any, error) {
			all, err := s.AllProcessInfo(ctx)
			if err != nil {
				return nil, rpcError(err)
			}
			return processInfos(all), nil
		},
	}, {
		Name: "getAllConfigInfo",
		Doc: "Describe the configuration of every process of the configuration last read, " +
			"whether its group is in use (inuse) or not, ordered by process name. Unset values " +
			"are the string 'none', log files still to be named automatically the string 'auto'.",
		Returns:   rpc.TypeArray,
		ReturnDoc: "result An array of structs, one per process.",
		Func: func(ctx context.Context, _ rpc.Args) (any, error) {
			all, err := s.AllConfigInfo(ctx)
			if err != nil {
				return nil, rpcError(err)
			}
			return configInfos(all), nil
		},
	}}
}
