package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// tokenEnv names the environment variable that marks every process a
// benchmark daemon starts: daemons pass their environment on to children, so
// stragglers can be found in /proc/PID/environ and killed by PID.
const tokenEnv = "GOSVBENCH_TOKEN"

// tmpPrefix starts the name of every temp dir the benchmark creates.
const tmpPrefix = "gosvb-"

// ownerFile records "pid starttime" of the benchmark that made a temp dir, so
// a later run can sweep dirs left behind by a SIGKILLed run.
const ownerFile = ".gosvbench-owner"

// registry tracks live daemons and temp dirs for cleanup on exit or signal.
var registry = struct {
	sync.Mutex
	daemons map[*daemon]bool
	dirs    map[string]bool
	pids    map[int]bool // other children started with exec (ceiling writers)
}{daemons: map[*daemon]bool{}, dirs: map[string]bool{}, pids: map[int]bool{}}

// becomeSubreaper makes orphaned descendants re-parent to this process, so
// they stay findable (and killable by PID) if a daemon dies.
func becomeSubreaper() {
	_ = unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
}

// childAttr returns the SysProcAttr for every process the benchmark starts:
// a new session, and SIGTERM when the benchmark dies.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setsid: true, Pdeathsig: syscall.SIGTERM}
}

// myIdentity is "pid starttime" of this process.
func myIdentity() string {
	st, _ := readStat(os.Getpid())
	return fmt.Sprintf("%d %d", os.Getpid(), st.StartTime)
}

// makeTempDir creates a temp dir under base with an owner stamp and
// registers it for removal.
func makeTempDir(base, kind string) (string, error) {
	d, err := os.MkdirTemp(base, tmpPrefix+kind+"-")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(d, ownerFile), []byte(myIdentity()), 0o644); err != nil {
		os.RemoveAll(d)
		return "", err
	}
	registry.Lock()
	registry.dirs[d] = true
	registry.Unlock()
	return d, nil
}

// removeTempDir removes a dir made by makeTempDir.
func removeTempDir(d string) {
	os.RemoveAll(d)
	registry.Lock()
	delete(registry.dirs, d)
	registry.Unlock()
}

// sweepStaleDirs removes temp dirs whose owning benchmark run is gone.
func sweepStaleDirs() []string {
	var removed []string
	for _, base := range []string{os.TempDir(), "/dev/shm"} {
		matches, _ := filepath.Glob(filepath.Join(base, tmpPrefix+"*"))
		for _, d := range matches {
			data, err := os.ReadFile(filepath.Join(d, ownerFile))
			if err != nil {
				continue
			}
			f := strings.Fields(string(data))
			if len(f) != 2 {
				continue
			}
			pid, _ := strconv.Atoi(f[0])
			start, _ := strconv.ParseUint(f[1], 10, 64)
			if st, err := readStat(pid); err == nil && st.StartTime == start {
				continue // its owner still runs
			}
			os.RemoveAll(d)
			removed = append(removed, d)
		}
	}
	return removed
}

// stillOurs re-checks, right before a kill, that pid is our child or
// carries our token.
func stillOurs(pid int, token string) (procStat, bool) {
	st, err := readStat(pid)
	if err != nil {
		return st, false
	}
	if st.PPID == os.Getpid() {
		return st, true
	}
	return st, token != "" && hasEnv(pid, tokenEnv+"="+token)
}

// killStrays SIGKILLs, by PID, every process that carries token and every
// child of ours not in exclude, and reaps the ones that are our children.
// Bounded to 40 rounds.
func killStrays(token string, exclude map[int]bool) int {
	killed := 0
	self := os.Getpid()
	for round := 0; round < 40; round++ {
		victims := map[int]bool{}
		if token != "" {
			for _, p := range procsWithEnv(tokenEnv + "=" + token) {
				victims[p] = true
			}
		}
		for p := range childrenOf(self) {
			victims[p] = true
		}
		for p := range exclude {
			delete(victims, p)
		}
		registry.Lock()
		for d := range registry.daemons {
			if d.cmd != nil && d.cmd.Process != nil && !d.exited() {
				delete(victims, d.cmd.Process.Pid) // stopped by its own owner
			}
		}
		for p := range registry.pids {
			delete(victims, p) // waited for by the code that started it
		}
		registry.Unlock()
		if len(victims) == 0 {
			break
		}
		for p := range victims {
			st, ok := stillOurs(p, token)
			if !ok {
				continue
			}
			if st.State != 'Z' {
				if syscall.Kill(p, syscall.SIGKILL) == nil {
					killed++
				}
			}
			if st.PPID == self {
				var ws syscall.WaitStatus
				syscall.Wait4(p, &ws, syscall.WNOHANG, nil)
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return killed
}

// emergencyCleanup kills every live daemon and its descendants by PID and
// removes every temp dir. Used on interrupt and at exit.
func emergencyCleanup() {
	registry.Lock()
	ds := make([]*daemon, 0, len(registry.daemons))
	for d := range registry.daemons {
		ds = append(ds, d)
	}
	pids := make([]int, 0, len(registry.pids))
	for p := range registry.pids {
		pids = append(pids, p)
	}
	registry.Unlock()
	for _, p := range pids {
		if _, ok := stillOurs(p, ""); ok {
			syscall.Kill(p, syscall.SIGKILL)
		}
	}
	for _, d := range ds {
		d.kill()
		killStrays(d.token, nil)
	}
	registry.Lock()
	dirs := make([]string, 0, len(registry.dirs))
	for d := range registry.dirs {
		dirs = append(dirs, d)
	}
	registry.Unlock()
	for _, d := range dirs {
		removeTempDir(d)
	}
}

// raiseNoFile raises the soft RLIMIT_NOFILE to the hard limit (children
// inherit it) and returns the resulting limit.
func raiseNoFile() uint64 {
	var rl syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl) != nil {
		return 1024
	}
	if rl.Cur < rl.Max {
		rl.Cur = rl.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl)
		syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl)
	}
	return rl.Cur
}
