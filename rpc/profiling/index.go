package profiling

import (
	"html"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
)

// profileNotes say what each runtime/pprof profile shows, for the index.
var profileNotes = map[string]string{
	"allocs":       "sampled allocations, freed or not",
	"block":        "where goroutines blocked on channels and locks (empty: the daemon does not enable it)",
	"goroutine":    "the stacks of all goroutines (debug=2 for the full dump)",
	"heap":         "sampled objects still in use (gc=1 collects garbage first)",
	"mutex":        "contended mutexes (empty: the daemon does not enable it)",
	"threadcreate": "the stacks that created operating system threads",
}

// serveIndex sends a plain HTML page linking to every profile.
func serveIndex(w *httpserver.ResponseWriter) {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html>\n<head><title>gosupervisord profiles</title></head>\n<body>\n" +
		"<h1>gosupervisord profiles</h1>\n" +
		"<p>Runtime profiles of this daemon. The links show text; without <code>?debug=1</code> " +
		"each profile is sent in the binary form <code>go tool pprof</code> reads.</p>\n<ul>\n")
	profiles := pprof.Profiles()
	slices.SortFunc(profiles, func(a, b *pprof.Profile) int { return strings.Compare(a.Name(), b.Name()) })
	for _, p := range profiles {
		name := html.EscapeString(p.Name())
		b.WriteString(`<li><a href="` + Prefix + name + `?debug=1">` + name + "</a> (" +
			strconv.Itoa(p.Count()) + ")")
		if note := profileNotes[p.Name()]; note != "" {
			b.WriteString(": " + note)
		}
		b.WriteString("</li>\n")
	}
	b.WriteString(`<li><a href="` + Prefix + `profile">profile</a>: a CPU profile, ?seconds=N (default ` +
		strconv.Itoa(DefaultCPUSeconds) + ")</li>\n" +
		`<li><a href="` + Prefix + `trace">trace</a>: an execution trace for go tool trace, ?seconds=N (default ` +
		strconv.Itoa(DefaultTraceSeconds) + ")</li>\n" +
		`<li><a href="` + Prefix + `cmdline">cmdline</a>: the daemon's arguments, separated by NUL bytes</li>` +
		"\n</ul>\n</body>\n</html>\n")
	reply(w, 200, "text/html; charset=utf-8", []byte(b.String()))
}
