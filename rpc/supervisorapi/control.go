package supervisorapi

import (
	"context"

	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/supervisor"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
)

// controlMethods start, stop and signal processes, one, a group or all.
func controlMethods(s *supervisor.Supervisor) []rpc.Method {
	return []rpc.Method{{
		Name: "startProcess",
		Doc: "Start a process. A 'group:*' name starts the group, as startProcessGroup, and " +
			"answers with its array. Faults, in the order they are checked: BAD_NAME; NO_FILE or " +
			"NOT_EXECUTABLE when the command cannot be run; ALREADY_STARTED; FAILED for a process " +
			"in the UNKNOWN state; SPAWN_ERROR when it could not be started; with wait, " +
			"SPAWN_ERROR after its first failed attempt and ABNORMAL_TERMINATION when it stopped " +
			"otherwise before reaching RUNNING.",
		Params:    []rpc.Param{paramName, paramStartWait},
		Returns:   rpc.TypeBoolean,
		ReturnDoc: "result True, unless there is an error.",
		Func: func(ctx context.Context, args rpc.Args) (any, error) {
			name, err := processName(ctx, s, args, 0)
			if err != nil {
				return nil, err
			}
			rs, group, err := s.StartProcess(ctx, name, args.Bool(1, true))
			return single(rs, group, err)
		},
	}, {
		Name: "startProcessGroup",
		Doc: "Start every process of a group that is not running (RUNNING, STARTING or BACKOFF), " +
			"in priority order. BAD_NAME for an unknown group.",
		Params:    []rpc.Param{paramGroup, paramStartWait},
		Returns:   rpc.TypeArray,
		ReturnDoc: "result " + resultsDoc,
		Func: func(ctx context.Context, args rpc.Args) (any, error) {
			name, err := groupName(ctx, s, args, 0)
			if err != nil {
				return nil, err
			}
			rs, err := s.StartProcessGroup(ctx, name, args.Bool(1, true))
			return many(rs, err)
		},
	}, {
		Name:      "startAllProcesses",
		Doc:       "Start every process that is not running, groups and processes in priority order.",
		Params:    []rpc.Param{paramStartWait},
		Returns:   rpc.TypeArray,
		ReturnDoc: "result " + resultsDoc,
		Func: func(ctx context.Context, args rpc.Args) (any, error) {
			rs, err := s.StartAllProcesses(ctx, args.Bool(0, true))
			return many(rs, err)
		},
	}, {
		Name: "stopProcess",
		Doc: "Stop a process with its stopsignal (SIGKILL after stopwaitsecs). A 'group:*' name " +
			"stops the group, as stopProcessGroup, and answers with its array. BAD_NAME; " +
			"NOT_RUNNING unless it is RUNNING, STARTING or BACKOFF; FAILED when it cannot be signalled.",
		Params:    []rpc.Param{paramName, paramStopWait},
		Returns:   rpc.TypeBoolean,
		ReturnDoc: "result True, unless there is an error.",
		Func: func(ctx context.Context, args rpc.Args) (any, error) {
			name, err := processName(ctx, s, args, 0)
			if err != nil {
				return nil, err
			}
			rs, group, err := s.StopProcess(ctx, name, args.Bool(1, true))
			return single(rs, group, err)
		},
	}, {
		Name:      "stopProcessGroup",
		Doc:       "Stop every running process of a group, in priority order. BAD_NAME for an unknown group.",
		Params:    []rpc.Param{paramGroup, paramStopWait},
		Returns:   rpc.TypeArray,
		ReturnDoc: "result " + resultsDoc,
		Func: func(ctx context.Context, args rpc.Args) (any, error) {
			name, err := groupName(ctx, s, args, 0)
			if err != nil {
				return nil, err
			}
			rs, err := s.StopProcessGroup(ctx, name, args.Bool(1, true))
			return many(rs, err)
		},
	}, {
		Name:      "stopAllProcesses",
		Doc:       "Stop every running process, in ascending priority order.",
		Params:    []rpc.Param{paramStopWait},
		Returns:   rpc.TypeArray,
		ReturnDoc: "result " + resultsDoc,
		Func: func(ctx context.Context, args rpc.Args) (any, error) {
			rs, err := s.StopAllProcesses(ctx, args.Bool(0, true))
			return many(rs, err)
		},
	}, {
		Name: "signalProcess",
		Doc: "Send a signal to a process (to its pid only, not its process group). A 'group:*' name " +
			"signals the group, as signalProcessGroup, and answers with its array. BAD_NAME; " +
			"BAD_SIGNAL; NOT_RUNNING unless it is RUNNING, STARTING or STOPPING; FAILED when the " +
			"signal cannot be sent.",
		Params:    []rpc.Param{paramName, paramSignal},
		Returns:   rpc.TypeBoolean,
		ReturnDoc: "result True, unless there is an error.",
		Func: func(ctx context.Context, args rpc.Args) (any, error) {
			name, err := processName(ctx, s, args, 0)
			if err != nil {
				return nil, err
			}
			sig := signalOf(args, 1)
			rs, group, err := s.SignalProcess(ctx, name, sig.text)
			if err != nil {
				return nil, sig.fault(rpcError(err))
			}
			if rs, err = sig.results(rs); err != nil {
				return nil, err
			}
			return single(rs, group, nil)
		},
	}, {
		Name: "signalProcessGroup",
		Doc: "Send a signal to every process of a group that is RUNNING, STARTING or STOPPING. " +
			"BAD_NAME for an unknown group; a bad signal is reported for each process in the array.",
		Params:    []rpc.Param{paramGroup, paramSignal},
		Returns:   rpc.TypeArray,
		ReturnDoc: "result " + resultsDoc,
		Func: func(ctx context.Context, args rpc.Args) (any, error) {
			// 4.2.5 looks the group up before its SHUTDOWN_STATE check
			// here, and reports an unknown one after it.
			name, bad := groupKey(args, 0)
			if bad != nil {
				if bad.Code == faults.IncorrectParameters {
					return nil, bad
				}
				return nil, gate(ctx, s, bad)
			}
			sig := signalOf(args, 1)
			rs, err := s.SignalProcessGroup(ctx, name, sig.text)
			return signalled(sig, rs, err)
		},
	}, {
		Name: "signalAllProcesses",
		Doc: "Send a signal to every process that is RUNNING, STARTING or STOPPING; a bad signal " +
			"is reported for each process in the array.",
		Params:    []rpc.Param{paramSignal},
		Returns:   rpc.TypeArray,
		ReturnDoc: "result " + resultsDoc,
		Func: func(ctx context.Context, args rpc.Args) (any, error) {
			sig := signalOf(args, 0)
			rs, err := s.SignalAllProcesses(ctx, sig.text)
			return signalled(sig, rs, err)
		},
	}}
}

// single is the answer of startProcess, stopProcess and signalProcess:
// true, or the group's array for a 'group:*' name.
func single(rs []supervisor.Result, group bool, err error) (any, error) {
	if err != nil {
		return nil, rpcError(err)
	}
	if group {
		return results(rs), nil
	}
	return true, nil
}

// many is the answer of the group and "all" methods.
func many(rs []supervisor.Result, err error) (any, error) {
	if err != nil {
		return nil, rpcError(err)
	}
	return results(rs), nil
}

// signalled is the answer of signalProcessGroup and signalAllProcesses.
func signalled(sig signalArg, rs []supervisor.Result, err error) (any, error) {
	if err != nil {
		return nil, rpcError(err)
	}
	rs, err = sig.results(rs)
	if err != nil {
		return nil, err
	}
	return results(rs), nil
}
