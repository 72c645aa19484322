package supervisor

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/events"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder collects published events (subscribed on the loop).
type recorder struct {
	h   *harness
	got []string
}

func record(t *testing.T, h *harness) *recorder {
	r := &recorder{h: h}
	require.NoError(t, h.s.call(h.ctx(), func() error {
		h.s.bus.Subscribe(events.Event, func(m events.Message) {
			r.got = append(r.got, m.Type().String()+" "+m.Payload())
		})
		return nil
	}))
	return r
}

func (r *recorder) events() []string {
	var out []string
	_ = r.h.s.call(r.h.ctx(), func() error {
		out = append(out, r.got...)
		return nil
	})
	return out
}

// TestProcessStateEvents checks the PROCESS_STATE events of a start that
// fails, retries and gives up, and of a stop.
func TestProcessStateEvents(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := testConfig(dir,
		program("quick", "sh -c 'exit 1'", startretries(1), noAutostart()),
		program("ok", "sleep 100", startsecs(0), noAutostart()),
	)
	h := startSupervisor(t, cfg)
	r := record(t, h)
	_, _, err := h.s.StartProcess(h.ctx(), "quick", false)
	require.NoError(t, err)
	h.waitState("quick", Fatal, 5*time.Second)
	_, _, err = h.s.StartProcess(h.ctx(), "ok", true)
	require.NoError(t, err)
	pid := h.info("ok").PID
	_, _, err = h.s.StopProcess(h.ctx(), "ok", true)
	require.NoError(t, err)
	p := func(s string) string { return strings.ReplaceAll(s, "PID", itoa(pid)) }
	assert.Equal(t, []string{
		"PROCESS_STATE_STARTING processname:quick groupname:quick from_state:STOPPED tries:0",
		"PROCESS_STATE_BACKOFF processname:quick groupname:quick from_state:STARTING tries:1",
		"PROCESS_STATE_STARTING processname:quick groupname:quick from_state:BACKOFF tries:1",
		"PROCESS_STATE_BACKOFF processname:quick groupname:quick from_state:STARTING tries:2",
		"PROCESS_STATE_FATAL processname:quick groupname:quick from_state:BACKOFF",
		"PROCESS_STATE_STARTING processname:ok groupname:ok from_state:STOPPED tries:0",
		p("PROCESS_STATE_RUNNING processname:ok groupname:ok from_state:STARTING pid:PID"),
		p("PROCESS_STATE_STOPPING processname:ok groupname:ok from_state:RUNNING pid:PID"),
		p("PROCESS_STATE_STOPPED processname:ok groupname:ok from_state:STOPPING pid:PID"),
	}, r.events())

	require.NoError(t, h.s.SendRemoteCommEvent(h.ctx(), "mytype", "mydata"))
	require.NoError(t, h.s.Shutdown(h.ctx()))
	<-h.s.Done()
	tail := r.got[len(r.got)-2:]
	assert.Equal(t, []string{"REMOTE_COMMUNICATION type:mytype\nmydata", "SUPERVISOR_STATE_CHANGE_STOPPING "}, tail)
}

// TestOutputEvents checks PROCESS_LOG and PROCESS_COMMUNICATION events.
func TestOutputEvents(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := testConfig(dir,
		program("talker", `sh -c 'printf "before<!--XSUPERVISOR:BEGIN-->hello comm<!--XSUPERVISOR:END-->after\n"; sleep 0.2'`,
			startsecs(0), noAutostart(), autorestart(config.AutoRestartNever), func(pc *config.ProcessConfig) {
				pc.StdoutEventsEnabled = true
				pc.StdoutCaptureMaxbytes = 1024
			}),
	)
	h := startSupervisor(t, cfg)
	r := record(t, h)
	_, _, err := h.s.StartProcess(h.ctx(), "talker", true)
	require.NoError(t, err)
	pid := itoa(h.info("talker").PID)
	h.eventually(5*time.Second, "comm event", func() bool {
		for _, e := range r.events() {
			if strings.HasPrefix(e, "PROCESS_COMMUNICATION_STDOUT") {
				return true
			}
		}
		return false
	})
	// "after\n" is shorter than a token: held back until end of file.
	h.waitState("talker", Exited, 5*time.Second)
	b, _ := os.ReadFile(filepath.Join(h.info("talker").StdoutLogfile))
	assert.Equal(t, "beforeafter\n", string(b))
	var out []string
	for _, e := range r.events() {
		if !strings.HasPrefix(e, "PROCESS_STATE") {
			out = append(out, e)
		}
	}
	assert.Contains(t, out, "PROCESS_COMMUNICATION_STDOUT processname:talker groupname:talker pid:"+pid+"\nhello comm")
	var logged string
	for _, e := range out {
		if rest, ok := strings.CutPrefix(e, "PROCESS_LOG_STDOUT processname:talker groupname:talker pid:"+pid+" channel:stdout\n"); ok {
			logged += rest
		}
	}
	// As in 4.2.5, captured text is also "logged" (to the capture buffer)
	// and so also emitted as PROCESS_LOG.
	assert.Equal(t, "beforehello commafter\n", logged)
}

