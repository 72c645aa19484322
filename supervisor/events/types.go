// Package events defines supervisord 4.2.5's event types, their names and
// inheritance (a listener subscribed to an abstract type gets every subtype),
// the payload each one serialises to, and a small synchronous bus.
package events

// Type is an event type. Abstract types are never published themselves;
// they exist to be subscribed to.
type Type int

// Event types, named as in 4.2.5's EventTypes.
const (
	Event        Type = iota // abstract: every event
	ProcessState             // abstract
	ProcessStateStopped
	ProcessStateExited
	ProcessStateStarting
	ProcessStateStopping
	ProcessStateBackoff
	ProcessStateFatal
	ProcessStateRunning
	ProcessStateUnknown
	ProcessCommunication // abstract
	ProcessCommunicationStdout
	ProcessCommunicationStderr
	ProcessLog // abstract
	ProcessLogStdout
	ProcessLogStderr
	RemoteCommunication
	SupervisorStateChange // abstract
	SupervisorStateChangeRunning
	SupervisorStateChangeStopping
	Tick // abstract
	Tick5
	Tick60
	Tick3600
	ProcessGroup // abstract
	ProcessGroupAdded
	ProcessGroupRemoved
	numTypes
)

type typeInfo struct {
	name     string
	parent   Type // Event for direct children of Event; Event's own parent is -1
	abstract bool
}

var types = [numTypes]typeInfo{
	Event:                         {"EVENT", -1, true},
	ProcessState:                  {"PROCESS_STATE", Event, true},
	ProcessStateStopped:           {"PROCESS_STATE_STOPPED", ProcessState, false},
	ProcessStateExited:            {"PROCESS_STATE_EXITED", ProcessState, false},
	ProcessStateStarting:          {"PROCESS_STATE_STARTING", ProcessState, false},
	ProcessStateStopping:          {"PROCESS_STATE_STOPPING", ProcessState, false},
	ProcessStateBackoff:           {"PROCESS_STATE_BACKOFF", ProcessState, false},
	ProcessStateFatal:             {"PROCESS_STATE_FATAL", ProcessState, false},
	ProcessStateRunning:           {"PROCESS_STATE_RUNNING", ProcessState, false},
	ProcessStateUnknown:           {"PROCESS_STATE_UNKNOWN", ProcessState, false},
	ProcessCommunication:          {"PROCESS_COMMUNICATION", Event, true},
	ProcessCommunicationStdout:    {"PROCESS_COMMUNICATION_STDOUT", ProcessCommunication, false},
	ProcessCommunicationStderr:    {"PROCESS_COMMUNICATION_STDERR", ProcessCommunication, false},
	ProcessLog:                    {"PROCESS_LOG", Event, true},
	ProcessLogStdout:              {"PROCESS_LOG_STDOUT", ProcessLog, false},
	ProcessLogStderr:              {"PROCESS_LOG_STDERR", ProcessLog, false},
	RemoteCommunication:           {"REMOTE_COMMUNICATION", Event, false},
	SupervisorStateChange:         {"SUPERVISOR_STATE_CHANGE", Event, true},
	SupervisorStateChangeRunning:  {"SUPERVISOR_STATE_CHANGE_RUNNING", SupervisorStateChange, false},
	SupervisorStateChangeStopping: {"SUPERVISOR_STATE_CHANGE_STOPPING", SupervisorStateChange, false},
	Tick:                          {"TICK", Event, true},
	Tick5:                         {"TICK_5", Tick, false},
	Tick60:                        {"TICK_60", Tick, false},
	Tick3600:                      {"TICK_3600", Tick, false},
	ProcessGroup:                  {"PROCESS_GROUP", Event, true},
	ProcessGroupAdded:             {"PROCESS_GROUP_ADDED", ProcessGroup, false},
	ProcessGroupRemoved:           {"PROCESS_GROUP_REMOVED", ProcessGroup, false},
}

// String returns the event name, e.g. "PROCESS_STATE_RUNNING".
func (t Type) String() string {
	if t < 0 || t >= numTypes {
		return ""
	}
	return types[t].name
}

// Abstract reports whether t is one of the abstract types (EVENT,
// PROCESS_STATE, PROCESS_LOG, ...), which are only subscribed to.
func (t Type) Abstract() bool { return types[t].abstract }

// Is reports whether an event of type t is delivered to a subscriber of
// base: t is base or one of its subtypes (Python's isinstance).
func (t Type) Is(base Type) bool {
	for x := t; x >= 0; x = types[x].parent {
		if x == base {
			return true
		}
	}
	return false
}

// ByName returns the type named name (as written in a listener's events=).
func ByName(name string) (Type, bool) {
	for t := Type(0); t < numTypes; t++ {
		if types[t].name == name {
			return t, true
		}
	}
	return 0, false
}

// All returns every type in declaration order.
func All() []Type {
	all := make([]Type, numTypes)
	for t := range all {
		all[t] = Type(t)
	}
	return all
}

// TickPeriod returns the period in seconds of a concrete TICK type, or 0.
func (t Type) TickPeriod() int64 {
	switch t {
	case Tick5:
		return 5
	case Tick60:
		return 60
	case Tick3600:
		return 3600
	}
	return 0
}
