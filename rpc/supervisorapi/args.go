package supervisorapi

import (
	"context"
	"math"
	"strconv"

	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
	"github.com/gosupervisord/gosupervisord/supervisor"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
)

// 4.2.5 checks its arguments where it first uses them, after its
// SHUTDOWN_STATE check (_update) in most methods, so a wrongly typed
// argument is answered with SHUTDOWN_STATE while supervisord stops and
// with the Python error of that first use otherwise. The helpers below
// reproduce both.

// gate returns err, unless supervisord is shutting down: then the
// SHUTDOWN_STATE fault 4.2.5 raises before it looks at any argument.
func gate(ctx context.Context, s *supervisor.Supervisor, err error) error {
	if serr := s.CheckState(ctx); serr != nil {
		return rpcError(serr)
	}
	return err
}

// processName returns argument i as a namespec ("name", "group:name",
// "group:*"). 4.2.5 splits it with str.split: anything but a string is an
// AttributeError (HTTP 500).
func processName(ctx context.Context, s *supervisor.Supervisor, args rpc.Args, i int) (string, error) {
	name, err := args.Name(i)
	if err != nil {
		return "", gate(ctx, s, err)
	}
	return name, nil
}

// groupKey returns argument i as a group name. 4.2.5 looks it up in its
// dict of groups: a list or struct is unhashable (TypeError, reported as
// INCORRECT_PARAMETERS); any other non-string names no group (BAD_NAME
// with Python's str() of the value). The fault is returned as badType;
// the caller decides where the check goes relative to SHUTDOWN_STATE.
func groupKey(args rpc.Args, i int) (name string, badType *rpc.Fault) {
	switch v := args.Value(i).(type) {
	case string:
		return v, nil
	case []any, xmlrpc.Struct:
		return "", rpc.BareFault(faults.IncorrectParameters)
	default:
		return "", rpc.NewFault(faults.BadName, rpc.PyStr(v))
	}
}

// groupName is groupKey for the methods that check SHUTDOWN_STATE first
// (every group method but signalProcessGroup).
func groupName(ctx context.Context, s *supervisor.Supervisor, args rpc.Args, i int) (string, error) {
	name, bad := groupKey(args, i)
	if bad != nil {
		return "", gate(ctx, s, bad)
	}
	return name, nil
}

// signalArg is the signal parameter as the core takes it: the text to
// parse, and how a BAD_SIGNAL fault must show the value.
type signalArg struct {
	text  string // given to the core
	shown string // Python's str() of the argument, for BAD_SIGNAL texts
	// unusable is set for values 4.2.5's signal_number cannot even try:
	// int() fails with TypeError or OverflowError and the value has no
	// strip(), so the signalling fails with HTTP 500 (where a valid
	// signal would have been parsed).
	unusable bool
}

// unusableSignal is text no signal parser accepts.
const unusableSignal = "\x00"

// signalOf converts argument i as 4.2.5's signal_number does: int() first
// (numbers, booleans, truncated floats), then a signal name for strings.
func signalOf(args rpc.Args, i int) signalArg {
	v := args.Value(i)
	switch v := v.(type) {
	case string:
		return signalArg{text: v, shown: v}
	case int:
		return signalArg{text: strconv.Itoa(v), shown: rpc.PyStr(v)}
	case bool:
		n := 0
		if v {
			n = 1
		}
		return signalArg{text: strconv.Itoa(n), shown: rpc.PyStr(v)}
	case float64:
		if !math.IsNaN(v) && !math.IsInf(v, 0) && math.Abs(v) < 1<<62 {
			return signalArg{text: strconv.FormatInt(int64(v), 10), shown: rpc.PyStr(v)}
		}
	}
	return signalArg{text: unusableSignal, shown: rpc.PyStr(v), unusable: true}
}

// signalFailure is the HTTP 500 of an unusable signal argument.
func (a signalArg) signalFailure() error {
	return rpc.Internalf("AttributeError", "object has no attribute 'strip'")
}

// fault rewrites a BAD_SIGNAL fault of the core (whose detail is the text
// it parsed) into 4.2.5's (the argument as given), or into the HTTP 500 of
// an unusable argument.
func (a signalArg) fault(err error) error {
	f, ok := rpc.AsFault(err)
	if !ok || f.Code != faults.BadSignal {
		return err
	}
	if a.unusable {
		return a.signalFailure()
	}
	return rpc.NewFault(faults.BadSignal, a.shown)
}

// results rewrites the BAD_SIGNAL entries of group results the same way.
func (a signalArg) results(rs []supervisor.Result) ([]supervisor.Result, error) {
	if a.text == a.shown && !a.unusable {
		return rs, nil
	}
	for i, r := range rs {
		if r.Status != faults.BadSignal {
			continue
		}
		if a.unusable {
			return nil, a.signalFailure()
		}
		rs[i].Description = rpc.NewFault(faults.BadSignal, a.shown).Text
	}
	return rs, nil
}
