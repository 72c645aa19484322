package supervisor

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/events"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// listenerScript is the scriptable test listener (testdata/events).
var listenerScript, _ = filepath.Abs("../testdata/events/listener.py")

// received is one event as the test listener recorded it.
type received struct {
	Header  string `json:"header"`
	Payload string `json:"payload"`
}

// pool returns an [eventlistener:name] group of numprocs listeners
// running listener.py with actions, recording to dir/name_N.jsonl.
func pool(dir, name string, numprocs int, events []string, bufferSize int, actions string, opts ...programOption) *config.GroupConfig {
	g := &config.GroupConfig{Name: name, Priority: -1, Kind: config.KindEventListenerPool,
		BufferSize: bufferSize, Events: events, ResultHandler: config.DefaultResultHandler}
	for i := range numprocs {
		pname := name
		if numprocs > 1 {
			pname = fmt.Sprintf("%s_%d", name, i)
		}
		cmd := fmt.Sprintf("python3 -u %s %s %s", listenerScript, filepath.Join(dir, pname+".jsonl"), actions)
		pc := processConfig(pname, cmd, append([]programOption{startsecs(0)}, opts...)...)
		pc.Section = "eventlistener:" + name
		g.Processes = append(g.Processes, pc)
	}
	return g
}

// receivedBy returns what listener process pname recorded so far.
func receivedBy(t *testing.T, dir, pname string) []received {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, pname+".jsonl"))
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, err)
	defer f.Close()
	var out []received
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var r received
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r))
		out = append(out, r)
	}
	return out
}

// waitReceived waits until listener pname has recorded n events.
func (h *harness) waitReceived(pname string, n int) []received {
	h.t.Helper()
	var got []received
	h.eventually(10*time.Second, fmt.Sprintf("%s to receive %d events", pname, n), func() bool {
		got = receivedBy(h.t.(*testing.T), h.dir, pname)
		return len(got) >= n
	})
	return got
}

// sendComm publishes REMOTE_COMMUNICATION events.
func (h *harness) sendComm(datas ...string) {
	h.t.Helper()
	for _, d := range datas {
		require.NoError(h.t, h.s.SendRemoteCommEvent(h.ctx(), "t", d))
	}
}

// publishComm publishes REMOTE_COMMUNICATION events in one turn of the
// loop: all are buffered before the pools dispatch.
func (h *harness) publishComm(datas ...string) {
	h.t.Helper()
	require.NoError(h.t, h.s.call(h.ctx(), func() error {
		for _, d := range datas {
			h.s.publishRemoteComm("t", d)
		}
		return nil
	}))
}

// waitReady waits until every member of pool name is RUNNING and READY.
func (h *harness) waitReady(name string) {
	h.t.Helper()
	h.eventually(10*time.Second, name+" members ready", func() bool {
		ready := true
		_ = h.s.call(h.ctx(), func() error {
			g := h.s.groupByNam[name]
			for _, p := range g.processes {
				ready = ready && g.pool.ready(p)
			}
			return nil
		})
		return ready
	})
}

// buffered returns how many events pool name holds.
func (h *harness) buffered(name string) int {
	n := -1
	_ = h.s.call(h.ctx(), func() error {
		n = len(h.s.groupByNam[name].pool.buffer)
		return nil
	})
	return n
}

func debugLog(cfg *config.Config) *config.Config {
	cfg.Supervisord.Loglevel = config.LevelDebug
	return cfg
}

