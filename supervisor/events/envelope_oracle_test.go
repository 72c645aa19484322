package events

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// envCase is one event, in testdata/envelope_oracle.py's input format.
type envCase struct {
	Type       string `json:"type"`
	Server     string `json:"server"`
	Pool       string `json:"pool"`
	Serial     int    `json:"serial"`
	PoolSerial int    `json:"poolserial"`
	Process    string `json:"process,omitempty"`
	Group      string `json:"group,omitempty"`
	From       string `json:"from,omitempty"`
	Tries      int    `json:"tries"`
	Expected   bool   `json:"expected"`
	PID        int    `json:"pid"`
	Data       string `json:"data"` // output bytes as latin-1 for log/comm events
	CommType   string `json:"commtype"`
	When       int64  `json:"when"`
}

// message builds our Message for c.
func (c envCase) message(t *testing.T) Message {
	ty, ok := ByName(c.Type)
	require.True(t, ok, c.Type)
	switch {
	case ty.Is(ProcessState):
		return ProcessStateChange{To: ty, ProcessName: c.Process, GroupName: c.Group, FromState: c.From,
			Tries: c.Tries, Expected: c.Expected, PID: c.PID}
	case ty.Is(ProcessLog):
		ch := "stdout"
		if ty == ProcessLogStderr {
			ch = "stderr"
		}
		return ProcessLogOutput{Channel: ch, ProcessName: c.Process, GroupName: c.Group, PID: c.PID, Data: unLatin1(c.Data)}
	case ty.Is(ProcessCommunication):
		ch := "stdout"
		if ty == ProcessCommunicationStderr {
			ch = "stderr"
		}
		return ProcessCommunicationOutput{Channel: ch, ProcessName: c.Process, GroupName: c.Group, PID: c.PID, Data: unLatin1(c.Data)}
	case ty == RemoteCommunication:
		return RemoteCommunicationMessage{CommType: c.CommType, Data: c.Data}
	case ty.Is(Tick):
		return TickMessage{Period: ty, When: c.When}
	case ty.Is(ProcessGroup):
		return ProcessGroupChange{To: ty, Group: c.Group}
	}
	return SupervisorStateChangeMessage{To: ty}
}

func unLatin1(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r))
	}
	return b
}

func latin1(b string) string {
	r := make([]rune, len(b))
	for i := 0; i < len(b); i++ {
		r[i] = rune(b[i])
	}
	return string(r)
}

// envelopeCases covers every concrete type, every from-state, and output
// bytes that are text, UTF-8 and not UTF-8 (Python's bytes repr).
func envelopeCases() []envCase {
	states := []string{"STOPPED", "STARTING", "RUNNING", "BACKOFF", "STOPPING", "EXITED", "FATAL", "UNKNOWN"}
	var cs []envCase
	base := envCase{Server: "supervisor", Pool: "listener", Serial: 41, PoolSerial: 7}
	for i, to := range states {
		for j, from := range states {
			c := base
			c.Type, c.Process, c.Group, c.From = "PROCESS_STATE_"+to, "proc_01", "grp", from
			c.Tries, c.Expected, c.PID = i+j, (i+j)%2 == 0, 1000+i*10+j
			cs = append(cs, c)
		}
	}
	datas := []string{"", "hello\n", "dätä € ✓\n", "\xff\xfe", "it's", `say "hi"`, `both ' and "`,
		"tab\tcr\rnul\x00del\x7f\x80", "back\\slash\xc3", "\xe2\x82", "<!--XSUPERVISOR:END-->"}
	for _, ty := range []string{"PROCESS_LOG_STDOUT", "PROCESS_LOG_STDERR", "PROCESS_COMMUNICATION_STDOUT", "PROCESS_COMMUNICATION_STDERR"} {
		for _, d := range datas {
			c := base
			c.Type, c.Process, c.Group, c.PID, c.Data = ty, "talker", "talkers", 4242, latin1(d)
			cs = append(cs, c)
		}
	}
	for _, rc := range [][2]string{{"mytype", "mydata"}, {"typé", "dätä €"}, {"", ""}, {"t", "line one\nline two\n"}} {
		c := base
		c.Type, c.CommType, c.Data = "REMOTE_COMMUNICATION", rc[0], rc[1]
		cs = append(cs, c)
	}
	for _, ty := range []string{"TICK_5", "TICK_60", "TICK_3600"} {
		c := base
		c.Type, c.When = ty, 1795333445
		cs = append(cs, c)
	}
	for _, ty := range []string{"PROCESS_GROUP_ADDED", "PROCESS_GROUP_REMOVED"} {
		c := base
		c.Type, c.Group = ty, "sleeper"
		cs = append(cs, c)
	}
	for _, ty := range []string{"SUPERVISOR_STATE_CHANGE_RUNNING", "SUPERVISOR_STATE_CHANGE_STOPPING"} {
		c := base
		c.Type, c.Server, c.Pool, c.Serial, c.PoolSerial = ty, "my-id", "p2", 0, 0
		cs = append(cs, c)
	}
	return cs
}

// TestEnvelopeMatchesReference renders every case with 4.2.5's event
// classes and EventListenerPool._eventEnvelope and compares the bytes.
func TestEnvelopeMatchesReference(t *testing.T) {
	if err := exec.Command("/usr/bin/python3", "-c", "import supervisor.events").Run(); err != nil {
		t.Skipf("supervisor 4.2.5 not importable (run make deps): %v", err)
	}
	cases := envelopeCases()
	in, err := json.Marshal(cases)
	require.NoError(t, err)
	cmd := exec.Command("/usr/bin/python3", "testdata/envelope_oracle.py")
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	var want []string
	require.NoError(t, json.Unmarshal(out, &want))
	require.Len(t, want, len(cases))
	for i, c := range cases {
		got := AppendEnvelope(nil, c.Server, c.Pool, c.Serial, c.PoolSerial, c.message(t))
		assert.Equal(t, want[i], string(got), "case %d: %+v", i, c)
	}
}
