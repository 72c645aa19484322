package harness

import (
	"regexp"
	"strconv"
	"strings"
)

const (
	months = `(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)`
	days   = `(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)`
)

// genericRules are the volatile-value rewrites of the shared conformance
// suite's normalize.py, in the same order.
var genericRules = []struct {
	rx  *regexp.Regexp
	rep string
}{
	// supervisord log timestamps: 2024-01-02 03:04:05,678
	{regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}`), "<TS>"},
	// "pid 1234", "with pid 1234", "(pid 1234)"
	{regexp.MustCompile(`pid \d+`), "pid <PID>"},
	// "killing 'name' (1234) with SIGKILL"
	{regexp.MustCompile(`' \(\d+\) with SIG`), "' (<PID>) with SIG"},
	// RUNNING description uptime: "uptime 0:00:03" / "uptime 1 day, 2:03:04"
	{regexp.MustCompile(`uptime (?:\d+ days?, )?\d+:\d\d:\d\d`), "uptime <UPTIME>"},
	// STOPPED/EXITED description: "Nov 22 07:43 AM"
	{regexp.MustCompile(months + ` \d\d \d\d:\d\d [AP]M`), "<DATE>"},
	// time.ctime(): "Sun Nov 22 07:43:06 2026"
	{regexp.MustCompile(days + ` ` + months + ` [ \d]\d \d\d:\d\d:\d\d \d{4}`), "<CTIME>"},
	// HTTP dates: "Sun, 22 Nov 2026 07:43:06 GMT"
	{regexp.MustCompile(days + `, \d\d ` + months + ` \d{4} \d\d:\d\d:\d\d GMT`), "<HTTPDATE>"},
	// AUTO child log names: name-stdout---supervisor-k3j4h5g6.log
	{regexp.MustCompile(`(-(?:stdout|stderr)---[^\s/'"]*?-)[a-z0-9_]{8}(\.log)`), "${1}<RAND>${2}"},
	// copyright year in the web UI footer
	{regexp.MustCompile(`&copy; 2006-\d{4}`), "&copy; 2006-<YEAR>"},
}

var (
	pidLine = regexp.MustCompile(`(?m)^[1-9]\d*$`)
	number  = regexp.MustCompile(`\d+`)
)

// Normalizer rewrites volatile values in free text so two runs can be
// compared: temp paths, timestamps, pids, uptimes, dates, ports, random
// AUTO log suffixes. It mirrors /work/shared/conformance/lib/normalize.py.
type Normalizer struct {
	// TmpDirs are replaced by <TMP>.
	TmpDirs []string
	// Ports are replaced by <PORT> where they stand as whole numbers.
	Ports []int
	// PIDLines also replaces lines that are only a positive number by
	// <PID> (for `supervisorctl pid` output).
	PIDLines bool
	// Extra rewrites applied last, as (regexp, replacement) pairs.
	Extra []Rewrite
}

// Rewrite is one extra regexp replacement (Go regexp.ReplaceAllString
// syntax for Rep).
type Rewrite struct {
	Rx  *regexp.Regexp
	Rep string
}

// Text normalises s.
func (n Normalizer) Text(s string) string {
	for _, d := range n.TmpDirs {
		if d != "" {
			s = strings.ReplaceAll(s, d, "<TMP>")
		}
	}
	for _, r := range genericRules {
		s = r.rx.ReplaceAllString(s, r.rep)
	}
	if n.PIDLines {
		s = pidLine.ReplaceAllString(s, "<PID>")
	}
	if len(n.Ports) > 0 {
		s = number.ReplaceAllStringFunc(s, func(m string) string {
			v, err := strconv.Atoi(m)
			if err != nil {
				return m
			}
			for _, p := range n.Ports {
				if p == v {
					return "<PORT>"
				}
			}
			return m
		})
	}
	for _, r := range n.Extra {
		s = r.Rx.ReplaceAllString(s, r.Rep)
	}
	return s
}

// Normalizer returns the normaliser for this daemon's temp dir and port.
func (d *Daemon) Normalizer() Normalizer {
	n := Normalizer{TmpDirs: []string{d.Dir}}
	if d.Port != 0 {
		n.Ports = []int{d.Port}
	}
	return n
}

// Normalize normalises s with d.Normalizer().
func (d *Daemon) Normalize(s string) string { return d.Normalizer().Text(s) }

// NormalizePIDs is Normalize that also turns number-only lines into <PID>.
func (d *Daemon) NormalizePIDs(s string) string {
	n := d.Normalizer()
	n.PIDLines = true
	return n.Text(s)
}