// TestListenerEnvelope checks the envelope byte for byte: header fields in
// 4.2.5's order, serials from 0, len in characters, UTF-8 payload.
func TestListenerEnvelope(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := testConfig(dir, pool(dir, "lst", 1, []string{"REMOTE_COMMUNICATION"}, 10, "ok"))
	cfg.Supervisord.Identifier = "myid"
	h := startSupervisor(t, cfg)
	h.waitState("lst", Running, 5*time.Second)
	h.sendComm("plain", "dätä €\nline two", "")
	got := h.waitReceived("lst", 3)
	assert.Equal(t, []received{
		{"ver:3.0 server:myid serial:0 pool:lst poolserial:0 eventname:REMOTE_COMMUNICATION len:12", "type:t\nplain"},
		{"ver:3.0 server:myid serial:1 pool:lst poolserial:1 eventname:REMOTE_COMMUNICATION len:22", "type:t\ndätä €\nline two"},
		{"ver:3.0 server:myid serial:2 pool:lst poolserial:2 eventname:REMOTE_COMMUNICATION len:7", "type:t\n"},
	}, got)
	// What the listener says is protocol, and still goes to its stdout log.
	h.eventually(5*time.Second, "the protocol in the stdout log", func() bool {
		b, _ := os.ReadFile(h.info("lst").StdoutLogfile)
		return string(b) == "READY\nRESULT 2\nOKREADY\nRESULT 2\nOKREADY\nRESULT 2\nOKREADY\n"
	})
}

// TestListenerRejectAndUnknown: a FAIL result re-queues the event (same
// serials), garbage makes the listener UNKNOWN for good, with 4.2.5's log
// lines; its pending event goes back to the buffer.
func TestListenerRejectAndUnknown(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := startSupervisor(t, debugLog(testConfig(dir, pool(dir, "lst", 1, []string{"REMOTE_COMMUNICATION"}, 10, "fail,ok,garbage"))))
	h.waitReady("lst")
	h.publishComm("one", "two")
	got := h.waitReceived("lst", 3)
	headers := []string{got[0].Header, got[1].Header, got[2].Header}
	assert.Equal(t, []string{
		"ver:3.0 server:supervisor serial:0 pool:lst poolserial:0 eventname:REMOTE_COMMUNICATION len:10",
		"ver:3.0 server:supervisor serial:0 pool:lst poolserial:0 eventname:REMOTE_COMMUNICATION len:10",
		"ver:3.0 server:supervisor serial:1 pool:lst poolserial:1 eventname:REMOTE_COMMUNICATION len:10",
	}, headers)
	h.waitLog(`has entered the UNKNOWN state`, 5*time.Second)
	h.sendComm("three")
	assert.Equal(t, 2, h.buffered("lst"), "an UNKNOWN listener gets nothing")
	log := h.mainLog()
	want := []string{
		"DEBG lst: ACKNOWLEDGED -> READY",
		"DEBG event 0 sent to listener lst",
		"DEBG rebuffering event 1 for pool lst (buf size=0, max=10)",
		"WARN lst: event was rejected",
		"DEBG lst: BUSY -> ACKNOWLEDGED",
		"DEBG rebuffering event 0 for pool lst (buf size=1, max=10)",
		"DEBG lst: ACKNOWLEDGED -> READY",
		"DEBG event 0 sent to listener lst",
		"DEBG rebuffering event 1 for pool lst (buf size=0, max=10)",
		"DEBG lst: event was processed",
		"DEBG lst: BUSY -> ACKNOWLEDGED",
		"DEBG lst: ACKNOWLEDGED -> READY",
		"DEBG event 1 sent to listener lst",
		"WARN lst: bad result line: 'this is not a result'",
		"DEBG lst: BUSY -> UNKNOWN",
		"WARN lst: has entered the UNKNOWN state and will no longer receive events, this usually indicates the process violated the eventlistener protocol",
		"DEBG rebuffering event 1 for pool lst (buf size=0, max=10)",
	}
	assert.Equal(t, want, grepLines(log, `^(DEBG|WARN) (lst:|event \d|rebuffering)`)[:len(want)])
	assert.Contains(t, log, "DEBG 'lst' stdout output:\nb'RESULT 4\\nFAIL")
	// UNKNOWN is for good, but the process keeps running.
	assert.Equal(t, Running, h.info("lst").State)
	assert.Len(t, receivedBy(t, dir, "lst"), 3)
}

