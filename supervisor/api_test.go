package supervisor

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func faultOf(t *testing.T, err error) *Fault {
	t.Helper()
	f, ok := err.(*Fault)
	require.Truef(t, ok, "want a *Fault, got %T %v", err, err)
	return f
}

// TestStartProcessSemantics covers startProcess's check order and its
// wait outcomes (reference §2.6, §2.9).
func TestStartProcessSemantics(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "noexec.sh"), []byte("#!/bin/sh\n"), 0o644))
	cfg := testConfig(dir,
		program("sleeper", "sleep 100", startsecs(0), noAutostart()),
		program("quick", "sh -c 'exit 0'", startsecs(1), startretries(0), noAutostart()),
		program("missing", "/nonexistent/prog", noAutostart()),
		program("noexec", filepath.Join(dir, "noexec.sh"), noAutostart()),
		program("isdir", dir, noAutostart()),
		program("unparsable", "sleep 'unterminated", noAutostart()),
		program("stubborn", `sh -c 'trap "" TERM; echo ready; exec sleep 100'`, startsecs(0), stopwaitsecs(2), noAutostart()),
		program("slowstart", "sleep 100", startsecs(1), noAutostart()),
	)
	h := startSupervisor(t, cfg)
	ctx := h.ctx()

	_, _, err := h.s.StartProcess(ctx, "nosuch", true)
	assert.EqualError(t, err, "BAD_NAME: nosuch")
	_, _, err = h.s.StartProcess(ctx, "nosuch:*", true)
	assert.EqualError(t, err, "BAD_NAME: nosuch:*")
	_, _, err = h.s.StartProcess(ctx, "missing", true)
	assert.Equal(t, &Fault{Code: faults.NoFile, Detail: "can't find command '/nonexistent/prog'", HasDetail: true}, faultOf(t, err))
	_, _, err = h.s.StartProcess(ctx, "noexec", true)
	assert.EqualError(t, err, "NOT_EXECUTABLE: command at '"+dir+"/noexec.sh' is not executable")
	_, _, err = h.s.StartProcess(ctx, "isdir", true)
	assert.EqualError(t, err, "NOT_EXECUTABLE: command at '"+dir+"' is a directory")
	_, _, err = h.s.StartProcess(ctx, "unparsable", true)
	assert.EqualError(t, err, "NOT_EXECUTABLE: can't parse command \"sleep 'unterminated\": No closing quotation")

	// startsecs=0: RUNNING at once.
	res, group, err := h.s.StartProcess(ctx, "sleeper", true)
	require.NoError(t, err)
	assert.False(t, group)
	assert.Nil(t, res)
	assert.Equal(t, Running, h.info("sleeper").State)
	_, _, err = h.s.StartProcess(ctx, "sleeper", true)
	assert.EqualError(t, err, "ALREADY_STARTED: sleeper")

	// startsecs=1: the answer comes once RUNNING, after more than 1 s.
	t0 := time.Now()
	_, _, err = h.s.StartProcess(ctx, "slowstart", true)
	require.NoError(t, err)
	assert.Greater(t, time.Since(t0), time.Second)
	assert.Equal(t, Running, h.info("slowstart").State)

	// Exits within startsecs: SPAWN_ERROR after the first failure.
	_, _, err = h.s.StartProcess(ctx, "quick", true)
	assert.EqualError(t, err, "SPAWN_ERROR: quick")

	// Without wait: true at once.
	_, _, err = h.s.StopProcess(ctx, "sleeper", true)
	require.NoError(t, err)
	_, _, err = h.s.StartProcess(ctx, "sleeper", false)
	require.NoError(t, err)
	assert.Equal(t, Running, h.info("sleeper").State)

	// The STOPPING quirk: start spawns nothing, logs "already running"
	// and answers ABNORMAL_TERMINATION with wait.
	_, _, err = h.s.StartProcess(ctx, "stubborn", true)
	require.NoError(t, err)
	h.waitOutput("stubborn", "ready")
	_, _, err = h.s.StopProcess(ctx, "stubborn", false)
	require.NoError(t, err)
	assert.Equal(t, Stopping, h.info("stubborn").State)
	_, _, err = h.s.StopProcess(ctx, "stubborn", false)
	assert.EqualError(t, err, "NOT_RUNNING: stubborn")
	_, _, err = h.s.StartProcess(ctx, "stubborn", true)
	assert.EqualError(t, err, "ABNORMAL_TERMINATION: stubborn")
	_, _, err = h.s.StartProcess(ctx, "stubborn", false)
	assert.NoError(t, err)
	assert.Equal(t, []string{"WARN process 'stubborn' already running", "WARN process 'stubborn' already running"},
		h.logLines(`already running`))
	h.waitState("stubborn", Stopped, 5*time.Second)

	_, _, err = h.s.StopProcess(ctx, "quick", true)
	assert.EqualError(t, err, "NOT_RUNNING: quick")
}