// TestChildEnvironment checks the environment of 4.2.5's children.
func TestChildEnvironment(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := testConfig(dir,
		hetGroup("grp", 999, processConfig("envdump", "sh -c 'env; umask; exec sleep 100'", startsecs(0), func(pc *config.ProcessConfig) {
			pc.Environment = config.Env{{Key: "FOO", Value: "bar"}, {Key: "SUPERVISOR_PROCESS_NAME", Value: "overridden"}}
			u := 0o027
			pc.Umask = &u
		})),
	)
	// "other" is spawned first: its pipes and log files are open when
	// "fds" is spawned.
	cfg.Groups = append([]*config.GroupConfig{program("other", "sleep 100", startsecs(0))}, cfg.Groups...)
	cfg.Groups = append(cfg.Groups, program("fds", "sh -c 'ls /proc/self/fd; exec sleep 100'", startsecs(0)))
	h := startSupervisor(t, cfg)
	h.waitState("other", Running, 5*time.Second)
	h.waitState("fds", Running, 5*time.Second)
	h.waitOutput("fds", "2\n")
	fds, err := os.ReadFile(h.info("fds").StdoutLogfile)
	require.NoError(t, err)
	// 0-2 and the descriptor ls reads the directory with: no log file,
	// no pipe of another process, nothing of the daemon's.
	assert.Equal(t, "0\n1\n2\n3\n", string(fds))
	h.waitState("grp:envdump", Running, 5*time.Second)
	h.waitOutput("grp:envdump", "0027")
	b, err := os.ReadFile(h.info("grp:envdump").StdoutLogfile)
	require.NoError(t, err)
	env := string(b)
	assert.Contains(t, env, "\nSUPERVISOR_ENABLED=1\n")
	assert.Contains(t, env, "\nSUPERVISOR_SERVER_URL=unix://"+dir+"/supervisor.sock\n")
	assert.Contains(t, env, "\nSUPERVISOR_PROCESS_NAME=overridden\n")
	assert.Contains(t, env, "\nSUPERVISOR_GROUP_NAME=grp\n")
	assert.Contains(t, env, "\nFOO=bar\n")
	assert.Contains(t, env, "\nPATH="+os.Getenv("PATH")+"\n")
	assert.NotContains(t, env, "GOSUPERVISORD_SPAWN_SHIM")
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestTicks checks TICK_5 events while subscribed, and none otherwise.
func TestTicks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := startSupervisor(t, testConfig(dir))
	got := make(chan events.Message, 16)
	var id int
	require.NoError(t, h.s.call(h.ctx(), func() error {
		id = h.s.subscribe(events.Tick, func(m events.Message) { got <- m })
		return nil
	}))
	select {
	case m := <-got:
		assert.Equal(t, events.Tick5, m.Type())
		when := m.(events.TickMessage).When
		assert.Zero(t, when%5)
		assert.InDelta(t, time.Now().Unix(), when, 2)
	case <-time.After(7 * time.Second):
		t.Fatal("no TICK_5")
	}
	require.NoError(t, h.s.call(h.ctx(), func() error {
		h.s.unsubscribe(id)
		assert.Nil(t, h.s.ticks.timer, "no timer without subscribers")
		return nil
	}))
}

// TestShutdownGivesUpBackoff checks that shutdown moves a BACKOFF process
// to FATAL without the "gave up" line (4.2.5's stop_all), while an RPC
// stop moves it to STOPPED.
func TestShutdownGivesUpBackoff(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := startSupervisor(t, testConfig(dir,
		program("retrying", "no-such-command-xyz", startretries(100)),
		program("stopped", "no-such-command-xyz", startretries(100))))
	h.waitState("retrying", Backoff, 5*time.Second)
	h.waitState("stopped", Backoff, 5*time.Second)
	r := record(t, h)
	_, _, err := h.s.StopProcess(h.ctx(), "stopped", true)
	require.NoError(t, err)
	require.NoError(t, h.s.Shutdown(h.ctx()))
	<-h.s.Done()
	var states []string
	for _, e := range r.got {
		if strings.HasPrefix(e, "PROCESS_STATE") {
			states = append(states, e)
		}
	}
	assert.Equal(t, []string{
		"PROCESS_STATE_STOPPED processname:stopped groupname:stopped from_state:BACKOFF pid:0",
		"PROCESS_STATE_FATAL processname:retrying groupname:retrying from_state:BACKOFF",
	}, states)
	assert.Empty(t, h.logLines(`gave up`))
}
