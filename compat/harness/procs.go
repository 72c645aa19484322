package harness

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
	"time"
)

// MarkerVar is the environment variable that tags every daemon the harness
// starts, and so every child of that daemon, with a per-daemon value.
const MarkerVar = "GOSUPERVISORD_HARNESS_MARK"

// procStat returns the state letter, session id and start time (in clock
// ticks after boot) of pid from /proc/<pid>/stat, or ok=false if the
// process is gone.
func procStat(pid int) (state byte, session int, start uint64, ok bool) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0, 0, false
	}
	// comm may hold spaces and parentheses: split after the last ')'.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 || i+2 >= len(data) {
		return 0, 0, 0, false
	}
	f := bytes.Fields(data[i+2:]) // f[0] is field 3 of proc(5)
	if len(f) < 20 {
		return 0, 0, 0, false
	}
	sid, err := strconv.Atoi(string(f[3]))
	if err != nil {
		return 0, 0, 0, false
	}
	start, err = strconv.ParseUint(string(f[19]), 10, 64)
	if err != nil {
		return 0, 0, 0, false
	}
	return f[0][0], sid, start, true
}

// hasMarker reports whether pid's environment holds MarkerVar=marker.
func hasMarker(pid int, marker string) bool {
	env, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/environ")
	if err != nil {
		return false
	}
	want := []byte(MarkerVar + "=" + marker + "\x00")
	return bytes.HasPrefix(env, want) || bytes.Contains(env, append([]byte{0}, want...))
}

// OwnedPIDs lists the live (non-zombie) processes that carry marker in their
// environment or belong to session (when session > 0), except ourselves.
// A session id is a pid: once the session's leader has died, pass it only
// while some process of the session may remain (the kernel does not reuse
// the number until none does); see Daemon.ownSession.
func OwnedPIDs(marker string, session int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	self := os.Getpid()
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		state, sid, _, ok := procStat(pid)
		if !ok || state == 'Z' {
			continue
		}
		if (session > 0 && sid == session) || hasMarker(pid, marker) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// KillOwned sends SIGKILL, by PID, to every process OwnedPIDs finds, in a
// few passes (children may fork while we look). It returns the PIDs it
// signalled. Orphans among them (the children of a killed daemon) are
// left for init to reap.
func KillOwned(marker string, session int) []int {
	var killed []int
	for pass := 0; pass < 5; pass++ {
		pids := OwnedPIDs(marker, session)
		if len(pids) == 0 {
			break
		}
		for _, pid := range pids {
			if syscall.Kill(pid, syscall.SIGKILL) == nil {
				killed = append(killed, pid)
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return killed
}

// alive reports whether pid is a running process (not gone, not a zombie
// waiting to be reaped).
func alive(pid int) bool {
	state, _, _, ok := procStat(pid)
	return ok && state != 'Z'
}