// TestGroupCalls covers the group and "all" calls: predicates, per-process
// faults in the results, and 'g:*' delegation.
func TestGroupCalls(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := testConfig(dir,
		hetGroup("grp", 999,
			processConfig("g1", "sleep 100", startsecs(0), noAutostart()),
			processConfig("g2", "sh -c 'exit 3'", startsecs(1), startretries(0), noAutostart()),
		),
		program("solo", "sleep 100", startsecs(0), noAutostart()),
	)
	h := startSupervisor(t, cfg)
	ctx := h.ctx()

	_, err := h.s.StartProcessGroup(ctx, "nosuch", true)
	assert.EqualError(t, err, "BAD_NAME: nosuch")
	res, err := h.s.StartProcessGroup(ctx, "grp", true)
	require.NoError(t, err)
	assert.Equal(t, []Result{
		{Name: "g1", Group: "grp", Status: faults.Success, Description: "OK"},
		{Name: "g2", Group: "grp", Status: faults.SpawnError, Description: "SPAWN_ERROR: grp:g2"},
	}, res)
	h.waitState("grp:g2", Fatal, 5*time.Second)

	// Running processes get no entry.
	res, err = h.s.StartAllProcesses(ctx, true)
	require.NoError(t, err)
	assert.Equal(t, []Result{{Name: "solo", Group: "solo", Status: faults.Success, Description: "OK"}},
		withoutName(res, "g2"))

	res, err = h.s.SignalProcessGroup(ctx, "grp", "BOGUS")
	require.NoError(t, err)
	assert.Equal(t, []Result{{Name: "g1", Group: "grp", Status: faults.BadSignal, Description: "BAD_SIGNAL: BOGUS"}}, res)
	_, _, err = h.s.SignalProcess(ctx, "solo", "BOGUS")
	assert.EqualError(t, err, "BAD_SIGNAL: BOGUS")
	_, _, err = h.s.SignalProcess(ctx, "nosuch", "HUP")
	assert.EqualError(t, err, "BAD_NAME: nosuch")
	_, _, err = h.s.SignalProcess(ctx, "grp:g2", "HUP")
	assert.EqualError(t, err, "NOT_RUNNING: grp:g2")
	res, group, err := h.s.SignalProcess(ctx, "grp:*", "CONT")
	require.NoError(t, err)
	assert.True(t, group)
	assert.Equal(t, []Result{{Name: "g1", Group: "grp", Status: faults.Success, Description: "OK"}}, res)

	res, err = h.s.StopAllProcesses(ctx, true)
	require.NoError(t, err)
	assert.ElementsMatch(t, []Result{
		{Name: "g1", Group: "grp", Status: faults.Success, Description: "OK"},
		{Name: "solo", Group: "solo", Status: faults.Success, Description: "OK"},
	}, res)
	res, err = h.s.StopAllProcesses(ctx, true)
	require.NoError(t, err)
	assert.Equal(t, []Result{}, res, "nothing running: an empty array")
}

func withoutName(rs []Result, name string) []Result {
	var out []Result
	for _, r := range rs {
		if r.Name != name {
			out = append(out, r)
		}
	}
	return out
}

