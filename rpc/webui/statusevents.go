package webui

import (
	"fmt"
	"strings"
	"time"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
	"github.com/gosupervisord/gosupervisord/supervisor"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
)

// liveRow is one process of the live status stream. HTML is the row as
// the page renders it but with an empty description cell; the browser
// replaces a row only when its HTML changes and fills the description
// itself: Desc, or for a running process "pid N, uptime H:MM:SS" counted
// on from Uptime seconds.
type liveRow struct {
	NS     string `json:"ns"`
	HTML   string `json:"html"`
	Desc   string `json:"desc"`
	PID    int    `json:"pid,omitempty"`
	Uptime *int64 `json:"uptime,omitempty"`
}

// liveStatus is one event of the live status stream.
type liveStatus struct {
	Rows  []liveRow `json:"rows"`
	Error string    `json:"error,omitempty"`
}

// snapshotKey identifies what a snapshot shows, leaving out the uptime of
// running processes (browsers count it themselves).
func snapshotKey(infos []supervisor.ProcessInfo, err error) string {
	var b strings.Builder
	if err != nil {
		b.WriteString(err.Error())
	}
	for _, pi := range infos {
		fmt.Fprintf(&b, "\x00%s\x00%s\x00%d\x00%d\x00%d", pi.Group, pi.Name, pi.State, pi.PID, pi.Start)
		if pi.State != supervisor.Running {
			b.WriteString(pi.Description)
		}
	}
	return b.String()
}

// liveStatusOf builds the event for a snapshot at time now.
func liveStatusOf(snap *statusSnapshot, now time.Time) liveStatus {
	ev := liveStatus{Rows: make([]liveRow, 0, len(snap.infos))}
	if snap.err != nil {
		ev.Error = liveError(snap.err)
	}
	for _, pi := range snap.infos {
		row := newRow(pi)
		row.Description = ""
		lr := liveRow{NS: row.Namespec, HTML: renderRow(&row), Desc: pi.Description}
		if pi.State == supervisor.Running {
			up := max(now.Unix()-pi.Start, 0)
			lr.PID, lr.Uptime = pi.PID, &up
		}
		ev.Rows = append(ev.Rows, lr)
	}
	return ev
}

// liveError words a failed reading for the page.
func liveError(err error) string {
	if f := asFault(err); f != nil && f.Code == faults.ShutdownState {
		return "supervisord is shutting down or restarting"
	}
	return "cannot read the process table: " + err.Error()
}

// serveStatusEvents is /events/status: the process table, sent whenever it
// changes, for as long as the browser stays.
func (h *Handler) serveStatusEvents(w *httpserver.ResponseWriter, r *httpserver.Request) {
	changed, cancel := h.status.subscribe()
	defer cancel()
	h.status.kick()
	s, err := startEvents(w)
	if err != nil {
		return
	}
	ping := time.NewTicker(h.opts.KeepAlive)
	defer ping.Stop()
	for {
		select {
		case <-changed:
			snap := h.status.snapshot()
			if snap == nil {
				continue
			}
			ev := liveStatusOf(snap, time.Now())
			if s.send("", ev.appendJSON(nil)) != nil {
				return
			}
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
