package webui

import (
	"net/http"
	"time"
)

// eventStream writes server-sent events. Every event's data is one line of
// JSON (see json.go), so it never needs splitting.
type eventStream struct {
	w  http.ResponseWriter
	rc *http.ResponseController
}

// startEvents sends the headers of an event stream and lifts the
// connection's write deadline (a stream is long-lived by design).
func startEvents(w http.ResponseWriter) (*eventStream, error) {
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // not every writer supports it
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	s := &eventStream{w: w, rc: rc}
	// A short reconnection delay: the stream only ends when the server
	// restarts or a proxy cuts it.
	if _, err := w.Write([]byte("retry: 2000\n\n")); err != nil {
		return nil, err
	}
	return s, rc.Flush()
}

// send writes one event named name (the default "message" when empty)
// whose data is the JSON text data.
func (s *eventStream) send(name string, data []byte) error {
	buf := make([]byte, 0, len(data)+len(name)+16)
	if name != "" {
		buf = append(buf, "event: "...)
		buf = append(buf, name...)
		buf = append(buf, '\n')
	}
	buf = append(buf, "data: "...)
	buf = append(buf, data...)
	buf = append(buf, "\n\n"...)
	if _, err := s.w.Write(buf); err != nil {
		return err
	}
	return s.rc.Flush()
}

// ping writes a comment line, which keeps the connection open through
// proxies and notices a client that is gone.
func (s *eventStream) ping() error {
	if _, err := s.w.Write([]byte(": ping\n\n")); err != nil {
		return err
	}
	return s.rc.Flush()
}
