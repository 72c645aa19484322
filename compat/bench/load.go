package main

import (
	"bytes"
	"fmt"
	"sync"
	"syscall"
	"time"
)

// loadResult is what one load client did during the measurement window.
type loadResult struct {
	calls      int       // good responses completed inside the window
	errors     int       // bad responses
	lat        []float64 // per-call latency, s (probes only)
	reconnects int
	err        error
}

// goodResponse checks an XML-RPC answer without parsing it: HTTP 200, no
// <fault> near the start, and a complete </methodResponse> at the end.
func goodResponse(status int, body []byte) error {
	if status != 200 {
		return fmt.Errorf("HTTP %d", status)
	}
	if bytes.Contains(body[:min(len(body), 400)], []byte("<fault>")) {
		return fmt.Errorf("fault: %q", body[:min(len(body), 300)])
	}
	if !bytes.Contains(body[max(0, len(body)-64):], []byte("</methodResponse>")) {
		return fmt.Errorf("truncated response (%d bytes)", len(body))
	}
	return nil
}

// hammer sends req on one persistent connection from start until end, back
// to back (interval 0) or one call per interval (a probe, which records
// latencies). It stops after maxCalls calls or 20 bad responses.
func hammer(sock string, req []byte, start, end time.Time, interval time.Duration, maxCalls int) loadResult {
	var r loadResult
	h := newRawHTTP("unix", sock, 15*time.Second)
	defer h.close()
	if err := h.connect(); err != nil {
		r.err = err
		return r
	}
	time.Sleep(time.Until(start))
	for n := 0; n < maxCalls; n++ {
		t := time.Now()
		if !t.Before(end) {
			break
		}
		status, body, err := h.do(req)
		t2 := time.Now()
		if err != nil {
			r.err = err
			break
		}
		if err := goodResponse(status, body); err != nil {
			r.errors++
			if r.err == nil {
				r.err = err
			}
			if r.errors > 20 {
				break
			}
			continue
		}
		if !t2.After(end) {
			r.calls++
			if interval > 0 {
				r.lat = append(r.lat, t2.Sub(t).Seconds())
			}
		}
		if interval > 0 {
			time.Sleep(interval - time.Since(t))
		}
	}
	r.reconnects = h.reconnects
	return r
}

// selfCPU returns this process's user+system CPU time in seconds.
func selfCPU() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// loadRun is the outcome of runLoad.
type loadRun struct {
	workers   []loadResult
	probe     loadResult
	daemonCPU float64 // daemon CPU seconds during the window
	clientCPU float64 // this process's CPU seconds during the window
	window    time.Duration
}

// runLoad has `clients` goroutines hammer getAllProcessInfo on persistent
// unix-socket connections for the window while one more probes getState
// every probeEvery.
func runLoad(d *daemon, clients int, window, probeEvery time.Duration) (loadRun, error) {
	reqAll := httpRequest("supervisor.getAllProcessInfo")
	reqState := httpRequest("supervisor.getState")
	start := time.Now().Add(500 * time.Millisecond)
	end := start.Add(window)
	out := loadRun{workers: make([]loadResult, clients), window: window}
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out.workers[i] = hammer(d.sockPath, reqAll, start, end, 0, 10_000_000)
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		out.probe = hammer(d.sockPath, reqState, start, end, probeEvery, 1_000_000)
	}()
	time.Sleep(time.Until(start))
	c0, err0 := readCPU(d.pid)
	s0 := selfCPU()
	time.Sleep(time.Until(end))
	c1, err1 := readCPU(d.pid)
	s1 := selfCPU()
	// every client's socket has a 15 s deadline, so this wait is bounded
	wg.Wait()
	if err0 != nil {
		return out, err0
	}
	if err1 != nil {
		return out, err1
	}
	out.daemonCPU = cpuDelta(c0, c1)
	out.clientCPU = s1 - s0
	return out, nil
}

// getStateLatency makes sequential getState calls for the window (at most
// maxCalls) and returns their latencies in seconds.
func getStateLatency(sock string, window time.Duration, maxCalls int) ([]float64, error) {
	c := newUnixRPC(sock, 10*time.Second)
	defer c.close()
	if _, err := c.call("supervisor.getState"); err != nil {
		return nil, err
	}
	req := httpRequest("supervisor.getState")
	var lat []float64
	deadline := time.Now().Add(window)
	for range maxCalls {
		t := time.Now()
		if !t.Before(deadline) {
			break
		}
		status, body, err := c.h.do(req)
		if err != nil {
			return nil, fmt.Errorf("supervisor.getState: %v", err)
		}
		lat = append(lat, time.Since(t).Seconds())
		if err := goodResponse(status, body); err != nil {
			return nil, fmt.Errorf("supervisor.getState: %v", err)
		}
	}
	return lat, nil
}
