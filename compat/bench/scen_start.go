package main

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// startScenario: 200 autostart programs (startsecs=1): time from launch to
// the first RPC answer and to all RUNNING, then the shutdown time.
type startScenario struct{}

func (startScenario) name() string { return "start" }

func (startScenario) metrics() []metricDef {
	return []metricDef{
		{name: "start_200", unit: "s", better: "lower",
			desc: "launch -> all 200 autostart programs (startsecs=1) RUNNING, getAllProcessInfo polled every 50 ms"},
		{name: "ready_200", unit: "s", better: "lower",
			desc: "launch -> first successful getAllProcessInfo answer (time to first RPC answer)"},
		{name: "shutdown_200", unit: "s", better: "lower",
			desc: "supervisor.shutdown() -> daemon exited, 200 programs running"},
	}
}

func (startScenario) reps(cfg *config) int {
	if cfg.quick {
		return 1
	}
	return 5
}

func (startScenario) trial(cfg *config, tpl, label string) map[string]obs {
	res := map[string]obs{}
	names := []string{"start_200", "ready_200", "shutdown_200"}
	d, err := newDaemon(tpl, label, sleepers(200, cfg.logs, "startsecs", "1"))
	if err != nil {
		setFail(res, err, names...)
		return res
	}
	err = func() error {
		if err := d.launch(); err != nil {
			return err
		}
		var c *rpcClient
		defer func() {
			if c != nil {
				c.close()
			}
		}()
		deadline := d.launched.Add(30 * time.Second)
		last := "no answer"
		for i := 0; i < 3000; i++ {
			t := time.Now()
			if t.After(deadline) {
				return fmt.Errorf("not all RUNNING after 30 s (%s)", last)
			}
			if err := d.checkAlive(); err != nil {
				return err
			}
			if _, err := os.Stat(d.sockPath); err == nil {
				if c == nil {
					c = d.rpc(10 * time.Second)
				}
				info, err := allInfo(c)
				now := time.Now()
				if err != nil {
					last = err.Error()
					var f *rpcFault
					if errors.As(err, &f) {
						return err
					}
					c.close()
					c = nil
				} else {
					if _, ok := res["ready_200"]; !ok {
						res["ready_200"] = one(now.Sub(d.launched).Seconds())
					}
					n := countState(info, "RUNNING")
					last = fmt.Sprintf("%d/200 RUNNING", n)
					if n >= 200 {
						res["start_200"] = one(now.Sub(d.launched).Seconds())
						return nil
					}
				}
			}
			time.Sleep(50*time.Millisecond - time.Since(t))
		}
		return fmt.Errorf("not all RUNNING (%s)", last)
	}()
	if err != nil {
		setFail(res, err, "start_200", "ready_200")
	}
	sd, serr := d.stop(20 * time.Second)
	switch {
	case err != nil:
		setFail(res, err, "shutdown_200")
	case serr != nil:
		setFail(res, serr, "shutdown_200")
	default:
		res["shutdown_200"] = one(sd.Seconds())
	}
	return res
}
