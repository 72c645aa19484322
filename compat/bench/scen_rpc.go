package main

import (
	"fmt"
	"time"
)

// rpcScenario: 200 programs; getState latency idle, then 4 clients hammer
// getAllProcessInfo while a 5th probes getState every 20 ms.
type rpcScenario struct{}

func (rpcScenario) name() string { return "rpc" }

var rpcLoadNames = []string{"rpc_getall_200", "rpc_getall_cpu_ms", "rpc_client_cpu_ms",
	"getstate_load_p50_ms", "getstate_load_p99_ms"}

func (rpcScenario) metrics() []metricDef {
	return []metricDef{
		{name: "rpc_getall_200", unit: "calls/s", better: "higher",
			desc: "getAllProcessInfo throughput, 200 programs, 4 concurrent clients on persistent " +
				"HTTP/1.1 over the unix socket, fixed window (5 s; 3 s quick)",
			target: ratioTarget(false, 10)},
		{name: "rpc_getall_cpu_ms", unit: "ms/call", better: "lower",
			desc: "daemon CPU (schedstat) per getAllProcessInfo call during the window"},
		{name: "rpc_client_cpu_ms", unit: "ms/call", better: "lower",
			desc: "load generator CPU per call (this process, getrusage): must stay well below " +
				"rpc_getall_cpu_ms or the throughput is client-bound"},
		{name: "getstate_p50_ms", unit: "ms", better: "lower",
			desc: "getState latency, 1 sequential client, otherwise idle (2 s; 1 s quick)"},
		{name: "getstate_p99_ms", unit: "ms", better: "lower", desc: "same, p99"},
		{name: "getstate_load_p50_ms", unit: "ms", better: "lower",
			desc: "getState latency probed every 20 ms by a 5th client during the getAllProcessInfo load"},
		{name: "getstate_load_p99_ms", unit: "ms", better: "lower", desc: "same, p99",
			target: ratioTarget(true, 0.1)},
	}
}

func (rpcScenario) reps(cfg *config) int {
	if cfg.quick {
		return 1
	}
	return 4
}

func (rpcScenario) trial(cfg *config, tpl, label string) map[string]obs {
	res := map[string]obs{}
	all := append([]string{"getstate_p50_ms", "getstate_p99_ms"}, rpcLoadNames...)
	d, err := newDaemon(tpl, label, sleepers(200, cfg.logs))
	if err != nil {
		setFail(res, err, all...)
		return res
	}
	defer d.stop(20 * time.Second)
	if _, err := d.start(20 * time.Second); err != nil {
		setFail(res, err, all...)
		return res
	}
	// getState latency is still worth measuring if the programs are not up.
	notReady := func() error {
		if _, err := d.waitAll("RUNNING", 200, 30*time.Second, 100*time.Millisecond); err != nil {
			return err
		}
		c := d.rpc(10 * time.Second)
		defer c.close()
		info, err := allInfo(c)
		if err == nil && len(info) != 200 {
			err = fmt.Errorf("getAllProcessInfo returned %d entries", len(info))
		}
		return err
	}()

	idleWin := 2 * time.Second
	loadWin := 5 * time.Second
	if cfg.quick {
		idleWin, loadWin = time.Second, 3*time.Second
	}
	if lat, err := getStateLatency(d.sockPath, idleWin, 5000); err != nil {
		setFail(res, err, "getstate_p50_ms", "getstate_p99_ms")
	} else {
		res["getstate_p50_ms"] = one(percentile(lat, 50) * 1000)
		res["getstate_p99_ms"] = one(percentile(lat, 99) * 1000)
	}

	if notReady != nil {
		setFail(res, notReady, rpcLoadNames...)
		return res
	}
	run, err := runLoad(d, 4, loadWin, 20*time.Millisecond)
	if err != nil {
		setFail(res, err, rpcLoadNames...)
		return res
	}
	calls := 0
	for _, w := range run.workers {
		if w.err != nil {
			setFail(res, fmt.Errorf("load client: %v", w.err), rpcLoadNames...)
			return res
		}
		calls += w.calls
	}
	if calls == 0 {
		setFail(res, fmt.Errorf("no successful calls"), rpcLoadNames...)
		return res
	}
	res["rpc_getall_200"] = one(float64(calls) / loadWin.Seconds())
	res["rpc_getall_cpu_ms"] = one(run.daemonCPU / float64(calls) * 1000)
	res["rpc_client_cpu_ms"] = one(run.clientCPU / float64(calls) * 1000)
	if run.probe.err != nil || len(run.probe.lat) == 0 {
		setFail(res, fmt.Errorf("probe: %v (%d samples)", run.probe.err, len(run.probe.lat)),
			"getstate_load_p50_ms", "getstate_load_p99_ms")
	} else {
		res["getstate_load_p50_ms"] = one(percentile(run.probe.lat, 50) * 1000)
		res["getstate_load_p99_ms"] = one(percentile(run.probe.lat, 99) * 1000)
	}
	return res
}
