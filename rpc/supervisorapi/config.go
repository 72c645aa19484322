package supervisorapi

import (
	"context"

	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/supervisor"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
)

// configMethods are the methods that re-read the configuration and add or
// remove process groups at run time.
func configMethods(s *supervisor.Supervisor) []rpc.Method {
	return []rpc.Method{{
		Name: "reloadConfig",
		Doc: "Read the configuration file again and keep its process group definitions for " +
			"addProcessGroup and getAllConfigInfo. Nothing is started, stopped, added or removed. " +
			"The result tells how the new definitions differ from the groups in use: the names " +
			"of the groups added, changed and removed. A configuration that cannot be read is " +
			"the fault CANT_REREAD with the error message.",
		Returns:   rpc.TypeArray,
		ReturnDoc: "result [[added, changed, removed]]: one array holding the three arrays of group names.",
		Func: func(ctx context.Context, _ rpc.Args) (any, error) {
			added, changed, removed, err := s.ReloadConfig(ctx)
			if err != nil {
				return nil, rpcError(err)
			}
			return []any{[]any{nonNil(added), nonNil(changed), nonNil(removed)}}, nil
		},
	}, {
		Name: "addProcessGroup",
		Doc: "Put the process group called name, as the configuration last read defines it, into " +
			"use; its autostart processes start. ALREADY_ADDED if it is in use already, BAD_NAME " +
			"if the configuration has no such group.",
		Params:    []rpc.Param{paramGroup},
		Returns:   rpc.TypeBoolean,
		ReturnDoc: "result True, unless there is an error.",
		Func: func(ctx context.Context, args rpc.Args) (any, error) {
			name, ok := args.Value(0).(string)
			if !ok {
				// 4.2.5 compares the names of its groups with the value:
				// a non-string equals none of them.
				return nil, gate(ctx, s, rpc.NewFault(faults.BadName, rpc.PyStr(args.Value(0))))
			}
			if err := s.AddProcessGroup(ctx, name); err != nil {
				return nil, rpcError(err)
			}
			return true, nil
		},
	}, {
		Name: "removeProcessGroup",
		Doc: "Take the process group called name out of use. Every process of it must be stopped " +
			"(STILL_RUNNING otherwise); BAD_NAME if no such group is in use.",
		Params:    []rpc.Param{paramGroup},
		Returns:   rpc.TypeBoolean,
		ReturnDoc: "result True, unless there is an error.",
		Func: func(ctx context.Context, args rpc.Args) (any, error) {
			name, err := groupName(ctx, s, args, 0)
			if err != nil {
				return nil, err
			}
			if err := s.RemoveProcessGroup(ctx, name); err != nil {
				return nil, rpcError(err)
			}
			return true, nil
		},
	}}
}
