package eventlistener

import (
	"bytes"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// Tokens of the protocol.
const (
	// ReadyToken is what a listener writes to ask for an event.
	ReadyToken = "READY\n"
	// resultPrefixLen is the length of "RESULT ", the part of a result line
	// that 4.2.5 skips without looking at it.
	resultPrefixLen = len("RESULT ")
	// okResult is the result that 4.2.5's default handler accepts.
	okResult = "OK"
)

// StepKind says what one Step reports.
type StepKind int

// Step kinds, each matching something 4.2.5 does (and logs) while it reads
// a listener's stdout.
const (
	// Changed: the listener state went From -> To (4.2.5 logs it at DEBG,
	// and a change to Unknown also at WARN).
	Changed StepKind = iota
	// BadResultLine: the result line's length did not parse; Line is the
	// line as 4.2.5 prints it (the text, or "Undecodable: b'...'").
	BadResultLine
	// Processed: the result accepted the event.
	Processed
	// Rejected: the result (in Result) rejected the event.
	Rejected
	// Requeue: the event being processed goes back to the head of the
	// pool's buffer (4.2.5's EventRejectedEvent).
	Requeue
	// Forget: the listener no longer holds an event (process.event = None).
	Forget
)

// Step is one thing the parser decided, in 4.2.5's order.
type Step struct {
	Kind     StepKind
	From, To State  // Changed
	Line     string // BadResultLine
	Result   []byte // Rejected
}

// Protocol is the state of one listener process's stdout protocol, from
// its spawn on (4.2.5 makes a new PEventListenerDispatcher at each spawn).
// It is not safe for concurrent use.
type Protocol struct {
	state     State
	buf       []byte // bytes not consumed yet (state_buffer)
	result    []byte // result bytes gathered so far
	resultLen int
	haveLen   bool // a result line was parsed; gathering resultLen bytes
}

// New returns the protocol of a freshly spawned listener: ACKNOWLEDGED.
func New() *Protocol { return &Protocol{state: Acknowledged} }

// State returns the listener state.
func (p *Protocol) State() State { return p.state }

// Dispatched records that the pool sent the listener an event: READY
// becomes BUSY (4.2.5 logs no state change for this one). It reports false,
// changing nothing, when the listener is not READY.
func (p *Protocol) Dispatched() bool {
	if p.state != Ready {
		return false
	}
	p.state = Busy
	return true
}

// Feed takes bytes the listener wrote to its stdout and returns what
// happened, in order. Bytes that do not decide anything yet (a partial
// READY token, a result line without its newline, a result not complete)
// are kept for the next Feed.
func (p *Protocol) Feed(data []byte) []Step {
	if p.state == Unknown {
		return nil // 4.2.5 drops everything once UNKNOWN
	}
	p.buf = append(p.buf, data...)
	var steps []Step
	for len(p.buf) > 0 {
		var more bool
		steps, more = p.step(steps)
		if !more {
			break
		}
	}
	if len(p.buf) == 0 {
		p.buf = nil
	}
	return steps
}

// step is one round of 4.2.5's handle_listener_state_change on a non-empty
// buffer. It reports whether to go on with what is left.
func (p *Protocol) step(steps []Step) ([]Step, bool) {
	switch p.state {
	case Acknowledged:
		if len(p.buf) < len(ReadyToken) {
			return steps, false // not enough to decide
		}
		if bytes.HasPrefix(p.buf, []byte(ReadyToken)) {
			steps = p.change(steps, Ready)
			p.buf = p.buf[len(ReadyToken):]
		} else {
			steps = p.change(steps, Unknown)
			p.buf = nil
		}
		return append(steps, Step{Kind: Forget}), true

	case Ready:
		// Spurious data: 4.2.5 is strict about it.
		steps = p.change(steps, Unknown)
		p.buf = nil
		return append(steps, Step{Kind: Forget}), false

	case Busy:
		if !p.haveLen {
			pos := bytes.IndexByte(p.buf, '\n')
			if pos < 0 {
				return steps, false // no complete result line yet
			}
			line := p.buf[:pos]
			p.buf = p.buf[pos+1:]
			var lenText []byte
			if len(line) > resultPrefixLen {
				lenText = line[resultPrefixLen:]
			}
			n, ok := parseInt(lenText)
			if !ok {
				steps = append(steps, Step{Kind: BadResultLine, Line: renderLine(line)})
				steps = p.change(steps, Unknown)
				p.buf = nil
				return append(steps, Step{Kind: Requeue}, Step{Kind: Forget}), false
			}
			p.haveLen, p.resultLen = true, n
			return steps, true
		}
		if needed := p.resultLen - len(p.result); needed > 0 {
			take := min(needed, len(p.buf))
			p.result = append(p.result, p.buf[:take]...)
			p.buf = p.buf[take:]
		}
		if len(p.result) == p.resultLen {
			steps = p.handleResult(steps)
		}
		return steps, true

	default: // Unknown
		p.buf = nil
		return steps, false
	}
}

// handleResult applies 4.2.5's default result handler to a complete result.
func (p *Protocol) handleResult(steps []Step) []Step {
	result := p.result
	p.result, p.resultLen, p.haveLen = nil, 0, false
	if string(result) == okResult {
		steps = append(steps, Step{Kind: Processed})
		steps = p.change(steps, Acknowledged)
	} else {
		steps = append(steps, Step{Kind: Rejected, Result: result})
		steps = p.change(steps, Acknowledged)
		steps = append(steps, Step{Kind: Requeue})
	}
	return append(steps, Step{Kind: Forget})
}

// change moves to state to and records it.
func (p *Protocol) change(steps []Step, to State) []Step {
	from := p.state
	p.state = to
	return append(steps, Step{Kind: Changed, From: from, To: to})
}

// renderLine renders a result line as 4.2.5 puts it in its warning.
func renderLine(line []byte) string {
	if utf8.Valid(line) {
		return string(line)
	}
	return "Undecodable: " + py.BytesRepr(line)
}
