package events

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/harness"
	"github.com/stretchr/testify/assert"
)

var (
	pidField    = regexp.MustCompile(`pid:\d+`)
	serialField = regexp.MustCompile(` serial:\d+ `)
)

// recorded returns what listener.py recorded in rel, each as header and
// payload with pids and global serials (which depend on how the pools'
// events interleave) normalised; pool serials are kept.
func recorded(t *testing.T, d *harness.Daemon, rel string, n int) []string {
	t.Helper()
	var out []string
	for _, r := range d.ListenerRecords(t, rel, n) {
		h := serialField.ReplaceAllString(r.Header, " serial:N ")
		e := pidField.ReplaceAllString(h+"\n"+r.Payload, "pid:N")
		if len(e) > 1000 {
			e = fmt.Sprintf("%s...(%d bytes)", e[:200], len(e))
		}
		out = append(out, e)
	}
	return out
}

// TestPayloadsSideBySide compares, envelope for envelope, what listeners
// get for PROCESS_LOG (per chunk, UTF-8 and not), PROCESS_COMMUNICATION,
// REMOTE_COMMUNICATION with non-ASCII text (len in characters) and the
// PROCESS_STATE events of an exit and of a start that gives up.
func TestPayloadsSideBySide(t *testing.T) {
	t.Parallel()
	ds := harness.StartPair(t, harness.Conf(`
[eventlistener:logs]
command=/usr/bin/python3 -u {fixtures}/listener.py {tmp}/logs.jsonl
events=PROCESS_LOG
buffer_size=100

[eventlistener:comm]
command=/usr/bin/python3 -u {fixtures}/listener.py {tmp}/comm.jsonl
events=PROCESS_COMMUNICATION,REMOTE_COMMUNICATION
buffer_size=100

[eventlistener:states]
command=/usr/bin/python3 -u {fixtures}/listener.py {tmp}/states.jsonl
events=PROCESS_STATE_EXITED,PROCESS_STATE_BACKOFF,PROCESS_STATE_FATAL,PROCESS_STATE_STARTING
buffer_size=100

[program:talker]
command=/usr/bin/python3 -u {fixtures}/talker.py
autostart=false
autorestart=false
startsecs=0
stdout_events_enabled=true
stderr_events_enabled=true
stdout_capture_maxbytes=1MB
stderr_capture_maxbytes=1MB

[program:quick]
command=sh -c 'exit 2'
autostart=false
startretries=1
startsecs=5
`), harness.WithFixtures("events"))
	ds.Each(t, "each", func(t *testing.T, d *harness.Daemon) {
		d.Ctl(t, harness.Python, "start", "talker")
		d.WaitProcess(t, "talker", "EXITED")
		d.RPC().MustCall(t, "supervisor.sendRemoteCommEvent", "typé", "dätä €\nline two")
		d.RPC().MustCall(t, "supervisor.sendRemoteCommEvent", "empty", "")
		d.Ctl(t, harness.Python, "start", "quick")
		d.WaitProcess(t, "quick", "FATAL")
	})
	for _, f := range []struct {
		file string
		n    int
	}{{"logs.jsonl", 6}, {"comm.jsonl", 4}, {"states.jsonl", 6}} {
		ref := recorded(t, ds[0], f.file, f.n)
		ours := recorded(t, ds[1], f.file, f.n)
		if f.file == "logs.jsonl" {
			// stdout and stderr are read independently: compare each
			// channel's sequence.
			ref, ours = byChannel(ref), byChannel(ours)
		}
		assert.Equal(t, ref, ours, f.file)
	}
	// A few of 4.2.5's envelopes spelled out.
	comm := strings.Join(recorded(t, ds[1], "comm.jsonl", 4), "\n---\n")
	assert.Contains(t, comm, "ver:3.0 server:supervisor serial:N pool:comm poolserial:2 eventname:REMOTE_COMMUNICATION len:25\ntype:typé\ndätä €\nline two")
	assert.Regexp(t, `eventname:PROCESS_COMMUNICATION_STDERR len:\d+\nprocessname:talker groupname:talker pid:N\nUndecodable: b'err comm\\xff'`, comm)
}

