package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// slot holds everything one daemon (or "-" for daemon-less figures)
// produced for one metric.
type slot struct {
	Samples []float64 `json:"samples"`
	Trials  []any     `json:"trials"` // per-trial median, or "fail: reason"
	Fails   []string  `json:"fails,omitempty"`
	Value   *float64  `json:"value"` // the figure shown: median, or mean for agg=mean
	Mean    *float64  `json:"mean,omitempty"`
	Min     *float64  `json:"min,omitempty"`
	Max     *float64  `json:"max,omitempty"`
	N       int       `json:"n"`
}

// record adds a trial's observation.
func (s *slot) record(o obs) {
	switch {
	case o.err != nil:
		s.Fails = append(s.Fails, o.err.Error())
		s.Trials = append(s.Trials, "fail: "+o.err.Error())
	case len(o.samples) == 0:
		s.Fails = append(s.Fails, "not measured")
		s.Trials = append(s.Trials, "fail: not measured")
	default:
		s.Samples = append(s.Samples, o.samples...)
		s.Trials = append(s.Trials, median(o.samples))
	}
}

// summarise fills Value, Mean, Min, Max and N.
func (s *slot) summarise(agg string) {
	s.N = len(s.Samples)
	if s.N == 0 {
		return
	}
	m, lo, hi := mean(s.Samples), s.Samples[0], s.Samples[0]
	for _, v := range s.Samples {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	v := median(s.Samples)
	if agg == "mean" {
		v = m
	}
	s.Value, s.Mean, s.Min, s.Max = &v, &m, &lo, &hi
}

// cell is the table text of a slot: the value, or "fail: reason".
func (s *slot) cell() string {
	if s == nil {
		return "-"
	}
	if s.Value != nil {
		return fmtNum(*s.Value)
	}
	if len(s.Fails) > 0 && strings.HasPrefix(s.Fails[0], "skipped") {
		return "skipped"
	}
	if len(s.Fails) > 0 {
		return "fail"
	}
	return "-"
}

// metricResult gathers one metric's slots.
type metricResult struct {
	def   metricDef
	slots map[string]*slot // "A", "B", or "-" for daemon-less
	ratio *float64
	met   *bool
}

// row is one metric in the JSON output.
type jsonMetric struct {
	Scenario   string           `json:"scenario"`
	Unit       string           `json:"unit"`
	Better     string           `json:"better"`
	Desc       string           `json:"desc"`
	Agg        string           `json:"agg"`
	Daemonless bool             `json:"daemonless,omitempty"`
	Target     string           `json:"target,omitempty"`
	RatioBA    *float64         `json:"ratio_b_over_a"`
	Met        *bool            `json:"met"`
	Slots      map[string]*slot `json:"by_daemon"`
}

// fmtNum formats a figure with about 3-4 significant digits.
func fmtNum(v float64) string {
	a := math.Abs(v)
	switch {
	case math.IsNaN(v):
		return "nan"
	case a >= 1000:
		return fmt.Sprintf("%.0f", v)
	case a >= 100:
		return fmt.Sprintf("%.1f", v)
	case a >= 10:
		return fmt.Sprintf("%.2f", v)
	case a >= 0.1 || a == 0:
		return fmt.Sprintf("%.3f", v)
	default:
		return fmt.Sprintf("%.4f", v)
	}
}

// evaluate summarises the slots and computes the ratio and target verdict.
func (r *metricResult) evaluate() {
	agg := r.def.agg
	for _, s := range r.slots {
		s.summarise(agg)
	}
	a, b := r.slots["A"], r.slots["B"]
	if a != nil && b != nil && a.Value != nil && b.Value != nil && *a.Value != 0 &&
		!(r.def.ratioMin > 0 && math.Max(*a.Value, *b.Value) < r.def.ratioMin) {
		v := *b.Value / *a.Value
		r.ratio = &v
	}
	if t := r.def.target; t != nil {
		var v *float64
		if t.onRatio {
			v = r.ratio
		} else if b != nil {
			v = b.Value
		}
		if v != nil {
			ok := t.met(*v)
			r.met = &ok
		}
	}
}

// renderTable renders the results table and the notes under it.
func renderTable(results []*metricResult, labels []string, header []string, footer []string) string {
	two := len(labels) > 1
	hdr := []string{"metric", "unit", "better", "A"}
	if two {
		hdr = append(hdr, "B", "B/A")
	}
	hdr = append(hdr, "target", "met")
	rows := [][]string{}
	type failNote struct{ label, reason string }
	fails := map[failNote][]string{}
	var failOrder []failNote
	metN, targets := 0, 0
	for _, r := range results {
		name := r.def.name
		partial := false
		for _, s := range r.slots {
			if len(s.Fails) > 0 && len(s.Samples) > 0 {
				partial = true
			}
		}
		if partial {
			name += "*"
		}
		line := []string{name, r.def.unit, r.def.better}
		if r.def.daemonless {
			line = append(line, r.slots["-"].cell())
			if two {
				line = append(line, "(no daemon)", "-")
			}
		} else {
			line = append(line, r.slots["A"].cell())
			if two {
				ratio := "-"
				if r.ratio != nil {
					ratio = fmt.Sprintf("%.2f", *r.ratio)
				}
				line = append(line, r.slots["B"].cell(), ratio)
			}
		}
		tgt, met := "", ""
		if r.def.target != nil {
			targets++
			tgt, met = r.def.target.String(), "-"
			if r.met != nil {
				met = "✗"
				if *r.met {
					met = "✓"
					metN++
				}
			}
		}
		line = append(line, tgt, met)
		rows = append(rows, line)
		for label, s := range r.slots {
			if s.Value == nil && len(s.Fails) > 0 {
				k := failNote{label, s.Fails[0]}
				if _, seen := fails[k]; !seen {
					failOrder = append(failOrder, k)
				}
				fails[k] = append(fails[k], r.def.name)
			}
		}
	}
	widths := make([]int, len(hdr))
	for _, l := range append([][]string{hdr}, rows...) {
		for i, c := range l {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	var b strings.Builder
	for _, h := range header {
		b.WriteString(h + "\n")
	}
	pad := func(l []string) string {
		parts := make([]string, len(l))
		for i, c := range l {
			parts[i] = c + strings.Repeat(" ", widths[i]-len([]rune(c)))
		}
		return strings.TrimRight(strings.Join(parts, "  "), " ")
	}
	b.WriteString(pad(hdr) + "\n")
	dashes := make([]string, len(hdr))
	for i, w := range widths {
		dashes[i] = strings.Repeat("-", w)
	}
	b.WriteString(pad(dashes) + "\n")
	for _, l := range rows {
		b.WriteString(pad(l) + "\n")
	}
	b.WriteString("\n")
	if two {
		fmt.Fprintf(&b, "targets met: %d of %d (issue #7; a B target applies to B's own value, "+
			"a B/A target to the ratio)\n", metN, targets)
	}
	for _, f := range footer {
		b.WriteString(f + "\n")
	}
	for _, k := range failOrder {
		fmt.Fprintf(&b, "FAIL [%s] %s: %s\n", k.label, strings.Join(fails[k], ", "), k.reason)
	}
	return b.String()
}

// writeJSON writes the meta data and every metric's samples atomically.
func writeJSON(path string, meta map[string]any, results []*metricResult) error {
	out := map[string]any{"meta": meta}
	ms := map[string]jsonMetric{}
	order := []string{}
	for _, r := range results {
		jm := jsonMetric{Scenario: r.def.scenario, Unit: r.def.unit, Better: r.def.better,
			Desc: r.def.desc, Agg: r.def.agg, Daemonless: r.def.daemonless,
			RatioBA: r.ratio, Met: r.met, Slots: r.slots}
		if r.def.target != nil {
			jm.Target = r.def.target.String()
		}
		ms[r.def.name] = jm
		order = append(order, r.def.name)
	}
	out["metrics"] = ms
	out["order"] = order
	data, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		return err
	}
	return writeAtomic(path, append(data, '\n'))
}

// writeAtomic writes data to path via a temp file and rename.
func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
