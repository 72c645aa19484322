package main

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// clockTicks is USER_HZ, the unit of utime/stime in /proc/PID/stat. Linux
// exports 100 to user space on every architecture Go supports.
const clockTicks = 100

// procStat holds the fields of /proc/PID/stat the benchmark needs.
type procStat struct {
	State     byte
	PPID      int
	UTime     uint64 // clock ticks
	STime     uint64 // clock ticks
	Threads   int
	StartTime uint64 // clock ticks since boot
}

// parseStat parses the contents of /proc/PID/stat. The command name may
// contain spaces and parentheses, so fields are counted after the last ')'.
func parseStat(data []byte) (procStat, error) {
	var st procStat
	i := bytes.LastIndexByte(data, ')')
	if i < 0 || i+2 > len(data) {
		return st, fmt.Errorf("malformed stat: no ')'")
	}
	f := strings.Fields(string(data[i+2:]))
	// f[k] is field k+3 of proc(5): state=3, ppid=4, utime=14, stime=15,
	// num_threads=20, starttime=22.
	if len(f) < 20 {
		return st, fmt.Errorf("malformed stat: %d fields", len(f))
	}
	var err error
	num := func(s string) uint64 {
		v, e := strconv.ParseUint(s, 10, 64)
		if e != nil && err == nil {
			err = fmt.Errorf("malformed stat field %q", s)
		}
		return v
	}
	st.State = f[0][0]
	st.PPID = int(num(f[1]))
	st.UTime = num(f[11])
	st.STime = num(f[12])
	st.Threads = int(num(f[17]))
	st.StartTime = num(f[19])
	return st, err
}

// readStat reads /proc/PID/stat.
func readStat(pid int) (procStat, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, err
	}
	return parseStat(data)
}

// parseSchedstat parses /proc/PID/task/TID/schedstat: on-CPU time in ns,
// run-queue wait in ns, and the number of times the task was scheduled in.
func parseSchedstat(data []byte) (runNs, waitNs, slices uint64, err error) {
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return 0, 0, 0, fmt.Errorf("malformed schedstat %q", data)
	}
	vals := make([]uint64, 3)
	for k := range vals {
		if vals[k], err = strconv.ParseUint(f[k], 10, 64); err != nil {
			return 0, 0, 0, fmt.Errorf("malformed schedstat %q", data)
		}
	}
	return vals[0], vals[1], vals[2], nil
}

// parseStatusField returns the integer value of a "Key:\tN [unit]" line of
// /proc/PID/status (VmRSS, voluntary_ctxt_switches, ...).
func parseStatusField(data []byte, key string) (uint64, bool) {
	for _, line := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || k != key {
			continue
		}
		f := strings.Fields(v)
		if len(f) == 0 {
			return 0, false
		}
		n, err := strconv.ParseUint(f[0], 10, 64)
		return n, err == nil
	}
	return 0, false
}

// rssKB returns VmRSS of pid in kB.
func rssKB(pid int) (float64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("cannot read VmRSS of pid %d: %v", pid, err)
	}
	v, ok := parseStatusField(data, "VmRSS")
	if !ok {
		return 0, fmt.Errorf("no VmRSS for pid %d", pid)
	}
	return float64(v), nil
}

