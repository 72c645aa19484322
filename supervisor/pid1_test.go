package supervisor

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPID1ReapsOrphans runs supervisord as PID 1 of a new PID namespace
// (unshare --fork --pid --mount-proc) with a program that keeps orphaning
// grandchildren. Every orphan must be reaped (logged as 4.2.5's "reaped
// unknown pid N (exit status 0)", no zombie left) while the exit statuses
// of supervised processes still reach them.
func TestPID1ReapsOrphans(t *testing.T) {
	t.Parallel()
	if os.Getuid() != 0 {
		t.Skip("needs root for unshare --pid")
	}
	unshare, err := lookPath("unshare")
	require.NoError(t, err, "unshare(1) is needed for this test")
	dir := t.TempDir()
	conf := writeConf(t, dir, "nodaemon=true", `
[program:orphaner]
command=sh -c 'for i in 1 2 3 4 5; do (sleep 0.2 &); done; exec sleep 100'
startsecs=0

[program:exiter]
command=sh -c 'sleep 0.5; exit 3'
startsecs=0
autorestart=false
`)
	d := startDaemon(t, dir, conf, unshare, "--fork", "--pid", "--mount-proc")

	waitLogIn(t, dir, `exited: exiter \(exit status 3; not expected\)`, 10*time.Second)
	re := regexp.MustCompile(`(?m)^INFO reaped unknown pid (\d+) \(exit status 0\)$`)
	waitFor(t, 10*time.Second, "five orphans reaped", func() bool {
		return len(re.FindAllString(readLog(dir), -1)) == 5
	})
	log := readLog(dir)
	assert.Contains(t, log, "INFO spawned: 'orphaner' with pid ")
	assert.NotContains(t, log, "exited: orphaner")

	// The namespace's init is unshare's child; nothing under it may be a
	// zombie.
	initPID := childOf(t, d.pid)
	for _, pid := range descendants(initPID) {
		st := procStat(pid)
		if st != nil {
			assert.NotEqual(t, "Z", st[0], "pid %d is a zombie", pid)
		}
	}

	require.NoError(t, syscall.Kill(initPID, syscall.SIGTERM))
	e := d.waitExit(t, 10*time.Second)
	assert.Equal(t, 0, e.Status.ExitStatus())
	assert.Contains(t, readLog(dir), "WARN stopped: orphaner (terminated by SIGTERM)\n")
}

// childOf returns the only child of pid.
func childOf(t *testing.T, pid int) int {
	t.Helper()
	var kids []int
	waitFor(t, 5*time.Second, "child of "+strconv.Itoa(pid), func() bool {
		kids = children(pid)
		return len(kids) == 1
	})
	return kids[0]
}

// children lists pid's children from /proc/PID/task/*/children.
func children(pid int) []int {
	var out []int
	tasks, _ := filepath.Glob("/proc/" + strconv.Itoa(pid) + "/task/*/children")
	for _, f := range tasks {
		b, _ := os.ReadFile(f)
		for _, w := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(w); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// descendants lists every process below pid.
func descendants(pid int) []int {
	var out []int
	for _, c := range children(pid) {
		out = append(out, c)
		out = append(out, descendants(c)...)
	}
	return out
}
