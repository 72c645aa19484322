package webui

import (
	"time"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
)

// serveTailEvents is /events/tail?processname=<ns>&limit=<n>: the live
// version of tail.html. It sends a "reset" event with the text tail.html
// would show now, then "append" events with what the log gains (or a new
// "reset" when it is cleared, rotated or replaced), woken by the log
// writer, without polling. An error that waiting cannot fix (unknown
// process, no log configured) is sent as a "fatal" event and ends the
// stream.
func (h *Handler) serveTailEvents(w *httpserver.ResponseWriter, r *httpserver.Request) {
	f, ok := h.readFormOrFail(w, r)
	if !ok {
		return
	}
	name, hasName := f.get("processname")
	limit := tailLimit(f)
	var path string
	var fatal string
	if !hasName {
		fatal = "No process name found"
	} else if p, err := h.backend.ProcessLogfile(r.Context(), name, "stdout"); err != nil {
		fault := asFault(err)
		if fault == nil {
			h.fail(w, r, err)
			return
		}
		fatal = "ERROR: " + unexpectedFault(fault)
	} else if p == "" {
		fatal = noFile(name)
	} else {
		path = p
	}
	s, err := startEvents(w)
	if err != nil {
		return
	}
	if fatal != "" {
		_ = s.send("fatal", appendJSONString(nil, fatal))
		return
	}
	changed, cancel := watchLog(path) // before the first read: no change is missed
	defer cancel()
	fl := &logFollower{name: name, path: path, limit: limit}
	ping := time.NewTicker(h.opts.KeepAlive)
	defer ping.Stop()
	for {
		if kind, text := fl.next(); kind != "" {
			if s.send(kind, appendJSONString(nil, text)) != nil {
				return
			}
		}
		select {
		case <-changed:
		case <-ping.C:
			if s.ping() != nil {
				return
			}
		case <-r.Context().Done():
			return
		case <-h.closing:
			return
		}
	}
}