// tids lists the thread ids of pid.
func tids(pid int) ([]string, error) {
	d, err := os.Open(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.Readdirnames(-1)
}

// cpuSample is one snapshot of a process's CPU accounting.
type cpuSample struct {
	TicksS  float64 // utime+stime of the whole process (dead threads included), s
	SchedS  float64 // sum of live threads' schedstat on-CPU time, s
	Slices  uint64  // sum of live threads' schedstat run counts (times scheduled in)
	CtxSw   uint64  // sum of live threads' voluntary+nonvoluntary context switches
	Threads int
}

// readCPU takes a cpuSample of pid.
func readCPU(pid int) (cpuSample, error) {
	var s cpuSample
	st, err := readStat(pid)
	if err != nil {
		return s, fmt.Errorf("process %d vanished", pid)
	}
	s.TicksS = float64(st.UTime+st.STime) / clockTicks
	ts, err := tids(pid)
	if err != nil {
		return s, fmt.Errorf("process %d vanished", pid)
	}
	for _, t := range ts {
		base := fmt.Sprintf("/proc/%d/task/%s/", pid, t)
		if data, err := os.ReadFile(base + "schedstat"); err == nil {
			if run, _, n, err := parseSchedstat(data); err == nil {
				s.SchedS += float64(run) / 1e9
				s.Slices += n
			}
		}
		if data, err := os.ReadFile(base + "status"); err == nil {
			v, _ := parseStatusField(data, "voluntary_ctxt_switches")
			nv, _ := parseStatusField(data, "nonvoluntary_ctxt_switches")
			s.CtxSw += v + nv
		}
		s.Threads++
	}
	return s, nil
}

// cpuDelta returns the CPU seconds between two samples: the ns-resolution
// schedstat sum, unless it lost time because a thread exited in between, in
// which case the 10 ms-tick utime+stime figure.
func cpuDelta(a, b cpuSample) float64 {
	ticks := b.TicksS - a.TicksS
	sched := b.SchedS - a.SchedS
	if sched < ticks-max(0.03, 0.1*ticks) {
		return ticks
	}
	return sched
}

// countDelta returns b-a for counters summed over live threads, 0 if the sum
// went down (a thread exited in between).
func countDelta(a, b uint64) float64 {
	if b < a {
		return 0
	}
	return float64(b - a)
}

// childrenOf returns the direct children of pid (over all its threads).
func childrenOf(pid int) map[int]bool {
	kids := map[int]bool{}
	ts, err := tids(pid)
	if err != nil {
		return kids
	}
	for _, t := range ts {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/children", pid, t))
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(data)) {
			if c, err := strconv.Atoi(f); err == nil {
				kids[c] = true
			}
		}
	}
	return kids
}

// exePath returns the target of /proc/PID/exe ("" if unreadable).
func exePath(pid int) string {
	p, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
	if err != nil {
		return ""
	}
	return p
}

// environHas reports whether the NUL-separated environment block contains
// exactly the entry kv.
func environHas(env []byte, kv string) bool {
	for _, e := range bytes.Split(env, []byte{0}) {
		if string(e) == kv {
			return true
		}
	}
	return false
}

// hasEnv reports whether process pid carries the environment entry kv.
func hasEnv(pid int, kv string) bool {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
	return err == nil && environHas(data, kv)
}

// allPIDs lists every numeric entry of /proc.
func allPIDs() []int {
	d, err := os.Open("/proc")
	if err != nil {
		return nil
	}
	defer d.Close()
	names, _ := d.Readdirnames(-1)
	var pids []int
	for _, n := range names {
		if p, err := strconv.Atoi(n); err == nil {
			pids = append(pids, p)
		}
	}
	return pids
}

// procsWithEnv returns every process (other than ourselves) whose
// environment contains kv.
func procsWithEnv(kv string) []int {
	self := os.Getpid()
	var out []int
	for _, p := range allPIDs() {
		if p != self && hasEnv(p, kv) {
			out = append(out, p)
		}
	}
	return out
}

// stealSnapshot returns (total, steal) jiffies from the cpu line of /proc/stat.
func stealSnapshot() (total, steal uint64) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line)
	for i := 1; i < len(f) && i <= 8; i++ {
		v, _ := strconv.ParseUint(f[i], 10, 64)
		total += v
		if i == 8 {
			steal = v
		}
	}
	return total, steal
}

// loadAvg returns the 1/5/15-minute load averages.
func loadAvg() [3]float64 {
	var l [3]float64
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return l
	}
	f := strings.Fields(string(data))
	for i := 0; i < 3 && i < len(f); i++ {
		l[i], _ = strconv.ParseFloat(f[i], 64)
	}
	return l
}
