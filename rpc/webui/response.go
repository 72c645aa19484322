package webui

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
)

// Content types of 4.2.5's views.
const (
	htmlType = "text/html;charset=utf-8"
	textType = "text/plain"
)

// writeError answers with code and Medusa's error page (as 4.2.5 does for
// errors and redirects). A HEAD request gets
// the headers only.
func writeError(w http.ResponseWriter, r *http.Request, code int) {
	body := httpserver.ErrorBody(code)
	h := w.Header()
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Content-Type", "text/html")
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		_, _ = w.Write([]byte(body))
	}
}

// setNoCache adds the headers 4.2.5 puts on its HTML views.
func setNoCache(h http.Header) {
	h.Set("Pragma", "no-cache")
	h.Set("Cache-Control", "no-cache")
	h.Set("Expires", "Thu, 01 Jan 1970 00:00:00 GMT")
}

// writeBody answers 200 with body and an explicit Content-Length, as 4.2.5
// always sends one.
func writeBody(w http.ResponseWriter, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// ctime formats t like Python's time.ctime(): "Mon Nov  3 14:46:50 2026".
func ctime(t time.Time) string {
	return t.Format("Mon Jan _2 15:04:05 2006")
}
