package webui

import (
	"errors"
	"os"
	"strconv"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
	"github.com/gosupervisord/gosupervisord/supervisor"
	"github.com/gosupervisord/gosupervisord/supervisor/childlog"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
)

// readFormOrFail reads the request's parameters (readForm), answering
// itself as 4.2.5 does when it cannot: 411, 500, or no answer at all.
func (h *Handler) readFormOrFail(w *httpserver.ResponseWriter, r *httpserver.Request) (form, bool) {
	f, err := readForm(r)
	if err == nil {
		return f, true
	}
	var fe *formError
	switch {
	case !errors.As(err, &fe):
		w.Error(400)
	case fe.Status == 500:
		h.fail(w, r, err)
	case fe.Status == 0:
		w.Abort()
	default:
		w.Error(fe.Status)
	}
	return nil, false
}

// statusPage is what the status page shows.
type statusPage struct {
	pageCommon
	HasMessage bool
	Message    string
	Rows       []processRow
}

// serveStatus is index.html: run the requested action and redirect with
// its message, or show the process table.
func (h *Handler) serveStatus(w *httpserver.ResponseWriter, r *httpserver.Request, f form) {
	if action, ok := f.get("action"); ok {
		namespec, hasName := f.get("processname")
		msg, err := h.runAction(r.Context(), namespec, hasName, action)
		h.status.kick()
		if err != nil {
			h.fail(w, r, err)
			return
		}
		redirect(w, r, h.serverURL(r)+"/?message="+pyQuote(msg), true)
		return
	}
	infos, err := h.backend.AllProcessInfo(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page := statusPage{pageCommon: h.common(), Rows: make([]processRow, 0, len(infos))}
	page.Message, page.HasMessage = f.get("message")
	for _, pi := range infos {
		page.Rows = append(page.Rows, newRow(pi))
	}
	writeBody(w, htmlType, true, renderStatus(&page))
}

// tailPage is what the tail page shows.
type tailPage struct {
	pageCommon
	HasName     bool
	Name        string // the process name, "None" when missing (as 4.2.5)
	Text        string
	Limit       int64
	RefreshHref string
	StreamHref  string
}

// setProcess fills the page for the last limit bytes of name's log, text.
func (p *tailPage) setProcess(name, text string, limit int64) {
	q := pyQuote(name)
	p.HasName, p.Name, p.Text, p.Limit = true, name, text, limit
	p.RefreshHref = "tail.html?processname=" + q + "&limit=" + strconv.FormatInt(limit, 10)
	p.StreamHref = "logtail/" + q
}

// defaultTailLimit is the least number of bytes the tail page shows.
const defaultTailLimit = 1024

// tailLimit is 4.2.5's max(1024, limit) for the limit parameter; anything
// but plain digits means 1024.
func tailLimit(f form) int64 {
	v, _ := f.get("limit")
	n, ok := parseDigits(v)
	if !ok {
		return defaultTailLimit
	}
	return max(n, defaultTailLimit)
}

// serveTail is tail.html: the end of a process's stdout log.
func (h *Handler) serveTail(w *httpserver.ResponseWriter, r *httpserver.Request, f form) {
	page := tailPage{pageCommon: h.common(), Name: "None", Text: "No process name found"}
	name, ok := f.get("processname")
	if ok {
		limit := tailLimit(f)
		text, err := h.tailText(r, name, limit)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		page.setProcess(name, text, limit)
	}
	writeBody(w, htmlType, true, renderTail(&page))
}

// tailText is what 4.2.5's tail view shows for readProcessStdoutLog(name,
// -limit, 0): the text, "No file for <name>", or the fault. An error that
// is no fault is returned.
func (h *Handler) tailText(r *httpserver.Request, name string, limit int64) (string, error) {
	path, err := h.backend.ProcessLogfile(r.Context(), name, "stdout")
	if err != nil {
		if f := asFault(err); f != nil {
			return "ERROR: " + unexpectedFault(f), nil
		}
		return "", err
	}
	return readTail(name, path, limit), nil
}

// readTail reads the last limit bytes of a log file as 4.2.5's tail view
// shows them.
func readTail(name, path string, limit int64) string {
	if path == "" {
		return noFile(name)
	}
	if _, err := os.Stat(path); err != nil {
		return noFile(name)
	}
	data, err := childlog.Read(path, -limit, 0)
	if err != nil {
		return "ERROR: " + unexpectedFault(supervisor.BareFault(faults.Failed))
	}
	return logText(data)
}

func noFile(name string) string { return "No file for " + name }
