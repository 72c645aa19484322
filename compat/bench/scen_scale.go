package main

import (
	"errors"
	"fmt"
	"time"
)

// scaleScenario: daemons with 1000, 2500 and 5000 programs (stdout/stderr
// logs NONE, startsecs=1): RSS at each size and its linear fit; at the
// largest size also the start time, getAllProcessInfo latency and a
// stop-all/start-all cycle. Only B by default: A (4.2.5) needs minutes.
type scaleScenario struct{ cfg *config }

func (s *scaleScenario) name() string { return "scale" }

// maxN is the largest program count.
func (s *scaleScenario) maxN() int { return s.cfg.scaleN[len(s.cfg.scaleN)-1] }

func (s *scaleScenario) metrics() []metricDef {
	n := s.maxN()
	var out []metricDef
	for _, k := range s.cfg.scaleN {
		out = append(out, metricDef{name: fmt.Sprintf("scale_rss_%d", k), unit: "kB", better: "lower",
			desc: fmt.Sprintf("daemon VmRSS with %d programs RUNNING (logs NONE), after 3 s settle", k)})
	}
	out = append(out,
		metricDef{name: "scale_rss_per_prog_kB", unit: "kB", better: "lower",
			desc: "slope of the least-squares line RSS = a + b*programs over the sizes above"},
		metricDef{name: "scale_rss_linearity", unit: "x", better: "lower",
			desc: "RSS growth per program over the last size step / over the first step; " +
				"1 = linear, > 1 = superlinear",
			target: absTarget(true, false, 1.5)},
		metricDef{name: fmt.Sprintf("scale_start_%d_s", n), unit: "s", better: "lower",
			desc: fmt.Sprintf("launch -> all %d programs RUNNING (startsecs=1, polled every 1 s)", n)},
		metricDef{name: fmt.Sprintf("scale_getall_%d_ms", n), unit: "ms", better: "lower",
			desc:   fmt.Sprintf("getAllProcessInfo latency with %d programs, median of sequential calls", n),
			target: absTarget(true, true, 100)},
		metricDef{name: fmt.Sprintf("scale_stop_all_%d_s", n), unit: "s", better: "lower",
			desc: fmt.Sprintf("stopAllProcesses(True) with %d programs", n)},
		metricDef{name: fmt.Sprintf("scale_start_all_%d_s", n), unit: "s", better: "lower",
			desc: fmt.Sprintf("startAllProcesses(True) with %d programs (startsecs=1)", n)},
	)
	return out
}

func (s *scaleScenario) reps(cfg *config) int { return 1 }

func (s *scaleScenario) skip(cfg *config, label string) error {
	if label == "A" && !cfg.scaleA {
		return errors.New("skipped: scale runs for B only unless --scale-a")
	}
	return nil
}

// scalePoint is what one program count gave.
type scalePoint struct {
	rss              float64
	start, stop, all time.Duration // launch->RUNNING, stopAll, startAll
	getallMs         float64
}

func (s *scaleScenario) trial(cfg *config, tpl, label string) map[string]obs {
	res := map[string]obs{}
	names := []string{}
	for _, m := range s.metrics() {
		names = append(names, m.name)
	}
	deadline := time.Now().Add(cfg.scaleTime)
	var xs, ys []float64
	n := s.maxN()
	for _, k := range cfg.scaleN {
		p, err := s.point(cfg, tpl, label, k, k == n, deadline)
		if err != nil {
			setFail(res, fmt.Errorf("%d programs: %v", k, err), names...)
			return res
		}
		res[fmt.Sprintf("scale_rss_%d", k)] = one(p.rss)
		xs, ys = append(xs, float64(k)), append(ys, p.rss)
		if k == n {
			res[fmt.Sprintf("scale_start_%d_s", n)] = one(p.start.Seconds())
			res[fmt.Sprintf("scale_getall_%d_ms", n)] = one(p.getallMs)
			res[fmt.Sprintf("scale_stop_all_%d_s", n)] = one(p.stop.Seconds())
			res[fmt.Sprintf("scale_start_all_%d_s", n)] = one(p.all.Seconds())
		}
	}
	if len(xs) >= 2 {
		_, b, _ := linearFit(xs, ys)
		res["scale_rss_per_prog_kB"] = one(b)
	}
	if len(xs) >= 3 {
		first := (ys[1] - ys[0]) / (xs[1] - xs[0])
		last := (ys[len(ys)-1] - ys[len(ys)-2]) / (xs[len(xs)-1] - xs[len(xs)-2])
		if first > 0 {
			res["scale_rss_linearity"] = one(last / first)
		}
	}
	setFail(res, errors.New("needs 3 sizes with growing RSS"), "scale_rss_linearity", "scale_rss_per_prog_kB")
	return res
}

// point measures one daemon with k programs; full adds the getAll latency
// and the stop-all/start-all cycle. Everything ends by deadline.
func (s *scaleScenario) point(cfg *config, tpl, label string, k int, full bool, deadline time.Time) (scalePoint, error) {
	var p scalePoint
	need := 3*k + 256 // three pipe ends per program, plus the daemon's own
	if uint64(need) > cfg.nofile {
		return p, fmt.Errorf("needs minfds=%d but RLIMIT_NOFILE is %d", need, cfg.nofile)
	}
	d, err := newDaemon(tpl, label, sleepers(k, "none", "startsecs", "1"))
	if err != nil {
		return p, err
	}
	d.minfds = max(4096, need)
	defer d.stop(60 * time.Second)
	left := func() time.Duration { return time.Until(deadline) }
	if left() <= 0 {
		return p, errors.New("scale time budget exhausted")
	}
	if err := d.launch(); err != nil {
		return p, err
	}
	if _, err := d.waitReady(min(left(), 180*time.Second)); err != nil {
		return p, err
	}
	var err2 error
	if p.start, err2 = d.waitAll("RUNNING", k, left(), time.Second); err2 != nil {
		return p, err2
	}
	time.Sleep(3 * time.Second)
	if p.rss, err = rssKB(d.pid); err != nil {
		return p, err
	}
	if !full {
		return p, nil
	}
	// getAllProcessInfo latency: sequential raw calls, body not parsed.
	h := newRawHTTP("unix", d.sockPath, max(10*time.Second, min(left(), 120*time.Second)))
	defer h.close()
	req := httpRequest("supervisor.getAllProcessInfo")
	calls := 5
	if cfg.quick {
		calls = 3
	}
	var lat []float64
	for range calls {
		if left() <= 0 {
			return p, errors.New("scale time budget exhausted")
		}
		t := time.Now()
		status, body, err := h.do(req)
		if err != nil {
			return p, fmt.Errorf("getAllProcessInfo: %v", err)
		}
		lat = append(lat, time.Since(t).Seconds()*1000)
		if err := goodResponse(status, body); err != nil {
			return p, fmt.Errorf("getAllProcessInfo: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.getallMs = median(lat)
	c := d.rpc(max(10*time.Second, left()))
	defer c.close()
	if p.stop, p.all, err = stopStartAll(d, c, k); err != nil {
		return p, err
	}
	return p, nil
}