// TestListenerBufferOverflow: with no listener ready, the oldest events
// are dropped with 4.2.5's ERRO line.
func TestListenerBufferOverflow(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := startSupervisor(t, testConfig(dir, pool(dir, "lst", 1, []string{"REMOTE_COMMUNICATION"}, 2, "hang")))
	h.waitState("lst", Running, 5*time.Second)
	h.sendComm("busy") // serial 0 keeps the only listener BUSY
	h.waitReceived("lst", 1)
	h.sendComm("a", "b", "c", "d")
	assert.Equal(t, []string{
		"ERRO pool lst event buffer overflowed, discarding event 1",
		"ERRO pool lst event buffer overflowed, discarding event 2",
	}, h.logLines(`overflowed`))
}

// TestListenerPoolNumprocs: events go to the first ready member in pool
// order; with that one busy the next member gets the next event; each
// event is delivered once.
func TestListenerPoolNumprocs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := startSupervisor(t, testConfig(dir, pool(dir, "pl", 2, []string{"REMOTE_COMMUNICATION"}, 10, "hang")))
	h.waitReady("pl")
	h.sendComm("first")
	assert.Equal(t, "type:t\nfirst", h.waitReceived("pl_0", 1)[0].Payload)
	h.sendComm("second")
	assert.Equal(t, "type:t\nsecond", h.waitReceived("pl_1", 1)[0].Payload)
	h.sendComm("third") // both hang: buffered
	assert.Equal(t, 1, h.buffered("pl"))
	assert.Len(t, receivedBy(t, dir, "pl_0"), 1)
	assert.Len(t, receivedBy(t, dir, "pl_1"), 1)
}

// TestListenerDiesWhileBusy: the event being processed is re-queued and
// delivered, with the same serials, to the listener once it is back.
func TestListenerDiesWhileBusy(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := startSupervisor(t, testConfig(dir, pool(dir, "lst", 1, []string{"REMOTE_COMMUNICATION"}, 10, "die,ok",
		autorestart(config.AutoRestartAlways))))
	h.waitState("lst", Running, 5*time.Second)
	h.sendComm("x")
	got := h.waitReceived("lst", 2) // the restarted listener starts over with "die"...
	assert.Equal(t, got[0], got[1])
	assert.Equal(t, "ver:3.0 server:supervisor serial:0 pool:lst poolserial:0 eventname:REMOTE_COMMUNICATION len:8", got[0].Header)
}

// TestListenerStuckDoesNotBlock: a listener that never reads its stdin
// gets an envelope far larger than a pipe holds; the loop, the API and the
// other pools go on.
func TestListenerStuckDoesNotBlock(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := startSupervisor(t, testConfig(dir,
		pool(dir, "stuck", 1, []string{"REMOTE_COMMUNICATION"}, 10, "noread"),
		pool(dir, "fine", 1, []string{"REMOTE_COMMUNICATION"}, 100, "ok"),
	))
	h.waitState("stuck", Running, 5*time.Second)
	h.waitState("fine", Running, 5*time.Second)
	big := strings.Repeat("x", 1<<20)
	start := time.Now()
	h.sendComm(big, big, "small")
	got := h.waitReceived("fine", 3)
	assert.Equal(t, "type:t\nsmall", got[2].Payload)
	assert.Less(t, time.Since(start), 10*time.Second)
	_, err := h.s.AllProcessInfo(h.ctx())
	require.NoError(t, err)
	// Stopping the stuck listener (its stdin still full) works too.
	_, _, err = h.s.StopProcess(h.ctx(), "stuck", true)
	require.NoError(t, err)
}

