package webui

import (
	"strconv"
	"time"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
)

// Content types of 4.2.5's views.
const (
	htmlType = "text/html;charset=utf-8"
	textType = "text/plain"
)

// redirect answers 301 with Location and Medusa's error page (as 4.2.5
// does); noCache adds the no-cache headers after the page's
// Content-Length and Content-Type. A HEAD request gets the headers only.
func redirect(w *httpserver.ResponseWriter, r *httpserver.Request, location string, noCache bool) {
	body := httpserver.ErrorBody(301)
	w.Set("Location", location)
	w.Set("Content-Length", strconv.Itoa(len(body)))
	w.Set("Content-Type", "text/html")
	if noCache {
		setNoCache(w)
	}
	w.WriteHeader(301)
	if r.Method != "HEAD" {
		_, _ = w.Write([]byte(body))
	}
}

// setNoCache adds the headers 4.2.5 puts on its HTML views.
func setNoCache(w *httpserver.ResponseWriter) {
	w.Set("Pragma", "no-cache")
	w.Set("Cache-Control", "no-cache")
	w.Set("Expires", "Thu, 01 Jan 1970 00:00:00 GMT")
}

// writeBody answers 200 with body and an explicit Content-Length, as 4.2.5
// always sends one; noCache adds the no-cache headers (HTML views) between
// the two.
func writeBody(w *httpserver.ResponseWriter, contentType string, noCache bool, body []byte) {
	w.Set("Content-Type", contentType)
	if noCache {
		setNoCache(w)
	}
	w.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(200)
	_, _ = w.Write(body)
}

// ctime formats t like Python's time.ctime(): "Mon Nov  3 14:46:50 2026".
func ctime(t time.Time) string {
	return t.Format("Mon Jan _2 15:04:05 2006")
}
