// Package faults holds supervisord 4.2.5's XML-RPC fault codes
// (supervisor.xmlrpc.Faults): the domain reports its errors with them, the
// RPC layer puts them on the wire, and supervisorctl switches on them.
package faults

// Code is a fault code.
type Code int

// Fault codes, with 4.2.5's values.
const (
	UnknownMethod        Code = 1
	IncorrectParameters  Code = 2
	BadArguments         Code = 3
	SignatureUnsupported Code = 4
	ShutdownState        Code = 6
	BadName              Code = 10
	BadSignal            Code = 11
	NoFile               Code = 20
	NotExecutable        Code = 21
	Failed               Code = 30
	AbnormalTermination  Code = 40
	SpawnError           Code = 50
	AlreadyStarted       Code = 60
	NotRunning           Code = 70
	Success              Code = 80 // only as a status inside result arrays
	AlreadyAdded         Code = 90
	StillRunning         Code = 91
	CantReread           Code = 92
)

var names = map[Code]string{
	UnknownMethod:        "UNKNOWN_METHOD",
	IncorrectParameters:  "INCORRECT_PARAMETERS",
	BadArguments:         "BAD_ARGUMENTS",
	SignatureUnsupported: "SIGNATURE_UNSUPPORTED",
	ShutdownState:        "SHUTDOWN_STATE",
	BadName:              "BAD_NAME",
	BadSignal:            "BAD_SIGNAL",
	NoFile:               "NO_FILE",
	NotExecutable:        "NOT_EXECUTABLE",
	Failed:               "FAILED",
	AbnormalTermination:  "ABNORMAL_TERMINATION",
	SpawnError:           "SPAWN_ERROR",
	AlreadyStarted:       "ALREADY_STARTED",
	NotRunning:           "NOT_RUNNING",
	Success:              "SUCCESS",
	AlreadyAdded:         "ALREADY_ADDED",
	StillRunning:         "STILL_RUNNING",
	CantReread:           "CANT_REREAD",
}

// String returns the code's name, e.g. "BAD_NAME", or "UNKNOWN" for a code
// 4.2.5 does not define (as its getFaultDescription does).
func (c Code) String() string {
	if n, ok := names[c]; ok {
		return n
	}
	return "UNKNOWN"
}
