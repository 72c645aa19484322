package events

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPayloads checks each payload against 4.2.5's (reference §5.9 [obs]).
func TestPayloads(t *testing.T) {
	cases := []struct {
		m    Message
		name string
		want string
	}{
		{ProcessStateChange{To: ProcessStateStarting, ProcessName: "multi_00", GroupName: "multi", FromState: "STOPPED"},
			"PROCESS_STATE_STARTING", "processname:multi_00 groupname:multi from_state:STOPPED tries:0"},
		{ProcessStateChange{To: ProcessStateBackoff, ProcessName: "q", GroupName: "q", FromState: "STARTING", Tries: 2},
			"PROCESS_STATE_BACKOFF", "processname:q groupname:q from_state:STARTING tries:2"},
		{ProcessStateChange{To: ProcessStateExited, ProcessName: "g1", GroupName: "grp", FromState: "RUNNING", PID: 10518},
			"PROCESS_STATE_EXITED", "processname:g1 groupname:grp from_state:RUNNING expected:0 pid:10518"},
		{ProcessStateChange{To: ProcessStateRunning, ProcessName: "a", GroupName: "a", FromState: "STARTING", PID: 7},
			"PROCESS_STATE_RUNNING", "processname:a groupname:a from_state:STARTING pid:7"},
		{ProcessStateChange{To: ProcessStateStopped, ProcessName: "a", GroupName: "a", FromState: "STOPPING", PID: 7},
			"PROCESS_STATE_STOPPED", "processname:a groupname:a from_state:STOPPING pid:7"},
		{ProcessStateChange{To: ProcessStateFatal, ProcessName: "quick", GroupName: "quick", FromState: "BACKOFF"},
			"PROCESS_STATE_FATAL", "processname:quick groupname:quick from_state:BACKOFF"},
		{ProcessLogOutput{Channel: "stdout", ProcessName: "logev", GroupName: "logev", PID: 1065, Data: []byte("logline\n")},
			"PROCESS_LOG_STDOUT", "processname:logev groupname:logev pid:1065 channel:stdout\nlogline\n"},
		{ProcessLogOutput{Channel: "stderr", ProcessName: "x", GroupName: "x", PID: 1, Data: []byte("\x88\n")},
			"PROCESS_LOG_STDERR", "processname:x groupname:x pid:1 channel:stderr\nUndecodable: b'\\x88\\n'"},
		{ProcessCommunicationOutput{Channel: "stdout", ProcessName: "commer", GroupName: "commer", PID: 1064, Data: []byte("hello comm")},
			"PROCESS_COMMUNICATION_STDOUT", "processname:commer groupname:commer pid:1064\nhello comm"},
		{RemoteCommunicationMessage{CommType: "mytype", Data: "mydata"}, "REMOTE_COMMUNICATION", "type:mytype\nmydata"},
		{TickMessage{Period: Tick5, When: 1795333445}, "TICK_5", "when:1795333445"},
		{ProcessGroupChange{To: ProcessGroupAdded, Group: "sleeper"}, "PROCESS_GROUP_ADDED", "groupname:sleeper\n"},
		{SupervisorStateChangeMessage{To: SupervisorStateChangeRunning}, "SUPERVISOR_STATE_CHANGE_RUNNING", ""},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.name, tc.m.Type().String())
		assert.Equal(t, tc.want, tc.m.Payload())
	}
	assert.Equal(t, 16, PayloadLen("type:typé\ndätä €"), "len counts characters")
}

func TestTypes(t *testing.T) {
	assert.Len(t, All(), 27)
	for _, ty := range All() {
		got, ok := ByName(ty.String())
		assert.True(t, ok)
		assert.Equal(t, ty, got)
	}
	assert.True(t, ProcessStateExited.Is(ProcessState))
	assert.True(t, ProcessStateExited.Is(Event))
	assert.False(t, ProcessStateExited.Is(ProcessLog))
	assert.True(t, Tick60.Is(Tick))
	assert.True(t, ProcessState.Abstract())
	assert.False(t, RemoteCommunication.Abstract())
	assert.Equal(t, int64(3600), Tick3600.TickPeriod())
	_, ok := ByName("NOPE")
	assert.False(t, ok)
}

func TestBus(t *testing.T) {
	var b Bus
	var got []string
	b.Subscribe(Event, func(m Message) { got = append(got, "event:"+m.Type().String()) })
	id := b.Subscribe(Tick5, func(m Message) { got = append(got, "tick5") })
	b.Subscribe(ProcessState, func(m Message) { got = append(got, "state") })
	b.Publish(TickMessage{Period: Tick5, When: 5})
	b.Publish(ProcessGroupChange{To: ProcessGroupAdded, Group: "g"})
	b.Unsubscribe(id)
	b.Publish(TickMessage{Period: Tick5, When: 10})
	assert.Equal(t, []string{"event:TICK_5", "tick5", "event:PROCESS_GROUP_ADDED", "event:TICK_5"}, got)
	b.Clear()
	b.Publish(TickMessage{Period: Tick5, When: 15})
	assert.Len(t, got, 4)
}
