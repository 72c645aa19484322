package supervisor

// FaultCode is an XML-RPC fault code of 4.2.5's supervisor.xmlrpc.Faults.
type FaultCode int

// Fault codes (reference §2.2).
const (
	FaultUnknownMethod        FaultCode = 1
	FaultIncorrectParameters  FaultCode = 2
	FaultBadArguments         FaultCode = 3
	FaultSignatureUnsupported FaultCode = 4
	FaultShutdownState        FaultCode = 6
	FaultBadName              FaultCode = 10
	FaultBadSignal            FaultCode = 11
	FaultNoFile               FaultCode = 20
	FaultNotExecutable        FaultCode = 21
	FaultFailed               FaultCode = 30
	FaultAbnormalTermination  FaultCode = 40
	FaultSpawnError           FaultCode = 50
	FaultAlreadyStarted       FaultCode = 60
	FaultNotRunning           FaultCode = 70
	FaultSuccess              FaultCode = 80
	FaultAlreadyAdded         FaultCode = 90
	FaultStillRunning         FaultCode = 91
	FaultCantReread           FaultCode = 92
)

var faultNames = map[FaultCode]string{
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

// String returns the fault name, e.g. "BAD_NAME", or "UNKNOWN" for a code
// 4.2.5 does not define (as its getFaultDescription does).
func (c FaultCode) String() string {
	if n, ok := faultNames[c]; ok {
		return n
	}
	return "UNKNOWN"
}

// Fault is a domain error with an XML-RPC fault code, 4.2.5's RPCError.
// Its fault string is the code's name, followed by ": " and Detail when
// HasDetail is set (4.2.5 distinguishes a missing detail from an empty one:
// "NO_FILE" versus "BAD_NAME: ").
type Fault struct {
	Code      FaultCode
	Detail    string
	HasDetail bool
}

// NewFault returns a fault with a detail.
func NewFault(code FaultCode, detail string) *Fault {
	return &Fault{Code: code, Detail: detail, HasDetail: true}
}

// BareFault returns a fault without a detail.
func BareFault(code FaultCode) *Fault {
	return &Fault{Code: code}
}

// String returns the XML-RPC faultString, e.g. "BAD_NAME: foo".
func (f *Fault) String() string {
	if f.HasDetail {
		return f.Code.String() + ": " + f.Detail
	}
	return f.Code.String()
}

// Error implements error; it is the faultString.
func (f *Fault) Error() string { return f.String() }

// Result is one element of the arrays that the group and "all" calls return
// (4.2.5's {name, group, status, description} struct).
type Result struct {
	Name        string
	Group       string
	Status      FaultCode // FaultSuccess when it worked
	Description string    // "OK" or the fault string
}

func successResult(group, name string) Result {
	return Result{Name: name, Group: group, Status: FaultSuccess, Description: "OK"}
}

func faultResult(group, name string, f *Fault) Result {
	return Result{Name: name, Group: group, Status: f.Code, Description: f.String()}
}
