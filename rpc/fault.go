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

	"github.com/gosupervisord/gosupervisord/supervisor/faults"
)

// Fault is an XML-RPC fault: a method's error as the client sees it.
type Fault struct {
	Code faults.Code
	// Text is the faultString: the code's name, optionally followed by
	// ": " and a detail (4.2.5's RPCError text).
	Text string
}

// Error returns the fault string.
func (f *Fault) Error() string { return f.Text }

// NewFault returns the fault "NAME: detail".
func NewFault(code faults.Code, detail string) *Fault {
	return &Fault{code, code.String() + ": " + detail}
}

// BareFault returns the fault "NAME", without a detail.
func BareFault(code faults.Code) *Fault {
	return &Fault{code, code.String()}
}

// Faulter is implemented by domain errors that carry an XML-RPC fault, so
// they can be returned from methods unchanged.
type Faulter interface {
	error
	FaultCode() faults.Code
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
	return NewFault(faults.Failed, fmt.Sprintf("<class '%s'>:%s", ie.Class, ie.Message))
}
