package eventlistener

import "github.com/gosupervisord/gosupervisord/supervisor/config"

// Message is a main-log line that 4.2.5 writes for a step.
type Message struct {
	Level config.Level
	Text  string
}

// unknownWarning follows "<name>: " when a listener enters UNKNOWN.
const unknownWarning = "has entered the UNKNOWN state and will no longer receive events, " +
	"this usually indicates the process violated the eventlistener protocol"

// Messages returns the main-log lines 4.2.5 writes for s, for the listener
// process named name (none for Requeue and Forget).
func (s Step) Messages(name string) []Message {
	switch s.Kind {
	case Changed:
		m := []Message{{config.LevelDebug, name + ": " + s.From.String() + " -> " + s.To.String()}}
		if s.To == Unknown {
			m = append(m, Message{config.LevelWarn, name + ": " + unknownWarning})
		}
		return m
	case BadResultLine:
		return []Message{{config.LevelWarn, name + ": bad result line: '" + s.Line + "'"}}
	case Processed:
		return []Message{{config.LevelDebug, name + ": event was processed"}}
	case Rejected:
		return []Message{{config.LevelWarn, name + ": event was rejected"}}
	}
	return nil
}
