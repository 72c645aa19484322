package ctl

import "errors"

// apiVersion is the supervisor.getVersion answer this client expects.
const apiVersion = "3.0"

// XML-RPC fault codes (supervisor.xmlrpc.Faults), and the code of
// xmlrpc's own "unknown method" fault.
const (
	unknownMethodFault       = 1
	faultShutdownState       = 6
	faultBadName             = 10
	faultBadSignal           = 11
	faultNoFile              = 20
	faultNotExecutable       = 21
	faultFailed              = 30
	faultAbnormalTermination = 40
	faultSpawnError          = 50
	faultAlreadyStarted      = 60
	faultNotRunning          = 70
	faultSuccess             = 80
	faultAlreadyAdded        = 90
	faultStillRunning        = 91
	faultCantReread          = 92
)

// asFault returns the XML-RPC fault err holds, if any.
func asFault(err error) (*Fault, bool) {
	var f *Fault
	ok := errors.As(err, &f)
	return f, ok
}

// handleFault treats a failed call the way most of 4.2.5's commands do: a
// fault sets exit status 1, and a fault whose code has a line in messages
// prints that line and is dealt with (nil). Anything else is returned, for
// OneCmd to print as the exception 4.2.5 would let escape.
func (c *Controller) handleFault(err error, messages map[int]string) error {
	f, ok := asFault(err)
	if !ok {
		return err
	}
	c.exitStatus = exitGeneric
	if line, ok := messages[f.Code]; ok {
		c.output(line)
		return nil
	}
	return err
}
