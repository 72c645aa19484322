package main

import (
	"fmt"
	"time"
)

// stopStartScenario: 200 programs; stopAllProcesses(True) then
// startAllProcesses(True), checking every status and the final states.
type stopStartScenario struct{}

func (stopStartScenario) name() string { return "stopstart" }

func (stopStartScenario) metrics() []metricDef {
	return []metricDef{
		{name: "stop_start_all_200_s", unit: "s", better: "lower",
			desc: "stopAllProcesses(True) + startAllProcesses(True), 200 programs (startsecs=1)"},
		{name: "stop_all_200_s", unit: "s", better: "lower", desc: "the stopAllProcesses part, median"},
		{name: "stop_all_200_mean_s", unit: "s", better: "lower", agg: "mean",
			desc:   "the stopAllProcesses part, mean (4.2.5 is bimodal here: ~0.03 s or ~1.03 s)",
			target: ratioTarget(true, 0.1)},
		{name: "start_all_200_s", unit: "s", better: "lower",
			desc: "the startAllProcesses part (startsecs=1, so 1 s is the floor)"},
	}
}

func (stopStartScenario) reps(cfg *config) int {
	if cfg.quick {
		return 1
	}
	return 5
}

// stopStartAll runs one stopAll/startAll cycle on n programs and returns
// the two durations; when only the start part fails, the stop duration is
// still returned with the error.
func stopStartAll(d *daemon, c *rpcClient, n int) (stop, start time.Duration, err error) {
	t0 := time.Now()
	v, err := c.call("supervisor.stopAllProcesses", true)
	stop = time.Since(t0)
	if err == nil {
		err = checkStatuses("stopAllProcesses", v)
	}
	if err == nil {
		err = expectAll(d, "STOPPED", n, c.h.timeout)
	}
	if err != nil {
		return 0, 0, err
	}
	time.Sleep(500 * time.Millisecond)
	t0 = time.Now()
	v, err = c.call("supervisor.startAllProcesses", true)
	start = time.Since(t0)
	if err == nil {
		err = checkStatuses("startAllProcesses", v)
	}
	if err == nil {
		err = expectAll(d, "RUNNING", n, c.h.timeout)
	}
	if err != nil {
		return stop, 0, err
	}
	return stop, start, nil
}

// expectAll fails unless exactly n processes are in state.
func expectAll(d *daemon, state string, n int, timeout time.Duration) error {
	c := d.rpc(timeout)
	defer c.close()
	info, err := allInfo(c)
	if err != nil {
		return err
	}
	if got := countState(info, state); got != n {
		return fmt.Errorf("only %d/%d %s", got, n, state)
	}
	return nil
}

func (stopStartScenario) trial(cfg *config, tpl, label string) map[string]obs {
	res := map[string]obs{}
	names := []string{"stop_start_all_200_s", "stop_all_200_s", "stop_all_200_mean_s", "start_all_200_s"}
	cycles := 2
	if cfg.quick {
		cycles = 1
	}
	d, err := newDaemon(tpl, label, sleepers(200, cfg.logs))
	if err != nil {
		setFail(res, err, names...)
		return res
	}
	defer d.stop(20 * time.Second)
	var stops, starts, both []float64
	err = func() error {
		if _, err := d.start(20 * time.Second); err != nil {
			return err
		}
		if _, err := d.waitAll("RUNNING", 200, 30*time.Second, 100*time.Millisecond); err != nil {
			return err
		}
		c := d.rpc(120 * time.Second)
		defer c.close()
		for range cycles {
			time.Sleep(500 * time.Millisecond)
			stop, start, err := stopStartAll(d, c, 200)
			if err != nil {
				return err
			}
			stops = append(stops, stop.Seconds())
			starts = append(starts, start.Seconds())
			both = append(both, (stop + start).Seconds())
		}
		return nil
	}()
	if err != nil {
		setFail(res, err, names...)
		return res
	}
	res["stop_all_200_s"] = many(stops)
	res["stop_all_200_mean_s"] = many(stops)
	res["start_all_200_s"] = many(starts)
	res["stop_start_all_200_s"] = many(both)
	return res
}
