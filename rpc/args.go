package rpc

import (
	"errors"
	"math"

	"github.com/gosupervisord/gosupervisord/internal/py"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
)

// Args are the decoded parameters of a call (see package xmlrpc for the Go
// types). The dispatcher has checked their count against the method's
// declared parameters, nothing else: XML-RPC values are dynamically typed,
// and 4.2.5's answer to a wrongly typed argument depends on where in the
// method the value is first used (a fault, an HTTP 500, or even success).
// Methods therefore convert their arguments themselves, at the point where
// 4.2.5 first uses them, with the helpers below, which fail the way the
// corresponding Python operation fails.
type Args []any

// Len returns the number of arguments given.
func (a Args) Len() int { return len(a) }

// Value returns argument i, or nil when it was not given.
func (a Args) Value(i int) any {
	if i < len(a) {
		return a[i]
	}
	return nil
}

// Name returns argument i as a process or group name. 4.2.5 splits names
// with str.split, so a non-string fails with AttributeError (HTTP 500, or
// a FAILED fault inside multicall).
func (a Args) Name(i int) (string, error) {
	v := a.Value(i)
	if s, ok := v.(string); ok {
		return s, nil
	}
	return "", Internalf("AttributeError", "'%s' object has no attribute 'split'", PyTypeName(v))
}

// Bool returns Python's truth value of argument i, or def when it was not
// given (4.2.5's "wait" parameters take any value this way).
func (a Args) Bool(i int, def bool) bool {
	if i >= len(a) {
		return def
	}
	return PyTruth(a[i])
}

// Int converts argument i as Python's int() does: integers as they are,
// booleans as 0 and 1, floats truncated, and decimal text. A value int()
// cannot take at all (nil, an array, a struct, a date) is a TypeError,
// which 4.2.5 reports as the fault INCORRECT_PARAMETERS. Text that is not
// a number, NaN and the infinities are an *InternalError (HTTP 500), as in
// 4.2.5's log-reading methods.
func (a Args) Int(i int) (int, error) {
	switch v := a.Value(i).(type) {
	case int:
		return v, nil
	case bool:
		if v {
			return 1, nil
		}
		return 0, nil
	case float64:
		switch {
		case math.IsNaN(v):
			return 0, Internalf("ValueError", "cannot convert float NaN to integer")
		case math.IsInf(v, 0):
			return 0, Internalf("OverflowError", "cannot convert float infinity to integer")
		case v >= math.MaxInt64 || v <= math.MinInt64:
			return 0, Internalf("OverflowError", "Python int too large to convert to C long")
		}
		return int(v), nil
	case string:
		n, err := py.ParseInt(v)
		if errors.Is(err, py.ErrRange) {
			return 0, Internalf("OverflowError", "Python int too large to convert to C long")
		}
		if err != nil {
			return 0, Internalf("ValueError", "invalid literal for int() with base 10: %s", py.Repr(v))
		}
		return int(n), nil
	}
	return 0, BareFault(faults.IncorrectParameters)
}
