package webui

import "github.com/gosupervisord/gosupervisord/rpc/httpserver"

// eventStream writes server-sent events. Every event's data is one line of
// JSON (see json.go), so it never needs splitting.
type eventStream struct {
	w *httpserver.ResponseWriter
}

// startEvents sends the headers of an event stream. Without a
// Content-Length the body is chunked (HTTP/1.1) or runs until the
// connection closes (HTTP/1.0).
func startEvents(w *httpserver.ResponseWriter) (*eventStream, error) {
	w.Set("Content-Type", "text/event-stream")
	w.Set("Cache-Control", "no-cache")
	w.Set("X-Accel-Buffering", "no")
	w.WriteHeader(200)
	s := &eventStream{w: w}
	// A short reconnection delay: the stream only ends when the server
	// restarts or a proxy cuts it.
	if _, err := w.Write([]byte("retry: 2000\n\n")); err != nil {
		return nil, err
	}
	return s, w.Flush()
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
	return s.w.Flush()
}

// ping writes a comment line, which keeps the connection open through
// proxies and notices a client that is gone.
func (s *eventStream) ping() error {
	if _, err := s.w.Write([]byte(": ping\n\n")); err != nil {
		return err
	}
	return s.w.Flush()
}