// TestStdinAndLogs covers sendProcessStdin and clearProcessLogs.
func TestStdinAndLogs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "cat.log")
	cfg := testConfig(dir,
		program("cat", "cat", startsecs(0), func(pc *config.ProcessConfig) {
			pc.StdoutLogfile = config.LogFile{Kind: config.LogPath, Path: out}
		}),
		program("closed", "sh -c 'exec 0<&-; echo ready; exec sleep 100'", startsecs(0)),
	)
	h := startSupervisor(t, cfg)
	ctx := h.ctx()
	h.waitState("cat", Running, 5*time.Second)
	require.NoError(t, h.s.SendProcessStdin(ctx, "cat", []byte("hello\n")))
	big := strings.Repeat("x", 300<<10) + "\n" // more than a pipe holds
	require.NoError(t, h.s.SendProcessStdin(ctx, "cat", []byte(big)))
	h.eventually(5*time.Second, "cat output", func() bool {
		b, _ := os.ReadFile(out)
		return string(b) == "hello\n"+big
	})
	require.NoError(t, h.s.ClearProcessLogs(ctx, "cat"))
	require.NoError(t, h.s.SendProcessStdin(ctx, "cat", []byte("after\n")))
	h.eventually(5*time.Second, "cat output after clear", func() bool {
		b, _ := os.ReadFile(out)
		return string(b) == "after\n"
	})
	assert.EqualError(t, h.s.ClearProcessLogs(ctx, "cat:*"), "BAD_NAME: cat:*")
	assert.EqualError(t, h.s.SendProcessStdin(ctx, "nosuch", []byte("x")), "BAD_NAME: nosuch")

	h.waitState("closed", Running, 5*time.Second)
	h.waitOutput("closed", "ready")
	assert.EqualError(t, h.s.SendProcessStdin(ctx, "closed", []byte("x")), "NO_FILE: closed")

	_, _, err := h.s.StopProcess(ctx, "cat", true)
	require.NoError(t, err)
	assert.EqualError(t, h.s.SendProcessStdin(ctx, "cat", []byte("x")), "NOT_RUNNING: cat")
	assert.NoError(t, h.s.ClearProcessLogs(ctx, "cat"), "a stopped process: no-op")
}

// TestShutdownGating checks SHUTDOWN_STATE while supervisord stops.
func TestShutdownGating(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := testConfig(dir, program("stubborn", `sh -c 'trap "" TERM; echo ready; exec sleep 100'`, startsecs(0), stopwaitsecs(1)))
	h := startSupervisor(t, cfg)
	ctx := h.ctx()
	h.waitState("stubborn", Running, 5*time.Second)
	h.waitOutput("stubborn", "ready")
	st, err := h.s.State(ctx)
	require.NoError(t, err)
	assert.Equal(t, StateRunning, st)
	require.NoError(t, h.s.Shutdown(ctx))
	_, err = h.s.State(ctx)
	assert.EqualError(t, err, "SHUTDOWN_STATE")
	assert.EqualError(t, h.s.Shutdown(ctx), "SHUTDOWN_STATE")
	_, err = h.s.ProcessInfo(ctx, "stubborn")
	assert.EqualError(t, err, "SHUTDOWN_STATE")
	_, err = h.s.SignalProcessGroup(ctx, "nosuch", "HUP")
	assert.EqualError(t, err, "SHUTDOWN_STATE")
	assert.NoError(t, h.s.SendRemoteCommEvent(ctx, "t", "d"))
	path, err := h.s.LookupLogfile(ctx, "stubborn", "stdout")
	assert.NoError(t, err)
	assert.NotEmpty(t, path)
	select {
	case <-h.s.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("no shutdown")
	}
	assert.Equal(t, []string{
		"INFO waiting for stubborn to die",
		"WARN killing 'stubborn' (N) with SIGKILL",
		"WARN stopped: stubborn (terminated by SIGKILL)",
	}, h.logLines(`stopped:|killing|waiting for`))
	_, err = h.s.State(context.Background())
	assert.ErrorIs(t, err, ErrNotServing)
}

