package supervisorapi

import (
	"context"

	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
	"github.com/gosupervisord/gosupervisord/supervisor"
)

// stateMethods are the methods about supervisord itself: versions,
// identity, state, pid, shutdown and restart.
func stateMethods(s *supervisor.Supervisor) []rpc.Method {
	apiVersion := rpc.Method{
		Name:      "getAPIVersion",
		Doc:       "Tell which version of the XML-RPC API this supervisord speaks.",
		Returns:   rpc.TypeString,
		ReturnDoc: "version The API version, \"" + supervisor.APIVersion + "\".",
		Func: func(ctx context.Context, _ rpc.Args) (any, error) {
			if err := s.CheckState(ctx); err != nil {
				return nil, rpcError(err)
			}
			return supervisor.APIVersion, nil
		},
	}
	return []rpc.Method{
		apiVersion,
		alias("getVersion", apiVersion),
		{
			Name:      "getSupervisorVersion",
			Doc:       "Tell which supervisord release this server is compatible with.",
			Returns:   rpc.TypeString,
			ReturnDoc: "version The release number, \"" + supervisor.Version + "\".",
			Func: func(ctx context.Context, _ rpc.Args) (any, error) {
				if err := s.CheckState(ctx); err != nil {
					return nil, rpcError(err)
				}
				return supervisor.Version, nil
			},
		}, {
			Name:      "getIdentification",
			Doc:       "Tell this supervisord's identifier (the identifier= option, 'supervisor' by default).",
			Returns:   rpc.TypeString,
			ReturnDoc: "identifier The identifier.",
			Func: func(ctx context.Context, _ rpc.Args) (any, error) {
				id, err := s.Identification(ctx)
				if err != nil {
					return nil, rpcError(err)
				}
				return id, nil
			},
		}, {
			Name:      "getState",
			Doc:       "Tell supervisord's own state.",
			Returns:   rpc.TypeStruct,
			ReturnDoc: "state A struct {statecode: int, statename: string}, e.g. {1, 'RUNNING'}.",
			Func: func(ctx context.Context, _ rpc.Args) (any, error) {
				st, err := s.State(ctx)
				if err != nil {
					return nil, rpcError(err)
				}
				return xmlrpc.Struct{
					{Name: "statecode", Value: int(st)},
					{Name: "statename", Value: st.String()},
				}, nil
			},
		}, {
			Name:      "getPID",
			Doc:       "Tell supervisord's process id.",
			Returns:   rpc.TypeInt,
			ReturnDoc: "pid The process id.",
			Func: func(ctx context.Context, _ rpc.Args) (any, error) {
				pid, err := s.PID(ctx)
				if err != nil {
					return nil, rpcError(err)
				}
				return pid, nil
			},
		}, {
			Name: "shutdown",
			Doc: "Make supervisord stop every process and exit. The answer comes at once; " +
				"the processes are stopped afterwards.",
			Returns:   rpc.TypeBoolean,
			ReturnDoc: "result True, unless there is an error.",
			Func: func(ctx context.Context, _ rpc.Args) (any, error) {
				if err := s.Shutdown(ctx); err != nil {
					return nil, rpcError(err)
				}
				return true, nil
			},
		}, {
			Name: "restart",
			Doc: "Make supervisord stop every process, read its configuration file again and start " +
				"over in the same process. The answer comes at once.",
			Returns:   rpc.TypeBoolean,
			ReturnDoc: "result True, unless there is an error.",
			Func: func(ctx context.Context, _ rpc.Args) (any, error) {
				if err := s.Restart(ctx); err != nil {
					return nil, rpcError(err)
				}
				return true, nil
			},
		},
	}
}
