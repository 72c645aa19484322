package eventlistener

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// op is one test operation: bytes the listener writes, or (feed == "" and
// dispatch) the pool sending it an event.
type op struct {
	feed     string
	dispatch bool
}

func feed(s string) op { return op{feed: s} }

var dispatch = op{dispatch: true}

// transcript runs ops through a fresh Protocol and renders what happened
// in the oracle's format: log lines, REQUEUE, and STATE/EVENT after each op.
func transcript(ops []op) []string {
	p := New()
	event := false
	var out []string
	for _, o := range ops {
		if o.dispatch {
			if p.Dispatched() {
				event = true
			}
		} else {
			for _, s := range p.Feed([]byte(o.feed)) {
				for _, m := range s.Messages("lst") {
					out = append(out, levelName(m)+" "+m.Text)
				}
				switch s.Kind {
				case Requeue:
					out = append(out, "REQUEUE")
				case Forget:
					event = false
				}
			}
		}
		out = append(out, "STATE "+p.State().String(), fmt.Sprintf("EVENT %d", b2i(event)))
	}
	return out
}

func levelName(m Message) string {
	switch m.Level {
	case 10:
		return "DEBG"
	case 30:
		return "WARN"
	}
	return fmt.Sprint(m.Level)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// final returns the last STATE and the log lines of a transcript.
func summary(tr []string) (state string, lines []string) {
	for _, l := range tr {
		switch {
		case strings.HasPrefix(l, "STATE "):
			state = strings.TrimPrefix(l, "STATE ")
		case strings.HasPrefix(l, "EVENT "):
		default:
			lines = append(lines, l)
		}
	}
	return state, lines
}

const unknownLine = "WARN lst: has entered the UNKNOWN state and will no longer receive events, this usually indicates the process violated the eventlistener protocol"

func TestProtocol(t *testing.T) {
	cases := []struct {
		name  string
		ops   []op
		state string
		lines []string
	}{
		{"ready", []op{feed("READY\n")}, "READY", []string{"DEBG lst: ACKNOWLEDGED -> READY"}},
		{"partial ready waits", []op{feed("READY")}, "ACKNOWLEDGED", nil},
		{"ready split", []op{feed("RE"), feed("AD"), feed("Y\n")}, "READY", []string{"DEBG lst: ACKNOWLEDGED -> READY"}},
		{"garbage when acknowledged", []op{feed("hello world\n")}, "UNKNOWN",
			[]string{"DEBG lst: ACKNOWLEDGED -> UNKNOWN", unknownLine}},
		{"short garbage waits for six bytes", []op{feed("oops\n")}, "ACKNOWLEDGED", nil},
		{"ready with CRLF is garbage", []op{feed("READY\r\n")}, "UNKNOWN",
			[]string{"DEBG lst: ACKNOWLEDGED -> UNKNOWN", unknownLine}},
		{"data while ready", []op{feed("READY\nREADY\n")}, "UNKNOWN",
			[]string{"DEBG lst: ACKNOWLEDGED -> READY", "DEBG lst: READY -> UNKNOWN", unknownLine}},
		{"ok", []op{feed("READY\n"), dispatch, feed("RESULT 2\nOK")}, "ACKNOWLEDGED",
			[]string{"DEBG lst: ACKNOWLEDGED -> READY", "DEBG lst: event was processed", "DEBG lst: BUSY -> ACKNOWLEDGED"}},
		{"ok then ready in one write", []op{feed("READY\n"), dispatch, feed("RESULT 2\nOKREADY\n")}, "READY",
			[]string{"DEBG lst: ACKNOWLEDGED -> READY", "DEBG lst: event was processed", "DEBG lst: BUSY -> ACKNOWLEDGED", "DEBG lst: ACKNOWLEDGED -> READY"}},
		{"fail requeues", []op{feed("READY\n"), dispatch, feed("RESULT 4\nFAIL")}, "ACKNOWLEDGED",
			[]string{"DEBG lst: ACKNOWLEDGED -> READY", "WARN lst: event was rejected", "DEBG lst: BUSY -> ACKNOWLEDGED", "REQUEUE"}},
		{"any prefix is accepted", []op{feed("READY\n"), dispatch, feed("XXXXXXX2\nOK")}, "ACKNOWLEDGED",
			[]string{"DEBG lst: ACKNOWLEDGED -> READY", "DEBG lst: event was processed", "DEBG lst: BUSY -> ACKNOWLEDGED"}},
		{"python int: spaces, sign, underscore", []op{feed("READY\n"), dispatch, feed("RESULT  +0_2 \r\nOK")}, "ACKNOWLEDGED",
			[]string{"DEBG lst: ACKNOWLEDGED -> READY", "DEBG lst: event was processed", "DEBG lst: BUSY -> ACKNOWLEDGED"}},
		{"bad length", []op{feed("READY\n"), dispatch, feed("RESULT two\nOK")}, "UNKNOWN",
			[]string{"DEBG lst: ACKNOWLEDGED -> READY", "WARN lst: bad result line: 'RESULT two'",
				"DEBG lst: BUSY -> UNKNOWN", unknownLine, "REQUEUE"}},
		{"bad undecodable line", []op{feed("READY\n"), dispatch, feed("RESULT \xff\n")}, "UNKNOWN",
			[]string{"DEBG lst: ACKNOWLEDGED -> READY", `WARN lst: bad result line: 'Undecodable: b'RESULT \xff''`,
				"DEBG lst: BUSY -> UNKNOWN", unknownLine, "REQUEUE"}},
		{"short line", []op{feed("READY\n"), dispatch, feed("OK\n")}, "UNKNOWN",
			[]string{"DEBG lst: ACKNOWLEDGED -> READY", "WARN lst: bad result line: 'OK'",
				"DEBG lst: BUSY -> UNKNOWN", unknownLine, "REQUEUE"}},
		{"negative length is a bad line (4.2.5 recurses without end)", []op{feed("READY\n"), dispatch, feed("RESULT -1\nOK")}, "UNKNOWN",
			[]string{"DEBG lst: ACKNOWLEDGED -> READY", "WARN lst: bad result line: 'RESULT -1'",
				"DEBG lst: BUSY -> UNKNOWN", unknownLine, "REQUEUE"}},
		{"result zero waits for more bytes", []op{feed("READY\n"), dispatch, feed("RESULT 0\n")}, "BUSY",
			[]string{"DEBG lst: ACKNOWLEDGED -> READY"}},
		{"result zero is rejected once more bytes come", []op{feed("READY\n"), dispatch, feed("RESULT 0\n"), feed("READY\n")}, "READY",
			[]string{"DEBG lst: ACKNOWLEDGED -> READY", "WARN lst: event was rejected", "DEBG lst: BUSY -> ACKNOWLEDGED", "REQUEUE", "DEBG lst: ACKNOWLEDGED -> READY"}},
		{"result body split", []op{feed("READY\n"), dispatch, feed("RESULT 10\n01234"), feed("5678"), feed("9READY\n")}, "READY",
			[]string{"DEBG lst: ACKNOWLEDGED -> READY", "WARN lst: event was rejected", "DEBG lst: BUSY -> ACKNOWLEDGED", "REQUEUE", "DEBG lst: ACKNOWLEDGED -> READY"}},
		{"unknown drops everything", []op{feed("garbage!"), feed("READY\n")}, "UNKNOWN",
			[]string{"DEBG lst: ACKNOWLEDGED -> UNKNOWN", unknownLine}},
		{"dispatch needs ready", []op{dispatch}, "ACKNOWLEDGED", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			state, lines := summary(transcript(tc.ops))
			assert.Equal(t, tc.state, state)
			assert.Equal(t, tc.lines, lines)
		})
	}
	assert.Equal(t, Acknowledged, New().State())
}

