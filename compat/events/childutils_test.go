package events

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/harness"
	"github.com/stretchr/testify/assert"
)

var pidNumber = regexp.MustCompile(`pid \d+`)

// TestCrashmailStyle runs a listener written the way superlance's
// crashmail is (supervisor.childutils.listener and eventdata, reading
// PROCESS_STATE_EXITED's fields) in both daemons and compares its reports.
func TestCrashmailStyle(t *testing.T) {
	t.Parallel()
	ds := harness.StartPair(t, harness.Conf(`
[eventlistener:crashmail]
command=/usr/bin/python3 -u {fixtures}/crashmail.py {tmp}/crashes.txt
events=PROCESS_STATE

[program:crasher]
command=sh -c 'sleep 0.5; exit 3'
startsecs=0
autorestart=false

[program:fine]
command=sh -c 'sleep 0.5; exit 0'
startsecs=0
autorestart=false
`), harness.WithFixtures("events"))
	var got [2][]string
	ds.Each(t, "each", func(t *testing.T, d *harness.Daemon) {
		d.WaitProcess(t, "crasher", "EXITED")
		d.WaitProcess(t, "fine", "EXITED")
		// Restarted by hand, it crashes again: a second report.
		d.Ctl(t, harness.Python, "start", "crasher")
		d.WaitProcess(t, "crasher", "EXITED")
	})
	for i, d := range ds {
		lines := d.WaitLines(t, "crashes.txt", 2)
		for j := range lines {
			lines[j] = pidNumber.ReplaceAllString(lines[j], "pid N")
		}
		got[i] = lines
	}
	assert.Equal(t, []string{
		"Process crasher in group crasher exited unexpectedly (pid N) from state RUNNING [crashmail]",
		"Process crasher in group crasher exited unexpectedly (pid N) from state RUNNING [crashmail]",
	}, got[0], "4.2.5")
	assert.Equal(t, got[0], got[1])
}

// TestMemmonStyle runs a listener written the way superlance's memmon is:
// woken by TICK_5, it calls getAllProcessInfo through
// childutils.getRPCInterface(os.environ), once over the default unix
// socket (SUPERVISOR_SERVER_URL as supervisord sets it) and once over the
// inet server with credentials given through environment=, as 4.2.5 sets
// no SUPERVISOR_USERNAME/PASSWORD itself.
func TestMemmonStyle(t *testing.T) {
	t.Parallel()
	conf := harness.AddCredentials(harness.Conf(`
[eventlistener:memmon]
command=/usr/bin/python3 -u {fixtures}/memmon.py {tmp}/unix.txt
events=TICK_5

[eventlistener:memmon_inet]
command=/usr/bin/python3 -u {fixtures}/memmon.py {tmp}/inet.txt
events=TICK_5
serverurl=http://127.0.0.1:{port}
environment=SUPERVISOR_USERNAME="watcher",SUPERVISOR_PASSWORD="s3cret"

[program:app]
command=sleep 1000
startsecs=0
`), "watcher", "s3cret", "inet_http_server")
	ds := harness.StartPair(t, conf, harness.WithFixtures("events"))
	// A first tick may come while a listener is still STARTING: wait for
	// one that sees everything RUNNING.
	want := "TICK_5 when app:app=RUNNING memmon:memmon=RUNNING memmon_inet:memmon_inet=RUNNING"
	ds.Each(t, "each", func(t *testing.T, d *harness.Daemon) {
		for _, f := range []string{"unix.txt", "inet.txt"} {
			err := harness.Poll(15*time.Second, func() error {
				b, _ := os.ReadFile(filepath.Join(d.Dir, f))
				if !strings.Contains(string(b), want+"\n") {
					return fmt.Errorf("%s", b)
				}
				return nil
			})
			assert.NoError(t, err, "%s %s: no tick saw every process RUNNING\nmain log:\n%s", d.Impl, f, d.MainLog())
		}
	})
}