// TestListenerEventsFilter: a pool gets only the types it subscribed to
// (parents included); subscribed to a type and its parent it gets the
// event twice with the same serials, as 4.2.5 does.
func TestListenerEventsFilter(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := startSupervisor(t, testConfig(dir,
		pool(dir, "grp", 1, []string{"PROCESS_GROUP", "PROCESS_GROUP_ADDED"}, 50, "ok"),
		program("late", "sleep 100", noAutostart()),
	))
	got := h.waitReceived("grp", 4)
	var names []string
	for _, r := range got {
		names = append(names, regexp.MustCompile(`serial:\d+ pool:grp poolserial:\d+ eventname:\S+`).FindString(r.Header)+" "+r.Payload)
	}
	assert.Equal(t, []string{
		"serial:0 pool:grp poolserial:0 eventname:PROCESS_GROUP_ADDED groupname:grp\n",
		"serial:0 pool:grp poolserial:0 eventname:PROCESS_GROUP_ADDED groupname:grp\n",
		"serial:1 pool:grp poolserial:1 eventname:PROCESS_GROUP_ADDED groupname:late\n",
		"serial:1 pool:grp poolserial:1 eventname:PROCESS_GROUP_ADDED groupname:late\n",
	}, names)
	h.sendComm("not subscribed")
	_, _, err := h.s.StartProcess(h.ctx(), "late", true)
	require.NoError(t, err)
	assert.Equal(t, 0, h.buffered("grp"))
}

// TestListenerSerialsAcrossRestart: the global serial survives an
// in-process restart, pool serials start again at 0.
func TestListenerSerialsAcrossRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := startSupervisor(t, testConfig(dir, pool(dir, "lst", 1, []string{"REMOTE_COMMUNICATION"}, 10, "ok")))
	h.waitState("lst", Running, 5*time.Second)
	h.sendComm("a", "b")
	h.waitReceived("lst", 2)
	require.NoError(t, h.s.Restart(h.ctx()))
	h.waitLog(`received|restart|stopped: lst`, 10*time.Second)
	h.eventually(10*time.Second, "listener back", func() bool {
		pi, err := h.s.ProcessInfo(h.ctx(), "lst")
		return err == nil && pi.State == Running && pi.PID != 0
	})
	h.sendComm("c")
	got := h.waitReceived("lst", 3)
	assert.Equal(t, "ver:3.0 server:supervisor serial:2 pool:lst poolserial:0 eventname:REMOTE_COMMUNICATION len:8", got[2].Header)
}

// TestListenerTicks: a pool subscribed to TICK_5 gets one at the next
// 5-second boundary, with 4.2.5's payload.
func TestListenerTicks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := startSupervisor(t, testConfig(dir, pool(dir, "tick", 1, []string{"TICK_5"}, 10, "ok")))
	got := h.waitReceived("tick", 1)
	assert.Regexp(t, `^ver:3\.0 server:supervisor serial:\d+ pool:tick poolserial:\d+ eventname:TICK_5 len:15$`, got[0].Header)
	var when int64
	_, err := fmt.Sscanf(got[0].Payload, "when:%d", &when)
	require.NoError(t, err)
	assert.Zero(t, when%5)
}

// TestTickTimerStep: the tick timer steps by the shortest period someone
// subscribes to, and stops with the last subscriber.
func TestTickTimerStep(t *testing.T) {
	t.Parallel()
	h := startSupervisor(t, testConfig(t.TempDir()))
	step := func() (period int64, running bool) {
		require.NoError(t, h.s.call(h.ctx(), func() error {
			period, running = h.s.ticks.period, h.s.ticks.timer != nil
			return nil
		}))
		return period, running
	}
	var id60, id5 int
	require.NoError(t, h.s.call(h.ctx(), func() error {
		id60 = h.s.subscribe(events.Tick60, func(events.Message) {})
		return nil
	}))
	p, on := step()
	assert.Equal(t, int64(60), p)
	assert.True(t, on)
	require.NoError(t, h.s.call(h.ctx(), func() error {
		id5 = h.s.subscribe(events.Tick5, func(events.Message) {})
		return nil
	}))
	p, _ = step()
	assert.Equal(t, int64(5), p)
	require.NoError(t, h.s.call(h.ctx(), func() error {
		h.s.unsubscribe(id5)
		return nil
	}))
	p, _ = step()
	assert.Equal(t, int64(60), p)
	require.NoError(t, h.s.call(h.ctx(), func() error {
		h.s.unsubscribe(id60)
		return nil
	}))
	_, on = step()
	assert.False(t, on, "no subscriber, no timer")
}
