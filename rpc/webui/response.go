package webui

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Content types of 4.2.5's views.
const (
	htmlType = "text/html;charset=utf-8"
	textType = "text/plain"
)

// errorBody returns the body 4.2.5's HTTP server (Medusa) sends with an
// error or redirect status, CRLF line endings included.
func errorBody(code int) string {
	return fmt.Sprintf("<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n"+
		"<h1>Error response</h1>\r\n<p>Error code %d.\r\n<p>Message: %s.\r\n</body>\r\n",
		code, http.StatusText(code))
}

// writeError answers with code and Medusa's error page. A HEAD request gets
// the headers only.
func writeError(w http.ResponseWriter, r *http.Request, code int) {
	body := errorBody(code)
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
