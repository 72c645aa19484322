package webui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/supervisor"
)

// rowOf returns the live row of ns.
func rowOf(ls liveStatus, ns string) (liveRow, bool) {
	for _, r := range ls.Rows {
		if r.NS == ns {
			return r, true
		}
	}
	return liveRow{}, false
}

// rowIn reports whether an event shows ns in the given lowercase state.
func rowIn(t *testing.T, ns, state string) func(sseEvent) bool {
	return func(ev sseEvent) bool {
		r, ok := rowOf(decodeStatus(t, ev), ns)
		return ok && strings.Contains(r.HTML, ">"+state+"</span>")
	}
}

// pollingOnly hides the Supervisor's WatchStates, so the live status falls
// back to re-reading the table.
type pollingOnly struct{ Backend }

// liveModes runs f with the status stream woken by the Supervisor's state
// announcements and, separately, by polling.
func liveModes(t *testing.T, programs string, f func(t *testing.T, d *daemon)) {
	for _, mode := range []string{"announced", "polled"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			d := startDaemon(t, programs, Options{PollInterval: 50 * time.Millisecond})
			if mode == "polled" {
				p := *d
				p.h = New(pollingOnly{d.s}, Options{PollInterval: 50 * time.Millisecond})
				p.url = d.serve(p.h)
				d = &p
			} else {
				require.Implements(t, (*StateWatcher)(nil), d.s)
			}
			f(t, d)
		})
	}
}

func TestStatusEvents(t *testing.T) {
	t.Parallel()
	liveModes(t, webConf, testStatusEvents)
}

func testStatusEvents(t *testing.T, d *daemon) {
	d.waitState("web1", supervisor.Running)
	d.waitState("g:g3", supervisor.Running)

	events := d.openEvents("/events/status")
	first := decodeStatus(t, events.next(t, 5*time.Second, "first status", func(sseEvent) bool { return true }))
	require.Len(t, first.Rows, 3)
	assert.Equal(t, []string{"g:g3", "web1", "web2"}, []string{first.Rows[0].NS, first.Rows[1].NS, first.Rows[2].NS})
	web1, _ := rowOf(first, "web1")
	assert.Contains(t, web1.HTML, `<span class="statusrunning">running</span>`)
	assert.Contains(t, web1.HTML, `<td class="desc"></td>`, "the browser fills the description")
	assert.Contains(t, web1.HTML, `href="index.html?processname=web1&amp;action=stop"`)
	assert.NotZero(t, web1.PID)
	require.NotNil(t, web1.Uptime)
	assert.Regexp(t, `^pid \d+, uptime 0:00:0\d$`, web1.Desc)
	web2, _ := rowOf(first, "web2")
	assert.Nil(t, web2.Uptime)
	assert.Equal(t, "Not started", web2.Desc)

	// An action elsewhere (another client) shows up without asking.
	redirectMessage(t, d, d.get("/index.html?processname=web1&action=stop"))
	events.next(t, 5*time.Second, "web1 stopped", rowIn(t, "web1", "stopped"))
	redirectMessage(t, d, d.get("/index.html?processname=web1&action=start"))
	events.next(t, 5*time.Second, "web1 running", rowIn(t, "web1", "running"))

	// Nothing changes but uptimes: nothing is sent (10 readings when polled).
	select {
	case ev := <-events.events:
		t.Fatalf("unexpected event while nothing changed: %s", ev.data)
	case <-time.After(500 * time.Millisecond):
	}
}

func TestStatusHubRunsOnlyWhileFollowed(t *testing.T) {
	t.Parallel()
	liveModes(t, webConf, testStatusHubRunsOnlyWhileFollowed)
}

func testStatusHubRunsOnlyWhileFollowed(t *testing.T, d *daemon) {
	running := func() bool {
		d.h.status.mu.Lock()
		defer d.h.status.mu.Unlock()
		return d.h.status.running
	}
	assert.False(t, running(), "no browser, no reading")
	a := d.openEvents("/events/status")
	b := d.openEvents("/events/status")
	a.next(t, 5*time.Second, "status on a", func(sseEvent) bool { return true })
	b.next(t, 5*time.Second, "status on b", func(sseEvent) bool { return true })
	assert.True(t, running())
	a.cancel()
	time.Sleep(100 * time.Millisecond) // two readings when polled: b still follows
	assert.True(t, running())
	b.cancel()
	d.waitUntil(5*time.Second, "the reader to stop", func() bool { return !running() })
}

