package events

import (
	"fmt"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// Message is one published event: its concrete type and its payload, the
// text after the envelope header line that listeners receive.
type Message interface {
	Type() Type
	Payload() string
}

// ProcessStateChange is a PROCESS_STATE_* event. The extra fields are the
// values at the moment of the change, as 4.2.5 renders them eagerly.
type ProcessStateChange struct {
	To          Type // one of the concrete PROCESS_STATE_* types
	ProcessName string
	GroupName   string
	FromState   string // e.g. "STARTING"
	Tries       int    // STARTING and BACKOFF: the backoff counter
	Expected    bool   // EXITED only
	PID         int    // RUNNING, STOPPING, STOPPED, EXITED
}

// Type implements Message.
func (e ProcessStateChange) Type() Type { return e.To }

// Payload renders "processname:X groupname:G from_state:S" plus the fields
// of the target state (tries, or expected and pid, or pid).
func (e ProcessStateChange) Payload() string {
	s := fmt.Sprintf("processname:%s groupname:%s from_state:%s", e.ProcessName, e.GroupName, e.FromState)
	switch e.To {
	case ProcessStateStarting, ProcessStateBackoff:
		s += fmt.Sprintf(" tries:%d", e.Tries)
	case ProcessStateExited:
		s += fmt.Sprintf(" expected:%d pid:%d", boolInt(e.Expected), e.PID)
	case ProcessStateRunning, ProcessStateStopping, ProcessStateStopped:
		s += fmt.Sprintf(" pid:%d", e.PID)
	}
	return s
}

// ProcessLogOutput is a PROCESS_LOG_STDOUT or PROCESS_LOG_STDERR event: one
// chunk of a process's output.
type ProcessLogOutput struct {
	Channel     string // "stdout" or "stderr"
	ProcessName string
	GroupName   string
	PID         int
	Data        []byte
}

// Type implements Message.
func (e ProcessLogOutput) Type() Type {
	if e.Channel == "stderr" {
		return ProcessLogStderr
	}
	return ProcessLogStdout
}

// Payload renders "processname:X groupname:G pid:P channel:C\n<data>".
func (e ProcessLogOutput) Payload() string {
	return fmt.Sprintf("processname:%s groupname:%s pid:%d channel:%s\n%s",
		e.ProcessName, e.GroupName, e.PID, e.Channel, decodeData(e.Data))
}

// ProcessCommunicationOutput is a PROCESS_COMMUNICATION_STDOUT or _STDERR
// event: the bytes captured between the XSUPERVISOR BEGIN and END tokens.
type ProcessCommunicationOutput struct {
	Channel     string // "stdout" or "stderr"
	ProcessName string
	GroupName   string
	PID         int
	Data        []byte
}

// Type implements Message.
func (e ProcessCommunicationOutput) Type() Type {
	if e.Channel == "stderr" {
		return ProcessCommunicationStderr
	}
	return ProcessCommunicationStdout
}

// Payload renders "processname:X groupname:G pid:P\n<data>".
func (e ProcessCommunicationOutput) Payload() string {
	return fmt.Sprintf("processname:%s groupname:%s pid:%d\n%s",
		e.ProcessName, e.GroupName, e.PID, decodeData(e.Data))
}

// RemoteCommunicationMessage is the REMOTE_COMMUNICATION event that
// sendRemoteCommEvent emits.
type RemoteCommunicationMessage struct {
	CommType string
	Data     string
}

// Type implements Message.
func (RemoteCommunicationMessage) Type() Type { return RemoteCommunication }

// Payload renders "type:<type>\n<data>".
func (e RemoteCommunicationMessage) Payload() string {
	return "type:" + e.CommType + "\n" + e.Data
}

// SupervisorStateChangeMessage is SUPERVISOR_STATE_CHANGE_RUNNING or
// SUPERVISOR_STATE_CHANGE_STOPPING; its payload is empty.
type SupervisorStateChangeMessage struct {
	To Type
}

// Type implements Message.
func (e SupervisorStateChangeMessage) Type() Type { return e.To }

// Payload is empty for these events.
func (SupervisorStateChangeMessage) Payload() string { return "" }

// TickMessage is a TICK_5, TICK_60 or TICK_3600 event.
type TickMessage struct {
	Period Type
	When   int64 // epoch seconds at the start of the new period
}

// Type implements Message.
func (e TickMessage) Type() Type { return e.Period }

// Payload renders "when:<epoch>".
func (e TickMessage) Payload() string { return fmt.Sprintf("when:%d", e.When) }

// ProcessGroupChange is PROCESS_GROUP_ADDED or PROCESS_GROUP_REMOVED.
type ProcessGroupChange struct {
	To    Type
	Group string
}

// Type implements Message.
func (e ProcessGroupChange) Type() Type { return e.To }

// Payload renders "groupname:G\n" (with 4.2.5's trailing newline).
func (e ProcessGroupChange) Payload() string { return "groupname:" + e.Group + "\n" }

// PayloadLen returns the envelope's len: field for a payload: its length
// in characters (code points), not bytes, as 4.2.5 computes it.
func PayloadLen(payload string) int { return utf8.RuneCountInString(payload) }

// decodeData renders output bytes as 4.2.5 does: the UTF-8 text, or
// "Undecodable: b'...'" (Python's bytes repr) when it is not valid UTF-8.
func decodeData(data []byte) string {
	if utf8.Valid(data) {
		return string(data)
	}
	return "Undecodable: " + py.BytesRepr(data)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
