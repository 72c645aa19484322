package supervisorapi

import (
	"context"

	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/supervisor"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
)

// stdinMethods write to processes and to event listeners.
func stdinMethods(s *supervisor.Supervisor) []rpc.Method {
	return []rpc.Method{{
		Name: "sendProcessStdin",
		Doc: "Write text to a process's standard input, UTF-8 encoded. INCORRECT_PARAMETERS when " +
			"chars is not a string; BAD_NAME for an unknown process; NOT_RUNNING when it is not " +
			"running or being stopped; NO_FILE when its standard input is closed.",
		Params: []rpc.Param{paramProcess,
			{Name: "chars", Type: rpc.TypeString, Doc: "The text to write."}},
		Returns:   rpc.TypeBoolean,
		ReturnDoc: "result True, unless there is an error.",
		Func: func(ctx context.Context, args rpc.Args) (any, error) {
			chars, ok := args.Value(1).(string)
			if !ok {
				return nil, gate(ctx, s, rpc.NewFault(faults.IncorrectParameters, rpc.PyStr(args.Value(1))))
			}
			name, err := processName(ctx, s, args, 0)
			if err != nil {
				return nil, err
			}
			if err := s.SendProcessStdin(ctx, name, []byte(chars)); err != nil {
				return nil, rpcError(err)
			}
			return true, nil
		},
	}, {
		Name: "sendRemoteCommEvent",
		Doc: "Emit a REMOTE_COMMUNICATION event to the event listeners that subscribe to it. " +
			"Its payload is 'type:<type>' on a line, then data. This works even while supervisord " +
			"shuts down.",
		Params: []rpc.Param{
			{Name: "type", Type: rpc.TypeString, Doc: "The value of the type header of the event."},
			{Name: "data", Type: rpc.TypeString, Doc: "The body of the event."}},
		Returns:   rpc.TypeBoolean,
		ReturnDoc: "result True, unless there is an error.",
		Func: func(ctx context.Context, args rpc.Args) (any, error) {
			if err := s.SendRemoteCommEvent(ctx, rpc.PyStr(args.Value(0)), rpc.PyStr(args.Value(1))); err != nil {
				return nil, rpcError(err)
			}
			return true, nil
		},
	}}
}