func TestTailEvents(t *testing.T) {
	t.Parallel()
	d := startDaemon(t, `
[program:echo]
command=sh -c 'echo first; while read l; do echo "$l"; done'
startsecs=0
`, Options{})
	d.waitState("echo", supervisor.Running)
	d.waitUntil(5*time.Second, "first line", func() bool {
		return strings.Contains(d.get("/tail.html?processname=echo").body, "first\n")
	})
	send := func(s string) {
		require.NoError(t, d.s.SendProcessStdin(context.Background(), "echo", []byte(s)))
	}

	events := d.openEvents("/events/tail?processname=echo")
	ev := events.next(t, 5*time.Second, "reset", func(sseEvent) bool { return true })
	assert.Equal(t, "reset", ev.name)
	assert.Equal(t, "first\n", decodeText(t, ev))

	send("second\n")
	ev = events.next(t, 5*time.Second, "append", func(sseEvent) bool { return true })
	assert.Equal(t, "append", ev.name)
	assert.Equal(t, "second\n", decodeText(t, ev))

	send("é <b>&\n")
	ev = events.next(t, 5*time.Second, "append", func(sseEvent) bool { return true })
	assert.Equal(t, "é <b>&\n", decodeText(t, ev))

	redirectMessage(t, d, d.get("/index.html?processname=echo&action=clearlog"))
	ev = events.next(t, 5*time.Second, "reset after clear", func(ev sseEvent) bool { return ev.name == "reset" })
	assert.Equal(t, "", decodeText(t, ev))
	send("third\n")
	events.next(t, 5*time.Second, "third", func(ev sseEvent) bool {
		return ev.name == "append" && decodeText(t, ev) == "third\n"
	})
}

func TestTailEventsErrors(t *testing.T) {
	t.Parallel()
	d := startDaemon(t, `
[program:nolog]
command=sleep 1000
autostart=false
stdout_logfile=NONE
`, Options{})
	for path, want := range map[string]string{
		"/events/tail?processname=nosuch": "ERROR: unexpected rpc fault [10] BAD_NAME: nosuch",
		"/events/tail?processname=nolog":  "No file for nolog",
		"/events/tail":                    "No process name found",
	} {
		events := d.openEvents(path)
		ev := events.next(t, 5*time.Second, "fatal", func(sseEvent) bool { return true })
		assert.Equal(t, "fatal", ev.name, path)
		assert.Equal(t, want, decodeText(t, ev), path)
		_, open := <-events.events
		assert.False(t, open, "the stream ends after a fatal event: %s", path)
	}
}

func TestCloseEndsStreams(t *testing.T) {
	t.Parallel()
	d := startDaemon(t, webConf, Options{})
	d.waitState("web1", supervisor.Running)
	status := d.openEvents("/events/status")
	tail := d.openEvents("/events/tail?processname=web1")
	status.next(t, 5*time.Second, "status", func(sseEvent) bool { return true })
	tail.next(t, 5*time.Second, "tail", func(sseEvent) bool { return true })
	d.h.Close()
	for _, er := range []*eventReader{status, tail} {
		select {
		case _, open := <-er.events:
			for open {
				_, open = <-er.events
			}
		case <-time.After(5 * time.Second):
			t.Fatal("stream still open after Close")
		}
	}
	assert.Equal(t, 200, d.get("/").status, "pages work after Close")
}

func TestLogFollower(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "x.log")
	f := &logFollower{name: "x", path: path, limit: 1024}
	write := func(s string) {
		fh, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		require.NoError(t, err)
		_, err = fh.WriteString(s)
		require.NoError(t, err)
		require.NoError(t, fh.Close())
	}
	type update struct{ kind, text string }
	next := func() update { k, s := f.next(); return update{k, s} }

	assert.Equal(t, update{"reset", "No file for x"}, next())
	assert.Equal(t, update{}, next(), "still missing: nothing new")
	write("one\n")
	assert.Equal(t, update{"reset", "one\n"}, next())
	assert.Equal(t, update{}, next())
	write("t\xc3")
	assert.Equal(t, update{"append", "t"}, next(), "half a character waits")
	write("\xa9\n")
	assert.Equal(t, update{"append", "é\n"}, next())
	write("bad \xff\n")
	assert.Equal(t, update{"append", "bad \uFFFD\n"}, next())
	require.NoError(t, os.Truncate(path, 0))
	write("new\n")
	assert.Equal(t, update{"reset", "new\n"}, next(), "truncated: start over")
	require.NoError(t, os.Rename(path, path+".1"))
	write("rotated\n")
	assert.Equal(t, update{"reset", "rotated\n"}, next(), "replaced: start over")
	write(strings.Repeat("x", 2000) + "\xc3\xa9end\n")
	assert.Equal(t, update{"append", strings.Repeat("x", 2000) + "éend\n"}, next())
	write(strings.Repeat("y", maxAppend+10))
	u := next()
	assert.Equal(t, "reset", u.kind, "too much at once: the last limit bytes")
	assert.Equal(t, strings.Repeat("y", 1024), u.text)
}
