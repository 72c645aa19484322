package httpserver

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// ServerHeader is the Server header Medusa 1.12 sends.
const ServerHeader = "Medusa/1.12"

// statusText are Medusa's reason phrases (its table, where it differs from
// the IANA registry's: 302 "Moved Temporarily", 408 "Request Time-out",
// ...), then the registry's for the codes Medusa does not know.
var statusText = map[int]string{
	100: "Continue", 101: "Switching Protocols",
	200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information",
	204: "No Content", 205: "Reset Content", 206: "Partial Content",
	300: "Multiple Choices", 301: "Moved Permanently", 302: "Moved Temporarily",
	303: "See Other", 304: "Not Modified", 305: "Use Proxy",
	400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden",
	404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
	407: "Proxy Authentication Required", 408: "Request Time-out", 409: "Conflict",
	410: "Gone", 411: "Length Required", 412: "Precondition Failed",
	413: "Request Entity Too Large", 414: "Request-URI Too Large", 415: "Unsupported Media Type",
	500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
	503: "Service Unavailable", 504: "Gateway Time-out", 505: "HTTP Version not supported",

	102: "Processing", 103: "Early Hints",
	207: "Multi-Status", 208: "Already Reported", 226: "IM Used",
	307: "Temporary Redirect", 308: "Permanent Redirect",
	416: "Requested Range Not Satisfiable", 417: "Expectation Failed", 418: "I'm a teapot",
	421: "Misdirected Request", 422: "Unprocessable Entity", 423: "Locked", 424: "Failed Dependency",
	425: "Too Early", 426: "Upgrade Required", 428: "Precondition Required", 429: "Too Many Requests",
	431: "Request Header Fields Too Large", 451: "Unavailable For Legal Reasons",
	506: "Variant Also Negotiates", 507: "Insufficient Storage", 508: "Loop Detected",
	510: "Not Extended", 511: "Network Authentication Required",
}

// StatusText returns Medusa's reason phrase for code ("" for an unknown
// code).
func StatusText(code int) string { return statusText[code] }

// ErrorBody returns Medusa's error page for code, CRLF line ends included.
func ErrorBody(code int) string {
	return "<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n<h1>Error response</h1>\r\n" +
		"<p>Error code " + strconv.Itoa(code) + ".\r\n<p>Message: " + StatusText(code) + ".\r\n</body>\r\n"
}

// TimeFormat is the layout of HTTP dates (RFC 7231's IMF-fixdate) for
// time.Format; the time must be in UTC.
const TimeFormat = "Mon, 02 Jan 2006 15:04:05 GMT"

// HTTPDate formats t as an HTTP date (Medusa's build_http_date).
func HTTPDate(t time.Time) string {
	return t.UTC().Format(TimeFormat)
}

