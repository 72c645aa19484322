package main

import (
	"fmt"
	"os"
	"time"
)

// allInfo calls getAllProcessInfo and returns its structs.
func allInfo(c *rpcClient) ([]map[string]any, error) {
	v, err := c.call("supervisor.getAllProcessInfo")
	if err != nil {
		return nil, err
	}
	return structList("supervisor.getAllProcessInfo", v)
}

// structList converts an XML-RPC array of structs.
func structList(method string, v any) ([]map[string]any, error) {
	if v == nil {
		return nil, nil // Python encodes an empty list as an empty <data/>
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%s returned %T, want array", method, v)
	}
	out := make([]map[string]any, 0, len(arr))
	for _, e := range arr {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s returned an array of %T, want struct", method, e)
		}
		out = append(out, m)
	}
	return out, nil
}

// countState counts the entries whose statename is state.
func countState(info []map[string]any, state string) int {
	n := 0
	for _, p := range info {
		if p["statename"] == state {
			n++
		}
	}
	return n
}

// waitAll polls getAllProcessInfo every interval until at least n
// processes are in state; it returns the time since launch.
func (d *daemon) waitAll(state string, n int, timeout, interval time.Duration) (time.Duration, error) {
	c := d.rpc(max(10*time.Second, timeout/4))
	defer c.close()
	deadline := time.Now().Add(timeout)
	got := -1
	for i := 0; i < 1000000; i++ {
		if err := d.checkAlive(); err != nil {
			return 0, err
		}
		t := time.Now()
		if t.After(deadline) {
			break
		}
		info, err := allInfo(c)
		if err != nil {
			return 0, err
		}
		if got = countState(info, state); got >= n {
			return time.Since(d.launched), nil
		}
		// Poll at most half the time, so that slow answers (4.2.5 with
		// thousands of programs) do not starve the daemon.
		took := time.Since(t)
		time.Sleep(max(interval-took, took))
	}
	return 0, fmt.Errorf("only %d/%d processes %s after %v", got, n, state, timeout)
}

// checkStatuses fails unless every entry of a start/stopAllProcesses result
// has status 80 (SUCCESS).
func checkStatuses(method string, v any) error {
	res, err := structList(method, v)
	if err != nil {
		return err
	}
	bad := 0
	var first map[string]any
	for _, r := range res {
		if r["status"] != 80 {
			if bad == 0 {
				first = r
			}
			bad++
		}
	}
	if bad > 0 {
		return fmt.Errorf("%s: %d failures, e.g. %v", method, bad, first)
	}
	return nil
}

// waitFileSize polls path every 2 ms until it holds size bytes; it returns
// the time it did. alive, when set, is checked every 100 ms.
func waitFileSize(path string, size int64, timeout time.Duration, alive func() error) (time.Time, error) {
	deadline := time.Now().Add(timeout)
	for i := 0; i < int(timeout/(2*time.Millisecond))+1000; i++ {
		if fi, err := os.Stat(path); err == nil && fi.Size() >= size {
			return time.Now(), nil
		}
		if alive != nil && i%50 == 0 {
			if err := alive(); err != nil {
				return time.Time{}, err
			}
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	var got int64
	if fi, err := os.Stat(path); err == nil {
		got = fi.Size()
	}
	return time.Time{}, fmt.Errorf("log file has %d of %d bytes after %v", got, size, timeout)
}
