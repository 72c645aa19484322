package eventlistener

// State is a listener's protocol state, with 4.2.5's codes
// (supervisor.states.EventListenerStates).
type State int

// Listener states.
const (
	Ready        State = 10 // waiting for an event
	Busy         State = 20 // processing the event it was sent
	Acknowledged State = 30 // done with an event (or just started); must say READY
	Unknown      State = 40 // violated the protocol; gets no more events
)

// String returns the state's name as 4.2.5 logs it, e.g. "ACKNOWLEDGED".
func (s State) String() string {
	switch s {
	case Ready:
		return "READY"
	case Busy:
		return "BUSY"
	case Acknowledged:
		return "ACKNOWLEDGED"
	case Unknown:
		return "UNKNOWN"
	}
	return "None"
}
