package supervisorapi

import (
	"context"
	"errors"

	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/supervisor"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
)

// rpcError turns an error of the core's API into what the RPC layer
// answers: a *supervisor.Fault becomes the XML-RPC fault with the same code
// and text; ErrNotServing (the supervisor's loop has ended, so supervisord
// is on its way out) becomes SHUTDOWN_STATE, which is what 4.2.5 answers in
// its last moments; the caller's context errors and rpc errors pass
// through unchanged; anything else is an internal error (HTTP 500).
func rpcError(err error) error {
	if err == nil {
		return nil
	}
	var f *supervisor.Fault
	if errors.As(err, &f) {
		return &rpc.Fault{Code: f.Code, Text: f.String()}
	}
	if errors.Is(err, supervisor.ErrNotServing) {
		return rpc.BareFault(faults.ShutdownState)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if _, ok := rpc.AsFault(err); ok {
		return err
	}
	var ie *rpc.InternalError
	if errors.As(err, &ie) {
		return err
	}
	return rpc.Internalf("OSError", "%s", err.Error())
}
