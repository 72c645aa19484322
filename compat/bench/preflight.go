package main

import (
	"fmt"
	"path/filepath"
	"time"
)

// preflight starts the daemon with a one-program conf and reads its
// identity over the unix socket, plus getState over the inet port.
func preflight(tpl, label string) (map[string]any, error) {
	probe := program{name: "probe"}
	probe.set("command", "/bin/sleep 86400")
	probe.set("startsecs", "0") // 4.2.5 takes stopwaitsecs to shut down a program it is still starting
	d, err := newDaemon(tpl, label, []program{probe})
	if err != nil {
		return nil, err
	}
	defer d.stop(20 * time.Second)
	ready, err := d.start(20 * time.Second)
	if err != nil {
		return nil, err
	}
	info := map[string]any{"ready_s": ready.Seconds()}
	if _, err := d.waitAll("RUNNING", 1, 10*time.Second, 50*time.Millisecond); err != nil {
		info["probe"] = "fail: " + err.Error()
	}
	// startsecs=0 reports RUNNING before the child has exec'd; a SIGTERM
	// that lands before the exec is lost and shutdown then takes
	// stopwaitsecs (10 s).
	waitExeced(d, 1, 2*time.Second)
	c := d.rpc(10 * time.Second)
	defer c.close()
	for _, m := range []string{"getSupervisorVersion", "getAPIVersion", "getIdentification", "getPID"} {
		v, err := c.call("supervisor." + m)
		if err != nil {
			v = "fail: " + err.Error()
		}
		info[m] = v
	}
	inet := &rpcClient{h: newRawHTTP("tcp", fmt.Sprintf("127.0.0.1:%d", d.port), 5*time.Second)}
	defer inet.close()
	if v, err := inet.call("supervisor.getState"); err != nil {
		info["inet_getState"] = "fail: " + err.Error()
	} else {
		info["inet_getState"] = v
	}
	if exe, err := filepath.EvalSymlinks(fmt.Sprintf("/proc/%d/exe", d.pid)); err == nil {
		info["exe"] = exe
	}
	return info, nil
}

// waitExeced waits until n children of the daemon run another executable
// than the daemon's (they have exec'd), at most timeout.
func waitExeced(d *daemon, n int, timeout time.Duration) bool {
	dexe := exePath(d.pid)
	deadline := time.Now().Add(timeout)
	for i := 0; i < 1000 && time.Now().Before(deadline); i++ {
		got := 0
		for k := range childrenOf(d.pid) {
			if e := exePath(k); e != "" && e != dexe {
				got++
			}
		}
		if got >= n {
			return true
		}
		time.Sleep(5 * time.Millisecond)
	}
	return false
}
