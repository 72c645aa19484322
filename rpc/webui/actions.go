package webui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
)

// errUnknownAction is an action 4.2.5 does not know, or a process action
// without a process name; the view answers 500, as 4.2.5 does.
var errUnknownAction = errors.New("webui: unknown action")

// asFault returns err's *supervisor.Fault, or nil.
func asFault(err error) *supervisor.Fault {
	var f *supervisor.Fault
	if errors.As(err, &f) {
		return f
	}
	return nil
}

// unexpectedFault is 4.2.5's text for a fault it has no words for.
func unexpectedFault(f *supervisor.Fault) string {
	return fmt.Sprintf("unexpected rpc fault [%d] %s", int(f.Code), f.String())
}

// runAction performs one action of the status page and returns the message
// 4.2.5 redirects with. An error that is not a message (an unknown action,
// the supervisor gone, the client gone) is returned as err.
func (h *Handler) runAction(ctx context.Context, namespec string, hasName bool, action string) (string, error) {
	switch action {
	case "refresh":
		return "Page refreshed at " + ctime(time.Now()), nil
	case "stopall":
		// A fault here (SHUTDOWN_STATE) escapes 4.2.5's view too: 500.
		if _, err := h.backend.StopAllProcesses(ctx, true); err != nil {
			return "", err
		}
		return "All stopped at " + ctime(time.Now()), nil
	case "restartall":
		// 4.2.5 runs a multicall, which turns faults into results.
		if _, err := h.backend.StopAllProcesses(ctx, true); err != nil && asFault(err) == nil {
			return "", err
		}
		if _, err := h.backend.StartAllProcesses(ctx, true); err != nil && asFault(err) == nil {
			return "", err
		}
		return "All restarted at " + ctime(time.Now()), nil
	}
	if !hasName {
		return "", errUnknownAction
	}
	if _, err := h.backend.ProcessInfo(ctx, namespec); err != nil {
		f := asFault(err)
		if f == nil {
			return "", err
		}
		if f.Code == faults.BadName {
			return "No such process named " + namespec, nil
		}
		// SHUTDOWN_STATE: 4.2.5 finds the process and the action itself
		// reports the fault; so do we.
	}
	switch action {
	case "start":
		return h.start(ctx, namespec)
	case "stop":
		if _, _, err := h.backend.StopProcess(ctx, namespec, true); err != nil {
			if f := asFault(err); f != nil {
				return unexpectedFault(f), nil
			}
			return "", err
		}
		return "Process " + namespec + " stopped", nil
	case "restart":
		// A multicall of stopProcess and startProcess: faults are ignored.
		if _, _, err := h.backend.StopProcess(ctx, namespec, true); err != nil && asFault(err) == nil {
			return "", err
		}
		if _, _, err := h.backend.StartProcess(ctx, namespec, true); err != nil && asFault(err) == nil {
			return "", err
		}
		return "Process " + namespec + " restarted", nil
	case "clearlog":
		if err := h.backend.ClearProcessLogs(ctx, namespec); err != nil {
			if f := asFault(err); f != nil {
				return unexpectedFault(f), nil
			}
			return "", err
		}
		return "Log for " + namespec + " cleared", nil
	}
	return "", errUnknownAction
}

// start starts one process and waits, with 4.2.5's wording of the faults.
func (h *Handler) start(ctx context.Context, namespec string) (string, error) {
	_, _, err := h.backend.StartProcess(ctx, namespec, true)
	if err == nil {
		return "Process " + namespec + " started", nil
	}
	f := asFault(err)
	if f == nil {
		return "", err
	}
	var why string
	switch f.Code {
	case faults.NoFile:
		why = "no such file"
	case faults.NotExecutable:
		why = "file not executable"
	case faults.AlreadyStarted:
		why = "already started"
	case faults.SpawnError:
		why = "spawn error"
	case faults.AbnormalTermination:
		why = "abnormal termination"
	default:
		why = unexpectedFault(f)
	}
	return "ERROR: Process " + namespec + ": " + why, nil
}
