package main

import "time"

// idleScenario: 100 sleepers RUNNING, settle, then RSS and a 10 s window of
// CPU and wake-ups with no RPC at all.
type idleScenario struct{}

func (idleScenario) name() string { return "idle" }

func (idleScenario) metrics() []metricDef {
	return []metricDef{
		{name: "rss_idle_100", unit: "kB", better: "lower",
			desc:   "daemon VmRSS, 100 programs (/bin/sleep) RUNNING, after 3 s settle",
			target: ratioTarget(true, 0.25)},
		{name: "cpu_idle_100", unit: "s/10s", better: "lower", ratioMin: 0.05,
			desc: "daemon utime+stime over 10 s idle (no RPC), 100 programs; 10 ms ticks, " +
				"so no ratio below 0.05 s: read cpu_idle_100_sched"},
		{name: "cpu_idle_100_sched", unit: "s/10s", better: "lower",
			desc:   "same window, sum of /proc/PID/task/*/schedstat on-CPU time (ns resolution)",
			target: ratioTarget(true, 0.1)},
		{name: "wakeups_idle_100", unit: "/10s", better: "lower",
			desc: "same window, times a daemon thread was scheduled in (sum of schedstat's 3rd " +
				"field over threads); a 1 s tick gives >= 10. Target: no periodic wake-ups",
			target: absTarget(true, false, 5)},
		{name: "ctxsw_idle_100", unit: "/10s", better: "lower",
			desc: "same window, voluntary+nonvoluntary context switches summed over threads " +
				"(/proc/PID/task/*/status), a cross-check of wakeups_idle_100"},
	}
}

func (idleScenario) reps(cfg *config) int {
	if cfg.quick {
		return 1
	}
	return 3
}

func (s idleScenario) trial(cfg *config, tpl, label string) map[string]obs {
	res := map[string]obs{}
	names := []string{"rss_idle_100", "cpu_idle_100", "cpu_idle_100_sched", "wakeups_idle_100", "ctxsw_idle_100"}
	d, err := newDaemon(tpl, label, sleepers(100, cfg.logs))
	if err != nil {
		setFail(res, err, names...)
		return res
	}
	defer d.stop(20 * time.Second)
	err = func() error {
		if _, err := d.start(20 * time.Second); err != nil {
			return err
		}
		if _, err := d.waitAll("RUNNING", 100, 30*time.Second, 100*time.Millisecond); err != nil {
			return err
		}
		time.Sleep(3 * time.Second)
		if err := d.checkAlive(); err != nil {
			return err
		}
		rss, err := rssKB(d.pid)
		if err != nil {
			return err
		}
		res["rss_idle_100"] = one(rss)
		c0, err := readCPU(d.pid)
		if err != nil {
			return err
		}
		t0 := time.Now()
		time.Sleep(10 * time.Second)
		c1, err := readCPU(d.pid)
		if err != nil {
			return err
		}
		scale := 10 / time.Since(t0).Seconds()
		res["cpu_idle_100"] = one((c1.TicksS - c0.TicksS) * scale)
		res["cpu_idle_100_sched"] = one((c1.SchedS - c0.SchedS) * scale)
		res["wakeups_idle_100"] = one(countDelta(c0.Slices, c1.Slices) * scale)
		res["ctxsw_idle_100"] = one(countDelta(c0.CtxSw, c1.CtxSw) * scale)
		return nil
	}()
	if err != nil {
		setFail(res, err, names...)
	}
	return res
}