// TestGroupAddRemove covers addProcessGroup, removeProcessGroup and
// reloadConfig's diff.
func TestGroupAddRemove(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := testConfig(dir, program("a", "sleep 100", startsecs(0)), program("b", "sleep 100", startsecs(0)))
	next := testConfig(dir,
		program("a", "sleep 100", startsecs(0)),
		program("b", "sleep 200", startsecs(0)),
		program("c", "sleep 100", startsecs(0)),
	)
	h := startSupervisor(t, cfg)
	ctx := h.ctx()
	h.s.opts.Load = func() (*config.Config, error) { return next, nil }
	h.waitState("a", Running, 5*time.Second)

	assert.EqualError(t, h.s.RemoveProcessGroup(ctx, "a"), "STILL_RUNNING: a")
	assert.EqualError(t, h.s.RemoveProcessGroup(ctx, "nosuch"), "BAD_NAME: nosuch")
	assert.EqualError(t, h.s.AddProcessGroup(ctx, "a"), "ALREADY_ADDED: a")
	assert.EqualError(t, h.s.AddProcessGroup(ctx, "c"), "BAD_NAME: c")

	infos, err := h.s.AllConfigInfo(ctx)
	require.NoError(t, err)
	require.Len(t, infos, 2)
	assert.True(t, strings.HasPrefix(filepath.Base(infos[0].StdoutLogfile), "a-stdout---supervisor-"))

	added, changed, removed, err := h.s.ReloadConfig(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"c"}, added)
	assert.Equal(t, []string{"b"}, changed)
	assert.Equal(t, []string{}, removed)

	infos, err = h.s.AllConfigInfo(ctx)
	require.NoError(t, err)
	require.Len(t, infos, 3)
	assert.Equal(t, "c", infos[2].Name)
	assert.False(t, infos[2].InUse)
	assert.Equal(t, "auto", infos[2].StdoutLogfile)
	assert.True(t, infos[0].InUse)
	assert.Equal(t, "auto", infos[0].StdoutLogfile, "a freshly read AUTO log is 'auto' until added again")

	require.NoError(t, h.s.AddProcessGroup(ctx, "c"))
	h.waitState("c", Running, 5*time.Second)

	_, _, err = h.s.StopProcess(ctx, "b", true)
	require.NoError(t, err)
	require.NoError(t, h.s.RemoveProcessGroup(ctx, "b"))
	_, err = h.s.ProcessInfo(ctx, "b")
	assert.EqualError(t, err, "BAD_NAME: b")
	require.NoError(t, h.s.AddProcessGroup(ctx, "b"))
	pi := h.waitState("b", Running, 5*time.Second)
	_ = pi

	h.s.opts.Load = func() (*config.Config, error) { return nil, errString("bad line") }
	_, _, _, err = h.s.ReloadConfig(ctx)
	assert.EqualError(t, err, "CANT_REREAD: bad line")
}

type errString string

func (e errString) Error() string { return string(e) }

// TestKillErrorGoesUnknown checks that an unexpected kill error (not
// ESRCH) puts the process in UNKNOWN with a CRIT line, as 4.2.5 does.
func TestKillErrorGoesUnknown(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := startSupervisor(t, testConfig(dir, program("p", "sleep 100", startsecs(0))))
	h.waitState("p", Running, 5*time.Second)
	var msg string
	require.NoError(t, h.s.call(h.ctx(), func() error {
		msg = h.s.groupByNam["p"].byName["p"].kill(999) // EINVAL
		return nil
	}))
	assert.Contains(t, msg, "unknown problem killing p (")
	pi := h.info("p")
	assert.Equal(t, Unknown, pi.State)
	_, _, err := h.s.StartProcess(h.ctx(), "p", true)
	assert.EqualError(t, err, "FAILED: p is in an unknown process state")
	assert.Len(t, h.logLines(`^CRIT unknown problem killing p`), 1)
	require.NoError(t, syscall.Kill(pi.PID, syscall.SIGKILL))
}

// TestWatchStates checks that state changes wake a watcher.
func TestWatchStates(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := startSupervisor(t, testConfig(dir, program("p", "sleep 100", startsecs(0), noAutostart())))
	ch, cancel := h.s.WatchStates()
	defer cancel()
	select {
	case <-ch:
		t.Fatal("woken without a change")
	default:
	}
	_, _, err := h.s.StartProcess(h.ctx(), "p", true)
	require.NoError(t, err)
	select {
	case <-ch:
	case <-time.After(5 * time.Second):
		t.Fatal("not woken by a state change")
	}
}