// TestSplitInvariance feeds complete conversations at every split point
// and byte by byte: what the listener decides never depends on how its
// writes were cut into reads.
func TestSplitInvariance(t *testing.T) {
	convs := []string{
		"READY\nRESULT 2\nOKREADY\n",
		"READY\nRESULT 4\nFAILREADY\n",
		"READY\nRESULT 2\nOKgarbage",
		"READY\nRESULT x\nOK",
		"READY\nRESULT 0\nREADY\n",
	}
	for _, conv := range convs {
		// The pool dispatches right after READY.
		i := strings.Index(conv, "\n") + 1
		head, tail := conv[:i], conv[i:]
		whole := transcript([]op{feed(head), dispatch, feed(tail)})
		_, wantLines := summary(whole)
		wantState, _ := summary(whole[len(whole)-2:])
		for cut := 0; cut <= len(tail); cut++ {
			tr := transcript([]op{feed(head), dispatch, feed(tail[:cut]), feed(tail[cut:])})
			state, lines := summary(tr)
			assert.Equal(t, wantLines, lines, "%q cut at %d", conv, cut)
			assert.Equal(t, wantState, state, "%q cut at %d", conv, cut)
		}
		ops := []op{feed(head), dispatch}
		for j := 0; j < len(tail); j++ {
			ops = append(ops, feed(tail[j:j+1]))
		}
		state, lines := summary(transcript(ops))
		assert.Equal(t, wantLines, lines, "%q byte by byte", conv)
		assert.Equal(t, wantState, state, "%q byte by byte", conv)
	}
}

func TestParseInt(t *testing.T) {
	cases := []struct {
		in   string
		want int
		ok   bool
	}{
		{"5", 5, true}, {" 5", 5, true}, {"5 ", 5, true}, {"\t5\r", 5, true}, {"\v5\f", 5, true},
		{"+5", 5, true}, {"-0", 0, true}, {"05", 5, true}, {"1_0", 10, true}, {"0_5", 5, true},
		{"", 0, false}, {" ", 0, false}, {"_10", 0, false}, {"10_", 0, false}, {"1__0", 0, false},
		{"\x1c5", 0, false}, {"5\x00", 0, false}, {"0x10", 0, false}, {"1 2", 0, false},
		{"+", 0, false}, {"+_1", 0, false}, {"-5", 0, false}, {"\xd9\xa5", 0, false},
		{"99999999999999999999999", math.MaxInt, true},
	}
	for _, tc := range cases {
		n, ok := parseInt([]byte(tc.in))
		assert.Equal(t, tc.ok, ok, "%q", tc.in)
		assert.Equal(t, tc.want, n, "%q", tc.in)
	}
}

func TestStateNames(t *testing.T) {
	assert.Equal(t, "READY", Ready.String())
	assert.Equal(t, "BUSY", Busy.String())
	assert.Equal(t, "ACKNOWLEDGED", Acknowledged.String())
	assert.Equal(t, "UNKNOWN", Unknown.String())
	assert.Equal(t, "None", State(0).String())
}
