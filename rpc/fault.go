// Package rpc is gosupervisord's XML-RPC method dispatcher: a registry of
// namespaces and methods with declared parameters and help text, the
// system.* introspection and multicall methods, 4.2.5's method-name and
// argument-count rules, and the fault and error types methods return.
//
// It knows nothing about HTTP (see rpc/server) or the wire format (see
// rpc/xmlrpc): Registry.Call takes a method name and decoded parameters
// and returns a value or an error.
package rpc

import (
	"errors"
	"fmt"
)

// Fault codes of supervisord 4.2.5 (supervisor.xmlrpc.Faults).
const (
	FaultUnknownMethod        = 1
	FaultIncorrectParameters  = 2
	FaultBadArguments         = 3
	FaultSignatureUnsupported = 4
	FaultShutdownState        = 6
	FaultBadName              = 10
	FaultBadSignal            = 11
	FaultNoFile               = 20
	FaultNotExecutable        = 21
	FaultFailed               = 30
	FaultAbnormalTermination  = 40
	FaultSpawnError           = 50
	FaultAlreadyStarted       = 60
	FaultNotRunning           = 70
	FaultSuccess              = 80 // only as a status inside result arrays
	FaultAlreadyAdded         = 90
	FaultStillRunning         = 91
	FaultCantReread           = 92
)

var faultNames = map[int]string{
	FaultUnknownMethod:        "UNKNOWN_METHOD",
	FaultIncorrectParameters:  "INCORRECT_PARAMETERS",
	FaultBadArguments:         "BAD_ARGUMENTS",
	FaultSignatureUnsupported: "SIGNATURE_UNSUPPORTED",
	FaultShutdownState:        "SHUTDOWN_STATE",
	FaultBadName:              "BAD_NAME",
	FaultBadSignal:            "BAD_SIGNAL",
	FaultNoFile:               "NO_FILE",
	FaultNotExecutable:        "NOT_EXECUTABLE",
	FaultFailed:               "FAILED",
	FaultAbnormalTermination:  "ABNORMAL_TERMINATION",
	FaultSpawnError:           "SPAWN_ERROR",
	FaultAlreadyStarted:       "ALREADY_STARTED",
	FaultNotRunning:           "NOT_RUNNING",
	FaultSuccess:              "SUCCESS",
	FaultAlreadyAdded:         "ALREADY_ADDED",
	FaultStillRunning:         "STILL_RUNNING",
	FaultCantReread:           "CANT_REREAD",
}

// FaultName returns the name of a fault code, e.g. "BAD_NAME", or
// "UNKNOWN" for a code 4.2.5 does not define.
func FaultName(code int) string {
	if n, ok := faultNames[code]; ok {
		return n
	}
	return "UNKNOWN"
}

// Fault is an XML-RPC fault: a method's error as the client sees it.
type Fault struct {
	Code int
	// Text is the faultString: the code's name, optionally followed by
	// ": " and a detail (4.2.5's RPCError text).
	Text string
}

// Error returns the fault string.
func (f *Fault) Error() string { return f.Text }

// NewFault returns the fault "NAME: detail".
func NewFault(code int, detail string) *Fault {
	return &Fault{code, FaultName(code) + ": " + detail}
}

// BareFault returns the fault "NAME", without a detail.
func BareFault(code int) *Fault {
	return &Fault{code, FaultName(code)}
}

// Faulter is implemented by domain errors that carry an XML-RPC fault, so
// they can be returned from methods unchanged.
type Faulter interface {
	error
	FaultCode() int
	FaultString() string
}

// AsFault finds the fault in err's chain: a *Fault or a Faulter.
func AsFault(err error) (*Fault, bool) {
	var f *Fault
	if errors.As(err, &f) {
		return f, true
	}
	var fr Faulter
	if errors.As(err, &fr) {
		return &Fault{fr.FaultCode(), fr.FaultString()}, true
	}
	return nil, false
}

// InternalError is an unexpected failure inside a method: what an
// exception other than RPCError is in 4.2.5. A single call answers it with
// HTTP 500; inside system.multicall it becomes the fault
// "FAILED: <class 'Class'>:Message".
type InternalError struct {
	// Class is the Python exception class 4.2.5 raises in the same
	// situation, e.g. "AttributeError".
	Class   string
	Message string
}

// Error returns "Class: Message".
func (e *InternalError) Error() string { return e.Class + ": " + e.Message }

// Internalf returns an *InternalError.
func Internalf(class, format string, args ...any) *InternalError {
	return &InternalError{class, fmt.Sprintf(format, args...)}
}

// failedFault is the multicall fault of an unexpected error.
func failedFault(err error) *Fault {
	var ie *InternalError
	if !errors.As(err, &ie) {
		ie = &InternalError{"Exception", err.Error()}
	}
	return NewFault(FaultFailed, fmt.Sprintf("<class '%s'>:%s", ie.Class, ie.Message))
}
