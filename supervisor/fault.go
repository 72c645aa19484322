package supervisor

import "github.com/gosupervisord/gosupervisord/supervisor/faults"

// Fault is a domain error with an XML-RPC fault code, 4.2.5's RPCError.
// Its fault string is the code's name, followed by ": " and Detail when
// HasDetail is set (4.2.5 distinguishes a missing detail from an empty one:
// "NO_FILE" versus "BAD_NAME: ").
type Fault struct {
	Code      faults.Code
	Detail    string
	HasDetail bool
}

// NewFault returns a fault with a detail.
func NewFault(code faults.Code, detail string) *Fault {
	return &Fault{Code: code, Detail: detail, HasDetail: true}
}

// BareFault returns a fault without a detail.
func BareFault(code faults.Code) *Fault {
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
	Status      faults.Code // faults.Success when it worked
	Description string      // "OK" or the fault string
}

func successResult(group, name string) Result {
	return Result{Name: name, Group: group, Status: faults.Success, Description: "OK"}
}

func faultResult(group, name string, f *Fault) Result {
	return Result{Name: name, Group: group, Status: f.Code, Description: f.String()}
}
