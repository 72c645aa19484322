package profiling

import (
	"bytes"
	"context"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"strings"
	"time"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
)

// Prefix is the path under which the profiles are served.
const Prefix = "/debug/pprof/"

// Default durations of the CPU profile and of the execution trace, when
// the request has no ?seconds=N (net/http/pprof's defaults).
const (
	DefaultCPUSeconds   = 30
	DefaultTraceSeconds = 1
)

// Handler returns the profiling routes, all below Prefix:
//
//   - "" (and /debug/pprof without the slash): an HTML index linking to
//     the others;
//   - a named profile of runtime/pprof (heap, goroutine, allocs, block,
//     mutex, threadcreate): gzipped protobuf for go tool pprof, or text
//     with ?debug=N (N > 0); ?gc=1 collects garbage before a heap profile;
//   - profile: a CPU profile of ?seconds=N (default 30);
//   - trace: an execution trace of ?seconds=N (default 1), for go tool trace;
//   - cmdline: the daemon's arguments, separated by NUL bytes.
//
// Profiles for go tool pprof are sent as attachments (Content-Type
// application/octet-stream, Content-Disposition naming the profile), as
// net/http/pprof does. Errors are plain text marked with "X-Go-Pprof: 1",
// which go tool pprof shows to its user. Other paths get 404. There is no
// symbol endpoint: go tool pprof symbolizes Go profiles from the function
// names they carry. Delta profiles (?seconds=N on a named profile) are
// refused: take two profiles and compare them with go tool pprof
// -diff_base.
func Handler() httpserver.Handler {
	return httpserver.HandlerFunc(serve)
}

func serve(w *httpserver.ResponseWriter, r *httpserver.Request) {
	name, ok := strings.CutPrefix(r.Path, Prefix)
	if !ok {
		if r.Path+"/" == Prefix {
			serveIndex(w)
			return
		}
		serveError(w, 404, "404 page not found")
		return
	}
	switch name {
	case "":
		serveIndex(w)
	case "cmdline":
		reply(w, 200, textPlain, []byte(strings.Join(os.Args, "\x00")))
	case "profile":
		serveRecording(w, r, "profile", DefaultCPUSeconds, pprof.StartCPUProfile, pprof.StopCPUProfile,
			"Could not enable CPU profiling: ")
	case "trace":
		serveRecording(w, r, "trace", DefaultTraceSeconds, trace.Start, trace.Stop, "Could not enable tracing: ")
	default:
		serveProfile(w, r, name)
	}
}

const textPlain = "text/plain; charset=utf-8"

// reply sends a complete response with a Content-Length.
func reply(w *httpserver.ResponseWriter, code int, contentType string, body []byte) {
	w.Set("Content-Type", contentType)
	w.Set("X-Content-Type-Options", "nosniff")
	w.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	w.Write(body)
}

// serveError sends msg as a plain-text error that go tool pprof reports.
func serveError(w *httpserver.ResponseWriter, code int, msg string) {
	w.Set("X-Go-Pprof", "1")
	reply(w, code, textPlain, []byte(msg+"\n"))
}

// serveProfile sends the named runtime/pprof profile.
func serveProfile(w *httpserver.ResponseWriter, r *httpserver.Request, name string) {
	p := pprof.Lookup(name)
	if p == nil {
		serveError(w, 404, "Unknown profile")
		return
	}
	if _, ok := queryValue(r.Query, "seconds"); ok {
		serveError(w, 400, "delta profiles (?seconds= on a named profile) are not served: "+
			"take two profiles and compare them with go tool pprof -diff_base")
		return
	}
	debug := queryInt(r.Query, "debug")
	if name == "heap" && queryInt(r.Query, "gc") > 0 {
		runtime.GC()
	}
	var buf bytes.Buffer
	if err := p.WriteTo(&buf, debug); err != nil {
		serveError(w, 500, "Could not write profile: "+err.Error())
		return
	}
	if debug != 0 {
		reply(w, 200, textPlain, buf.Bytes())
		return
	}
	setAttachment(w, name)
	reply(w, 200, "application/octet-stream", buf.Bytes())
}

// serveRecording runs a profiler (pprof's CPU profile, or the execution
// tracer) for ?seconds=N (def when absent) and sends what it wrote as the
// attachment name. failure starts the error text when it cannot start.
func serveRecording(w *httpserver.ResponseWriter, r *httpserver.Request, name string, def int,
	start func(io.Writer) error, stop func(), failure string) {
	out := &attachment{w: w, name: name}
	if err := start(out); err != nil {
		serveError(w, 500, failure+err.Error())
		return
	}
	sleep(r.Context(), seconds(r.Query, def))
	stop()
	out.Write(nil) // the headers, should the profiler have written nothing
}

// attachment sends what the profiler writes as a download. The headers go
// with the first bytes, so that a profiler that fails to start leaves the
// response free for the error. Between Start and Stop it is written only
// by the profiler's goroutine; the handler touches the response again once
// Stop has returned.
type attachment struct {
	w    *httpserver.ResponseWriter
	name string
	sent bool
}

func (a *attachment) Write(p []byte) (int, error) {
	if !a.sent {
		a.sent = true
		setAttachment(a.w, a.name)
		a.w.Set("Content-Type", "application/octet-stream")
		a.w.Set("X-Content-Type-Options", "nosniff")
	}
	return a.w.Write(p)
}

func setAttachment(w *httpserver.ResponseWriter, name string) {
	w.Set("Content-Disposition", `attachment; filename="`+name+`"`)
}

// sleep waits for d or until ctx is done (the client went away or the
// server is closing).
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// maxSeconds keeps ?seconds=N from overflowing a time.Duration.
const maxSeconds = 1 << 32

// seconds returns the ?seconds=N duration, or def seconds when it is
// missing, malformed or not positive.
func seconds(query string, def int) time.Duration {
	n := queryInt(query, "seconds")
	if n <= 0 {
		n = def
	}
	return time.Duration(min(n, maxSeconds)) * time.Second
}

// queryInt returns the integer value of the query parameter name, or 0.
func queryInt(query, name string) int {
	v, _ := queryValue(query, name)
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0
	}
	return n
}

// queryValue returns the raw value of the first query parameter called
// name ("" for a bare "name") and whether there is one. Values are not
// %-decoded: every parameter served here is a number.
func queryValue(query, name string) (string, bool) {
	for query != "" {
		var kv string
		kv, query, _ = strings.Cut(query, "&")
		k, v, _ := strings.Cut(kv, "=")
		if k == name {
			return v, true
		}
	}
	return "", false
}
