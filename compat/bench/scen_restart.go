package main

import (
	"fmt"
	"syscall"
	"time"
)

// restartScenario: SIGKILL an autorestart program and time the respawn,
// once polling getProcessInfo every 10 ms and once watching only /proc.
type restartScenario struct{}

func (restartScenario) name() string { return "restart" }

func (restartScenario) metrics() []metricDef {
	return []metricDef{
		{name: "restart_latency_ms", unit: "ms", better: "lower",
			desc: "SIGKILL a RUNNING program (autorestart=true, startsecs=0) -> getProcessInfo shows " +
				"a new pid RUNNING, polled every 10 ms (polling wakes Python's loop)"},
		{name: "respawn_passive_ms", unit: "ms", better: "lower",
			desc: "the same kill observed without any RPC: -> a new child of the daemon has exec'd " +
				"(/proc only, every 2.5 ms), what users see when nobody polls",
			target: absTarget(true, false, 20)},
	}
}

func (restartScenario) reps(cfg *config) int {
	if cfg.quick {
		return 1
	}
	return 2
}

// runningPID polls getProcessInfo("victim") every 10 ms until it is RUNNING
// with a pid other than old.
func runningPID(d *daemon, c *rpcClient, old int, timeout time.Duration) (int, time.Time, error) {
	deadline := time.Now().Add(timeout)
	state := "?"
	for i := 0; i < 100000; i++ {
		v, err := c.call("supervisor.getProcessInfo", "victim")
		if err != nil {
			return 0, time.Time{}, err
		}
		m, _ := v.(map[string]any)
		pid, _ := m["pid"].(int)
		state, _ = m["statename"].(string)
		if state == "RUNNING" && pid != 0 && pid != old {
			return pid, time.Now(), nil
		}
		if err := d.checkAlive(); err != nil {
			return 0, time.Time{}, err
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	return 0, time.Time{}, fmt.Errorf("victim not RUNNING with a new pid after %v (%s)", timeout, state)
}

// killVictim SIGKILLs pid, but only if it is a child of the daemon or
// carries the daemon's token.
func killVictim(d *daemon, pid int) error {
	if !childrenOf(d.pid)[pid] && !hasEnv(pid, tokenEnv+"="+d.token) {
		return fmt.Errorf("pid %d reported by getProcessInfo is not a descendant of the daemon; refusing to kill it", pid)
	}
	return syscall.Kill(pid, syscall.SIGKILL)
}

func (restartScenario) trial(cfg *config, tpl, label string) map[string]obs {
	res := map[string]obs{}
	kills, passive := 10, 4
	if cfg.quick {
		kills, passive = 5, 2
	}
	victim := program{name: "victim"}
	victim.set("command", "/bin/sleep 86400")
	victim.set("startsecs", "0")
	victim.set("autorestart", "true")
	victim.set("startretries", "100")
	d, err := newDaemon(tpl, label, []program{victim})
	if err != nil {
		setFail(res, err, "restart_latency_ms", "respawn_passive_ms")
		return res
	}
	defer d.stop(20 * time.Second)
	if _, err := d.start(20 * time.Second); err != nil {
		setFail(res, err, "restart_latency_ms", "respawn_passive_ms")
		return res
	}
	c := d.rpc(10 * time.Second)
	defer c.close()

	polled := func() error {
		var lat []float64
		pid, _, err := runningPID(d, c, 0, 10*time.Second)
		if err != nil {
			return err
		}
		for range kills {
			t0 := time.Now()
			if err := killVictim(d, pid); err != nil {
				return err
			}
			var t1 time.Time
			if pid, t1, err = runningPID(d, c, pid, 10*time.Second); err != nil {
				return err
			}
			lat = append(lat, t1.Sub(t0).Seconds()*1000)
			time.Sleep(100 * time.Millisecond)
		}
		res["restart_latency_ms"] = many(lat)
		return nil
	}
	if err := polled(); err != nil {
		setFail(res, err, "restart_latency_ms")
	}

	passiveRun := func() error {
		var lat []float64
		dexe := exePath(d.pid)
		pid, _, err := runningPID(d, c, 0, 10*time.Second)
		if err != nil {
			return err
		}
		for range passive {
			time.Sleep(300 * time.Millisecond)
			before := childrenOf(d.pid)
			t0 := time.Now()
			if err := killVictim(d, pid); err != nil {
				return err
			}
			var t1 time.Time
			for i := 0; i < 4000 && time.Since(t0) < 10*time.Second; i++ {
				now := time.Now()
				for k := range childrenOf(d.pid) {
					if before[k] || k == pid {
						continue
					}
					if e := exePath(k); e != "" && e != dexe {
						t1 = now
						break
					}
				}
				if !t1.IsZero() {
					break
				}
				time.Sleep(2500 * time.Microsecond)
			}
			if t1.IsZero() {
				if err := d.checkAlive(); err != nil {
					return err
				}
				return fmt.Errorf("no exec'd replacement child within 10 s")
			}
			lat = append(lat, t1.Sub(t0).Seconds()*1000)
			if pid, _, err = runningPID(d, c, pid, 10*time.Second); err != nil {
				return err
			}
		}
		res["respawn_passive_ms"] = many(lat)
		return nil
	}
	if err := passiveRun(); err != nil {
		setFail(res, err, "respawn_passive_ms")
	}
	return res
}
