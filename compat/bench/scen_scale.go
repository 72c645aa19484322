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
// Figures are recorded as they are taken, so a daemon that runs out of the
// scenario's time budget still reports the ones it reached.
type scaleScenario struct{ cfg *config }

func (s *scaleScenario) name() string { return "scale" }

// maxN is the largest program count.
func (s *scaleScenario) maxN() int { return s.cfg.scaleN[len(s.cfg.scaleN)-1] }

// Metric names.
func rssName(k int) string                   { return fmt.Sprintf("scale_rss_%d", k) }
func (s *scaleScenario) startName() string   { return fmt.Sprintf("scale_start_%d_s", s.maxN()) }
func (s *scaleScenario) getallName() string  { return fmt.Sprintf("scale_getall_%d_ms", s.maxN()) }
func (s *scaleScenario) stopAllName() string { return fmt.Sprintf("scale_stop_all_%d_s", s.maxN()) }
func (s *scaleScenario) startAllName() string {
	return fmt.Sprintf("scale_start_all_%d_s", s.maxN())
}

func (s *scaleScenario) metrics() []metricDef {
	n := s.maxN()
	var out []metricDef
	for _, k := range s.cfg.scaleN {
		out = append(out, metricDef{name: rssName(k), unit: "kB", better: "lower",
			desc: fmt.Sprintf("daemon VmRSS with %d programs RUNNING (logs NONE), after 3 s settle", k)})
	}
	return append(out,
		metricDef{name: "scale_rss_per_prog_kB", unit: "kB", better: "lower",
			desc: "slope of the least-squares line RSS = a + b*programs over the sizes above"},
		metricDef{name: "scale_rss_linearity", unit: "x", better: "lower",
			desc: "RSS growth per program over the last size step / over the first step; " +
				"1 = linear, > 1 = superlinear",
			target: absTarget(true, false, 1.5)},
		metricDef{name: s.startName(), unit: "s", better: "lower",
			desc: fmt.Sprintf("launch -> all %d programs RUNNING (startsecs=1; getAllProcessInfo "+
				"polled every 1 s, or less often when one call takes longer)", n)},
		metricDef{name: s.getallName(), unit: "ms", better: "lower",
			desc: fmt.Sprintf("getAllProcessInfo latency with %d programs, median of up to 5 sequential "+
				"calls (fewer if they take over 20 s together)", n),
			target: absTarget(true, true, 100)},
		metricDef{name: s.stopAllName(), unit: "s", better: "lower",
			desc: fmt.Sprintf("stopAllProcesses(True) with %d programs", n)},
		metricDef{name: s.startAllName(), unit: "s", better: "lower",
			desc: fmt.Sprintf("startAllProcesses(True) with %d programs (startsecs=1)", n)},
	)
}

func (s *scaleScenario) reps(cfg *config) int { return 1 }

func (s *scaleScenario) skip(cfg *config, label string) error {
	if label == "A" && !cfg.scaleA {
		return errors.New("skipped: scale runs for B only unless --scale-a")
	}
	return nil
}

func (s *scaleScenario) trial(cfg *config, tpl, label string) map[string]obs {
	res := map[string]obs{}
	var names []string
	for _, m := range s.metrics() {
		names = append(names, m.name)
	}
	deadline := time.Now().Add(cfg.scaleTime)
	var xs, ys []float64
	for _, k := range cfg.scaleN {
		err := s.point(cfg, tpl, label, k, deadline, res)
		if err != nil && !time.Now().Before(deadline) {
			err = fmt.Errorf("scale time budget %v exhausted (%v)", cfg.scaleTime, err)
		}
		if o, ok := res[rssName(k)]; ok && o.err == nil {
			xs, ys = append(xs, float64(k)), append(ys, o.samples[0])
		}
		if err != nil {
			setFail(res, fmt.Errorf("%d programs: %v", k, err), names...)
			break
		}
	}
	if len(xs) == len(cfg.scaleN) && len(xs) >= 2 {
		_, b, _ := linearFit(xs, ys)
		res["scale_rss_per_prog_kB"] = one(b)
		if len(xs) >= 3 {
			first := (ys[1] - ys[0]) / (xs[1] - xs[0])
			last := (ys[len(ys)-1] - ys[len(ys)-2]) / (xs[len(xs)-1] - xs[len(xs)-2])
			if first > 0 {
				res["scale_rss_linearity"] = one(last / first)
			}
		}
	}
	setFail(res, errors.New("needs 3 sizes with growing RSS"), "scale_rss_linearity", "scale_rss_per_prog_kB")
	return res
}

// point measures one daemon with k programs into res; at the largest size
// it adds the start time, getAll latency and the stop-all/start-all cycle.
// Everything ends by deadline.
func (s *scaleScenario) point(cfg *config, tpl, label string, k int, deadline time.Time, res map[string]obs) error {
	full := k == s.maxN()
	need := 3*k + 256 // three pipe ends per program, plus the daemon's own
	if uint64(need) > cfg.nofile {
		return fmt.Errorf("needs minfds=%d but RLIMIT_NOFILE is %d", need, cfg.nofile)
	}
	left := func() time.Duration { return time.Until(deadline) }
	if left() <= 0 {
		return errors.New("no time left")
	}
	d, err := newDaemon(tpl, label, sleepers(k, "none", "startsecs", "1"))
	if err != nil {
		return err
	}
	d.minfds = max(4096, need)
	defer d.stop(60 * time.Second)
	if err := d.launch(); err != nil {
		return err
	}
	if _, err := d.waitReady(min(left(), 180*time.Second)); err != nil {
		return err
	}
	up, err := d.waitAll("RUNNING", k, left(), time.Second)
	if err != nil {
		return err
	}
	time.Sleep(3 * time.Second)
	rss, err := rssKB(d.pid)
	if err != nil {
		return err
	}
	res[rssName(k)] = one(rss)
	logf("scale %s: %d programs RUNNING %.1fs after launch, RSS %.0f kB", label, k, up.Seconds(), rss)
	if !full {
		return nil
	}
	res[s.startName()] = one(up.Seconds())

	// getAllProcessInfo latency: sequential raw calls, body not parsed.
	h := newRawHTTP("unix", d.sockPath, max(10*time.Second, min(left(), 120*time.Second)))
	defer h.close()
	req := httpRequest("supervisor.getAllProcessInfo")
	var lat []float64
	t0 := time.Now()
	for len(lat) < 5 && (len(lat) == 0 || time.Since(t0) < 20*time.Second) {
		t := time.Now()
		status, body, err := h.do(req)
		if err != nil {
			return fmt.Errorf("getAllProcessInfo: %v", err)
		}
		if err := goodResponse(status, body); err != nil {
			return fmt.Errorf("getAllProcessInfo: %v", err)
		}
		lat = append(lat, time.Since(t).Seconds()*1000)
		time.Sleep(100 * time.Millisecond)
	}
	res[s.getallName()] = one(median(lat))
	logf("scale %s: getAllProcessInfo with %d programs: %.1f ms (median of %d)", label, k, median(lat), len(lat))

	if left() <= 0 {
		return errors.New("no time left")
	}
	c := d.rpc(max(10*time.Second, left()))
	defer c.close()
	stop, start, err := stopStartAll(d, c, k)
	if stop > 0 {
		res[s.stopAllName()] = one(stop.Seconds())
	}
	if err != nil {
		return err
	}
	res[s.startAllName()] = one(start.Seconds())
	return nil
}
