package httpserver

import (
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// FromHTTP adapts a net/http handler (such as the web UI) to this server.
// The handler sees an *http.Request with RequestURI as sent, URL parsed
// from it, Host from the Host header (possibly empty), the headers, the
// body and this request's context (whatever Server.ConnContext put in it,
// e.g. LocalAddrContextKey). Its ResponseWriter implements
// http.Flusher (so http.ResponseController works); responses follow this
// server's framing and keep-alive rules, and no Content-Type is sniffed.
//
// net/http headers are a map, so their order is lost: they are sent after
// Server and Date in Medusa's usual order (Location, Last-Modified, then
// Content-Type before Content-Length for pages or after it for files and
// error pages, then the no-cache headers), the others sorted by name.
func FromHTTP(h http.Handler) Handler {
	return HandlerFunc(func(w *ResponseWriter, r *Request) {
		h.ServeHTTP(&httpResponseWriter{w: w, header: http.Header{}}, toHTTPRequest(r))
	})
}

func toHTTPRequest(r *Request) *http.Request {
	u, err := url.ParseRequestURI(r.RawURI)
	if err != nil {
		u = &url.URL{Path: r.Path, RawQuery: r.Query, Fragment: r.Fragment}
	}
	major, minor := 1, 0
	if v := r.Version; v != "" {
		mj, mn, _ := strings.Cut(v, ".")
		major, _ = strconv.Atoi(mj)
		minor, _ = strconv.Atoi(mn)
	}
	header := make(http.Header, len(r.Header))
	for _, line := range r.Header {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		header.Add(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	host, _ := r.Header.Get("Host")
	cl := r.ContentLength
	if cl < 0 {
		cl = 0
	}
	req := &http.Request{
		Method:        r.Method,
		URL:           u,
		Proto:         "HTTP/" + r.Version,
		ProtoMajor:    major,
		ProtoMinor:    minor,
		Header:        header,
		Body:          io.NopCloser(r.Body),
		ContentLength: cl,
		Host:          strings.TrimSpace(host),
		RemoteAddr:    r.RemoteAddr,
		RequestURI:    r.RawURI,
	}
	return req.WithContext(r.Context())
}

type httpResponseWriter struct {
	w      *ResponseWriter
	header http.Header
	wrote  bool
}

func (a *httpResponseWriter) Header() http.Header { return a.header }

func (a *httpResponseWriter) WriteHeader(code int) {
	if a.wrote {
		return
	}
	a.wrote = true
	for _, name := range headerOrder(a.header, code) {
		for _, v := range a.header[name] {
			a.w.Set(name, v)
		}
	}
	a.w.WriteHeader(code)
}

func (a *httpResponseWriter) Write(p []byte) (int, error) {
	if !a.wrote {
		a.WriteHeader(http.StatusOK)
	}
	return a.w.Write(p)
}

func (a *httpResponseWriter) Flush() { _ = a.FlushError() }

// FlushError is what http.ResponseController.Flush calls.
func (a *httpResponseWriter) FlushError() error {
	if !a.wrote {
		a.WriteHeader(http.StatusOK)
	}
	return a.w.Flush()
}

// headerOrder orders h's names as Medusa's handlers usually set them.
func headerOrder(h http.Header, code int) []string {
	lengthFirst := code >= 300 || len(h["Last-Modified"]) > 0
	first := []string{"Location", "Last-Modified", "Content-Type", "Pragma", "Cache-Control", "Expires", "Content-Length"}
	if lengthFirst {
		first = []string{"Location", "Last-Modified", "Content-Length", "Content-Type", "Pragma", "Cache-Control", "Expires"}
	}
	names := make([]string, 0, len(h))
	for _, n := range first {
		if len(h[n]) > 0 {
			names = append(names, n)
		}
	}
	var rest []string
	for n := range h {
		if !slices.Contains(first, n) && n != "Server" && n != "Date" {
			rest = append(rest, n)
		}
	}
	slices.Sort(rest)
	return append(names, rest...)
}
