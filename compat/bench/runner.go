package main

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// runner runs the selected scenarios on the daemons, interleaving their
// trials, and gathers every observation.
type runner struct {
	cfg     *config
	daemons [][2]string // label ("A", "B"), command template
	filter  map[string]bool
	results []*metricResult // in catalogue order
	byName  map[string]*metricResult
	dead    map[string]string // label -> why all its trials are skipped
	start   time.Time
	budget  time.Duration
}

// newRunner prepares empty results for every selected metric.
func newRunner(cfg *config, scs []scenario, daemons [][2]string, filter map[string]bool, budget time.Duration) *runner {
	r := &runner{cfg: cfg, daemons: daemons, filter: filter, byName: map[string]*metricResult{},
		dead: map[string]string{}, start: time.Now(), budget: budget}
	for _, m := range catalogue(scs) {
		if m.agg == "mean" {
			meanMetrics[m.name] = true
		}
		if filter != nil && !filter[m.name] {
			continue
		}
		mr := &metricResult{def: m, slots: map[string]*slot{}}
		if m.daemonless {
			mr.slots["-"] = &slot{}
		} else {
			for _, l := range r.labels() {
				mr.slots[l] = &slot{}
			}
		}
		r.results = append(r.results, mr)
		r.byName[m.name] = mr
	}
	return r
}

// labels lists the daemons' labels.
func (r *runner) labels() []string {
	var out []string
	for _, d := range r.daemons {
		out = append(out, d[0])
	}
	return out
}

// record adds a trial's observations of the named metrics for label; a
// name missing from out counts as "not measured".
func (r *runner) record(label string, out map[string]obs, names []string) {
	for _, n := range names {
		if m := r.byName[n]; m != nil && m.slots[label] != nil {
			o, ok := out[n]
			if !ok {
				o = failed(errors.New("not measured"))
			}
			m.slots[label].record(o)
		}
	}
}

// partial reports whether some metric has both samples and failures.
func (r *runner) partial() bool {
	for _, m := range r.results {
		for _, s := range m.slots {
			if len(s.Fails) > 0 && len(s.Samples) > 0 {
				return true
			}
		}
	}
	return false
}

// preflightAll checks each daemon starts and answers; a daemon that fails
// is marked dead and all its metrics report why.
func (r *runner) preflightAll(buildErr error, info map[string]any) {
	for _, d := range r.daemons {
		if d[0] == "B" && buildErr != nil {
			r.dead["B"] = buildErr.Error()
			info["B"] = map[string]any{"fail": buildErr.Error()}
			logf("B: %v", buildErr)
			continue
		}
		logf("preflight %s: %s", d[0], d[1])
		pf, err := preflight(d[1], d[0])
		if err != nil {
			r.dead[d[0]] = "preflight: " + err.Error()
			info[d[0]] = map[string]any{"fail": err.Error()}
			logf("preflight %s FAILED: %v", d[0], err)
			continue
		}
		info[d[0]] = pf
		logf("preflight %s ok: %v", d[0], pf)
	}
}

// runScenario runs every repeat of sc: the daemon-less figures first, then
// one trial per daemon, in A,B order on even repeats and B,A on odd ones.
func (r *runner) runScenario(sc scenario) {
	var names, dl []string
	for _, m := range catalogue([]scenario{sc}) {
		switch {
		case r.filter != nil && !r.filter[m.name]:
		case m.daemonless:
			dl = append(dl, m.name)
		default:
			names = append(names, m.name)
		}
	}
	if time.Since(r.start) > r.budget {
		out := map[string]obs{}
		setFail(out, fmt.Errorf("skipped: time budget %v exhausted", r.budget), append(names, dl...)...)
		for _, l := range r.labels() {
			r.record(l, out, names)
		}
		r.record("-", out, dl)
		return
	}
	reps := sc.reps(r.cfg)
	if r.cfg.reps > 0 {
		reps = r.cfg.reps
	}
	skip := map[string]string{}
	for k, v := range r.dead {
		skip[k] = v
	}
	if sk, ok := sc.(skipper); ok {
		for _, l := range r.labels() {
			if err := sk.skip(r.cfg, l); err != nil && skip[l] == "" {
				skip[l] = err.Error()
			}
		}
	}
	for rep := range reps {
		// daemon-less figures run whenever the scenario does: its trials
		// may compare against them (log_vs_pipe)
		if pr, ok := sc.(preRepper); ok {
			t := time.Now()
			out := pr.preRep(r.cfg)
			r.record("-", out, dl)
			logf("%s rep %d/%d no-daemon: %s (%.1fs)", sc.name(), rep+1, reps, describe(out, dl), time.Since(t).Seconds())
		}
		if len(names) == 0 {
			continue
		}
		order := slices.Clone(r.daemons)
		if rep%2 == 1 {
			slices.Reverse(order)
		}
		for _, d := range order {
			label := d[0]
			if reason := skip[label]; reason != "" {
				out := map[string]obs{}
				setFail(out, errors.New(reason), names...)
				r.record(label, out, names)
				continue
			}
			t := time.Now()
			out := sc.trial(r.cfg, d[1], label)
			r.record(label, out, names)
			logf("%s rep %d/%d %s: %s (%.1fs)", sc.name(), rep+1, reps, label, describe(out, names), time.Since(t).Seconds())
		}
	}
}