// byChannel sorts PROCESS_LOG envelopes stably by channel.
func byChannel(envs []string) []string {
	var out, errs []string
	for _, e := range envs {
		if strings.Contains(e, "eventname:PROCESS_LOG_STDERR") {
			errs = append(errs, e)
		} else {
			out = append(out, e)
		}
	}
	// Pool serials interleave the channels differently from run to run.
	rx := regexp.MustCompile(`poolserial:\d+`)
	all := append(out, errs...)
	for i := range all {
		all[i] = rx.ReplaceAllString(all[i], "poolserial:N")
	}
	return all
}

// TestBadListeners runs listeners that write garbage, die while busy or
// never read next to a good one: the good one gets every event, the
// daemon keeps answering, and the bad ones are handled (and logged) as
// 4.2.5 handles them.
//
// The bad listeners have process priorities of their own: 4.2.5 finds the
// pool of a rejected event with Subprocess.__eq__, which compares
// priorities, so every pool with a process of the same priority buffers
// the event again (the good listener would get it twice more). We re-queue
// it in its own pool only; that difference is deliberate.
func TestBadListeners(t *testing.T) {
	t.Parallel()
	ds := harness.StartPair(t, harness.Conf(`
[eventlistener:garbage]
command=/usr/bin/python3 -u {fixtures}/listener.py {tmp}/garbage.jsonl garbage
events=REMOTE_COMMUNICATION
priority=1

[eventlistener:dies]
command=/usr/bin/python3 -u {fixtures}/listener.py {tmp}/dies.jsonl die
events=REMOTE_COMMUNICATION
autorestart=false
priority=2

[eventlistener:stuck]
command=/usr/bin/python3 -u {fixtures}/listener.py {tmp}/stuck.jsonl noread
events=REMOTE_COMMUNICATION
buffer_size=2
priority=3

[eventlistener:good]
command=/usr/bin/python3 -u {fixtures}/listener.py {tmp}/good.jsonl
events=REMOTE_COMMUNICATION
buffer_size=50
`), harness.WithFixtures("events"))
	big := strings.Repeat("0123456789", 100_000)
	ds.Each(t, "each", func(t *testing.T, d *harness.Daemon) {
		for _, name := range []string{"garbage", "dies", "stuck", "good"} {
			d.WaitProcess(t, name, "RUNNING")
		}
		for i := range 4 {
			d.RPC().MustCall(t, "supervisor.sendRemoteCommEvent", fmt.Sprint("n", i), "small")
		}
		d.RPC().MustCall(t, "supervisor.sendRemoteCommEvent", "big", big)
		d.WaitProcess(t, "dies", "EXITED")
	})
	var good [2][]string
	for i, d := range ds {
		good[i] = recorded(t, d, "good.jsonl", 5)
		assert.Len(t, good[i], 5, d.Impl)
		assert.Len(t, recorded(t, d, "garbage.jsonl", 1), 1, d.Impl)
		assert.Len(t, recorded(t, d, "dies.jsonl", 1), 1, d.Impl)
	}
	assert.Equal(t, good[0], good[1])
	// The daemons still answer, and agree on every state.
	st := [2]string{}
	for i, d := range ds {
		st[i] = d.Normalize(d.Ctl(t, harness.Python, "status").Output)
	}
	assert.Equal(t, st[0], st[1])
	for _, d := range ds {
		log := d.MainLog()
		assert.Contains(t, log, "WARN garbage: bad result line: 'this is not a result'", d.Impl)
		assert.Contains(t, log, "WARN garbage: has entered the UNKNOWN state and will no longer receive events, this usually indicates the process violated the eventlistener protocol", d.Impl)
		assert.Regexp(t, `ERRO pool stuck event buffer overflowed, discarding event \d+`, log, d.Impl)
	}
}
