package supervisor

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPriorityOrder checks that groups start in ascending priority and
// that shutdown stops them group by group in descending priority, waiting
// for each group before the next (reference §5.2).
func TestPriorityOrder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// "slow" (priority 20) takes a while to die; "mid" (10) must not be
	// signalled before it is gone.
	cfg := testConfig(dir,
		program("first", "sleep 100", priority(5), startsecs(0)),
		program("mid", "sleep 100", priority(10), startsecs(0)),
		program("slow", `sh -c 'trap "sleep 0.5; exit 0" TERM; echo ready; while :; do sleep 0.05; done'`, priority(20), startsecs(0)),
	)
	h := startSupervisor(t, cfg)
	for _, n := range []string{"first", "mid", "slow"} {
		h.waitState(n, Running, 5*time.Second)
	}
	h.waitOutput("slow", "ready")
	assert.Equal(t, []string{
		"INFO spawned: 'first' with pid N",
		"INFO spawned: 'mid' with pid N",
		"INFO spawned: 'slow' with pid N",
	}, h.logLines(`spawned:`))

	require.NoError(t, h.s.Shutdown(h.ctx()))
	select {
	case <-h.s.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("no shutdown")
	}
	require.NoError(t, <-h.err)
	assert.Equal(t, []string{
		"INFO waiting for first, mid, slow to die",
		"INFO stopped: slow (exit status 0)",
		"WARN stopped: mid (terminated by SIGTERM)",
		"WARN stopped: first (terminated by SIGTERM)",
	}, h.logLines(`stopped:|waiting for`))
	_, err := os.Stat(cfg.Supervisord.Pidfile)
	assert.True(t, os.IsNotExist(err), "pidfile removed")
}

// TestGroupMembersOrder checks that a [group:x] starts its members in
// programs= order, not by name, and that numprocs-style homogeneous
// groups are addressed as group:process.
func TestGroupMembersOrder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := testConfig(dir,
		hetGroup("g", 999,
			processConfig("zeta", "sleep 100", startsecs(0)),
			processConfig("alpha", "sleep 100", startsecs(0)),
		),
		hetGroup("multi", 999,
			processConfig("multi_00", "sleep 100", startsecs(0)),
			processConfig("multi_01", "sleep 100", startsecs(0)),
		),
	)
	h := startSupervisor(t, cfg)
	h.waitState("g:alpha", Running, 5*time.Second)
	h.waitState("multi:multi_01", Running, 5*time.Second)
	assert.Equal(t, []string{
		"INFO spawned: 'zeta' with pid N",
		"INFO spawned: 'alpha' with pid N",
		"INFO spawned: 'multi_00' with pid N",
		"INFO spawned: 'multi_01' with pid N",
	}, h.logLines(`spawned:`))

	_, err := h.s.ProcessInfo(h.ctx(), "g")
	assert.EqualError(t, err, "BAD_NAME: g")
	_, err = h.s.ProcessInfo(h.ctx(), "g:*")
	assert.EqualError(t, err, "BAD_NAME: g:*")

	all, err := h.s.AllProcessInfo(h.ctx())
	require.NoError(t, err)
	var names []string
	for _, pi := range all {
		names = append(names, pi.Group+":"+pi.Name)
	}
	assert.Equal(t, []string{"g:alpha", "g:zeta", "multi:multi_00", "multi:multi_01"}, names, "lexical order")

	results, group, err := h.s.StopProcess(h.ctx(), "g:*", true)
	require.NoError(t, err)
	assert.True(t, group)
	assert.ElementsMatch(t, []Result{
		{Name: "zeta", Group: "g", Status: faults.Success, Description: "OK"},
		{Name: "alpha", Group: "g", Status: faults.Success, Description: "OK"},
	}, results)
}

// TestStopAsGroup checks that stopasgroup signals the whole process group
// (the grandchild dies) while the default signals only the child, leaving
// the grandchild running as in 4.2.5.
func TestStopAsGroup(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cmd := func(n string) string {
		return "sh -c 'sleep 100 & echo $! > " + filepath.Join(dir, n) + "; wait'"
	}
	cfg := testConfig(dir,
		program("grouped", cmd("gc1.pid"), startsecs(0), func(pc *config.ProcessConfig) { pc.Stopasgroup, pc.Killasgroup = true, true }),
		program("ungrouped", cmd("gc2.pid"), startsecs(0)),
	)
	h := startSupervisor(t, cfg)
	h.waitState("grouped", Running, 5*time.Second)
	h.waitState("ungrouped", Running, 5*time.Second)
	gc := func(n string) int {
		var pid int
		h.eventually(5*time.Second, n, func() bool {
			b, err := os.ReadFile(filepath.Join(dir, n))
			if err != nil {
				return false
			}
			pid, err = strconv.Atoi(strings.TrimSpace(string(b)))
			return err == nil
		})
		h.pids[pid] = true
		return pid
	}
	gc1, gc2 := gc("gc1.pid"), gc("gc2.pid")
	_, _, err := h.s.StopProcess(h.ctx(), "grouped", true)
	require.NoError(t, err)
	_, _, err = h.s.StopProcess(h.ctx(), "ungrouped", true)
	require.NoError(t, err)
	h.eventually(5*time.Second, "grandchild of grouped gone", func() bool { return !alive(gc1) })
	assert.True(t, alive(gc2), "grandchild of ungrouped still running")
}

// alive reports whether pid exists and is not a zombie.
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || !strings.HasPrefix(s[i+1:], " Z")
}