// ParseHTTPDate parses an HTTP date in any of the three formats HTTP/1.1
// allows: TimeFormat, RFC 850 (time.RFC850) and asctime (time.ANSIC).
func ParseHTTPDate(s string) (t time.Time, err error) {
	for _, layout := range [...]string{TimeFormat, time.RFC850, time.ANSIC} {
		if t, err = time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, err
}

type field struct{ name, value string }

// framing is how a response body is delimited.
type framing int

const (
	framingLength  framing = iota // Content-Length
	framingChunked                // Transfer-Encoding: chunked
	framingClose                  // until the connection closes
)

// ErrHeaderWritten is returned when headers are changed after being sent.
var ErrHeaderWritten = errors.New("httpserver: header already written")

// ResponseWriter builds a response the way Medusa does: headers are sent
// in the order they were first set, starting with Server and Date; the
// connection's fate follows Medusa's keep-alive rules (see WriteHeader).
// It is used by one goroutine, the handler's.
type ResponseWriter struct {
	c       *conn
	req     *Request
	status  int
	header  []field
	framing framing
	close   bool // close the connection after this response
	discard bool // a response without a body (HEAD, 304): writes are dropped
	aborted bool // Abort was called

	wroteHeader bool
	bodyLength  int64 // declared Content-Length, -1 if none
	written     int64
	err         error // first write error
}

func newResponseWriter(c *conn, req *Request, now time.Time) *ResponseWriter {
	w := &ResponseWriter{c: c, req: req, status: 200, bodyLength: -1}
	w.header = append(w.header, field{"Server", ServerHeader}, field{"Date", HTTPDate(now)})
	return w
}

// Set sets a response header. Setting a header again replaces its value
// in its original position, as Medusa's header dict does.
func (w *ResponseWriter) Set(name, value string) {
	for i := range w.header {
		if w.header[i].name == name {
			w.header[i].value = value
			return
		}
	}
	w.header = append(w.header, field{name, value})
}

// Get returns the value of a response header.
func (w *ResponseWriter) Get(name string) (string, bool) {
	for _, f := range w.header {
		if f.name == name {
			return f.value, true
		}
	}
	return "", false
}

// SetClose makes the server close the connection after this response.
func (w *ResponseWriter) SetClose() { w.close = true }

// Abort closes the connection after the handler returns without sending
// anything more: for a client that is known to be gone.
func (w *ResponseWriter) Abort() {
	w.close = true
	w.aborted = true
}

// Written reports whether the header has been sent.
func (w *ResponseWriter) Written() bool { return w.wroteHeader }

// Error sends Medusa's error page for code: Content-Length and
// Content-Type text/html, after any headers already set.
func (w *ResponseWriter) Error(code int) {
	if w.wroteHeader {
		return
	}
	body := ErrorBody(code)
	w.Set("Content-Length", strconv.Itoa(len(body)))
	w.Set("Content-Type", "text/html")
	w.WriteHeader(code)
	if w.req.Method != "HEAD" {
		w.Write([]byte(body))
	}
}

// WriteHeader sends the status line and headers. It decides how the body
// is framed and whether the connection stays open with Medusa's rules:
//
//   - HTTP/1.0: kept open only with "Connection: keep-alive" and a
//     Content-Length, answering "Connection: Keep-Alive"; otherwise the
//     body runs until the connection closes;
//   - HTTP/1.1 (and other versions): closed after the response with
//     "Connection: close" (no Connection header is sent back); without a
//     Content-Length the body is chunked ("Transfer-Encoding: chunked" is
//     added last);
//   - no version: closed after the response.
func (w *ResponseWriter) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	w.status = code
	if cl, ok := w.Get("Content-Length"); ok {
		if n, err := strconv.ParseInt(cl, 10, 64); err == nil {
			w.bodyLength = n
		}
	}
	connHdr, _ := w.req.Header.Get("Connection")
	connHdr = strings.ToLower(connHdr)
	hasLength := w.bodyLength >= 0
	bodyless := code < 200 || code == 204 || code == 304 || w.req.Method == "HEAD"
	switch w.req.Version {
	case "1.0":
		if connHdr == "keep-alive" && (hasLength || bodyless) {
			w.Set("Connection", "Keep-Alive")
		} else {
			w.close = true
		}
	case "":
		w.close = true
	default:
		if connHdr == "close" {
			w.close = true
		} else if !hasLength && !bodyless {
			w.Set("Transfer-Encoding", "chunked")
			w.framing = framingChunked
		}
	}
	switch {
	case bodyless:
		w.framing = framingLength
		w.bodyLength = 0
		w.discard = true
	case !hasLength && w.framing != framingChunked:
		w.framing = framingClose
		w.close = true
	}

	if w.framing != framingLength {
		w.c.state.Store(stateStreaming)
	}
	version := w.req.Version
	if version == "" {
		version = "None"
	}
	bw := w.c.bw
	bw.WriteString("HTTP/")
	bw.WriteString(version)
	bw.WriteByte(' ')
	bw.WriteString(strconv.Itoa(code))
	bw.WriteByte(' ')
	bw.WriteString(StatusText(code))
	bw.WriteString("\r\n")
	for _, f := range w.header {
		bw.WriteString(f.name)
		bw.WriteString(": ")
		bw.WriteString(f.value)
		bw.WriteString("\r\n")
	}
	bw.WriteString("\r\n")
}

// Write sends body bytes (sending the header first if needed). In chunked
// framing each Write is one chunk.
func (w *ResponseWriter) Write(p []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(200)
	}
	if w.err != nil {
		return 0, w.err
	}
	if len(p) == 0 || w.discard {
		return len(p), nil
	}
	if w.framing == framingLength {
		if w.written+int64(len(p)) > w.bodyLength {
			w.err = errors.New("httpserver: body longer than Content-Length")
			return 0, w.err
		}
	}
	bw := w.c.bw
	if w.framing == framingChunked {
		bw.WriteString(strconv.FormatInt(int64(len(p)), 16))
		bw.WriteString("\r\n")
	}
	n, err := bw.Write(p)
	if err == nil && w.framing == framingChunked {
		_, err = bw.WriteString("\r\n")
	}
	w.written += int64(n)
	if err != nil {
		w.err = err
	}
	return n, err
}

// Flush sends everything written so far to the client.
func (w *ResponseWriter) Flush() error {
	if !w.wroteHeader {
		w.WriteHeader(200)
	}
	if w.err != nil {
		return w.err
	}
	if err := w.c.bw.Flush(); err != nil {
		w.err = err
	}
	return w.err
}

// finish completes the response after the handler returned and reports
// whether the connection can serve another request.
func (w *ResponseWriter) finish() bool {
	if w.aborted {
		if w.wroteHeader {
			w.c.bw.Flush()
		}
		return false
	}
	if !w.wroteHeader {
		w.Error(500)
	}
	if w.framing == framingChunked && w.err == nil {
		w.c.bw.WriteString("0\r\n\r\n")
	}
	if w.framing == framingLength && w.written != w.bodyLength {
		w.close = true
	}
	if w.err == nil {
		if err := w.c.bw.Flush(); err != nil {
			w.err = err
		}
	}
	return w.err == nil && !w.close
}
