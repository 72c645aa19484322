package webui

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
	"github.com/gosupervisord/gosupervisord/supervisor"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/stretchr/testify/require"
)

// webConf mirrors the conformance scenario "webui": a program that prints a
// line and stays up, one that is not started, and one inside a group.
const webConf = `
[program:web1]
command=sh -c 'echo web1-says-hi; exec sleep 1000'
startsecs=0

[program:web2]
command=sleep 1000
autostart=false
startsecs=0

[program:g3]
command=sleep 1000
startsecs=0

[group:g]
programs=g3
`

// daemon is a real Supervisor running in the test process, served by the
// production HTTP server through the web UI handler.
type daemon struct {
	t   *testing.T
	dir string
	s   *supervisor.Supervisor
	h   *Handler
	url string // http://127.0.0.1:PORT
}

// startDaemon runs a Supervisor on the [program:x] sections of programs
// and serves the web UI for it on a loopback port until the test ends.
func startDaemon(t *testing.T, programs string, opts Options) *daemon {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, "supervisord.conf")
	text := "[supervisord]\nlogfile=" + dir + "/supervisord.log\npidfile=" + dir + "/supervisord.pid\n" +
		"childlogdir=" + dir + "\nnodaemon=true\nsilent=true\n" + programs
	require.NoError(t, os.WriteFile(conf, []byte(text), 0o644))
	load := func() (*config.Config, error) {
		return config.Load(conf, config.Overrides{}, config.DefaultEnvironment())
	}
	cfg, err := load()
	require.NoError(t, err)
	d := &daemon{t: t, dir: dir}
	d.s = supervisor.New(supervisor.Options{Config: cfg, Load: load, Stdout: io.Discard})
	runErr := make(chan error, 1)
	go func() { runErr <- d.s.Run() }()
	pids := map[int]bool{}
	t.Cleanup(func() {
		if infos, err := d.s.AllProcessInfo(context.Background()); err == nil {
			for _, pi := range infos {
				if pi.PID != 0 {
					pids[pi.PID] = true
				}
			}
		}
		if d.s.Shutdown(context.Background()) == nil {
			select {
			case <-d.s.Done():
			case <-time.After(20 * time.Second):
				t.Errorf("supervisor did not shut down")
			}
		}
		for pid := range pids {
			_ = syscall.Kill(pid, syscall.SIGKILL) // by pid, only if left over
		}
	})
	d.h = New(d.s, opts)
	d.url = d.serve(d.h)
	d.waitUntil(10*time.Second, "supervisor serving", func() bool {
		_, err := d.s.AllProcessInfo(context.Background())
		return err == nil
	})
	return d
}

// serve serves h with the production HTTP server on a loopback port until
// the test ends and returns its base URL.
func (d *daemon) serve(h *Handler) string {
	d.t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(d.t, err)
	srv := &httpserver.Server{Handler: h}
	go func() { _ = srv.Serve(l) }()
	d.t.Cleanup(func() { h.Close(); _ = srv.Close() })
	return "http://" + l.Addr().String()
}

// waitUntil polls cond every 10ms until it holds or timeout passes.
func (d *daemon) waitUntil(timeout time.Duration, what string, cond func() bool) {
	d.t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			d.t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitState waits until process name is in state.
func (d *daemon) waitState(name string, state supervisor.ProcessState) {
	d.t.Helper()
	d.waitUntil(10*time.Second, name+" "+state.String(), func() bool {
		pi, err := d.s.ProcessInfo(context.Background(), name)
		return err == nil && pi.State == state
	})
}

// state returns a process's state now.
func (d *daemon) state(name string) supervisor.ProcessState {
	d.t.Helper()
	pi, err := d.s.ProcessInfo(context.Background(), name)
	require.NoError(d.t, err)
	return pi.State
}

// noRedirect is a client that shows redirects instead of following them.
var noRedirect = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// response is what a test looks at in an answer.
type response struct {
	status int
	header http.Header
	body   string
}

// do sends one request to the daemon and reads the whole answer.
func (d *daemon) do(method, path, body string, header ...string) response {
	d.t.Helper()
	req, err := http.NewRequest(method, d.url+path, strings.NewReader(body))
	require.NoError(d.t, err)
	if body == "" && method != http.MethodPost {
		req.Body = nil
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := noRedirect.Do(req)
	require.NoError(d.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(d.t, err)
	return response{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// get is do(GET).
func (d *daemon) get(path string, header ...string) response {
	d.t.Helper()
	return d.do(http.MethodGet, path, "", header...)
}

// raw sends bytes on a new connection and returns everything the server
// answers until it closes the connection.
func (d *daemon) raw(request string) string {
	d.t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(d.url, "http://"))
	require.NoError(d.t, err)
	defer c.Close()
	require.NoError(d.t, c.SetDeadline(time.Now().Add(10*time.Second)))
	_, err = io.WriteString(c, request)
	require.NoError(d.t, err)
	b, _ := io.ReadAll(c)
	return string(b)
}

// sseEvent is one server-sent event.
type sseEvent struct {
	name string
	data string
}

// eventReader reads server-sent events from a stream in the background.
type eventReader struct {
	events chan sseEvent
	cancel func()
}

// openEvents opens an event stream at path.
func (d *daemon) openEvents(path string) *eventReader {
	d.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.url+path, nil)
	require.NoError(d.t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(d.t, err)
	require.Equal(d.t, http.StatusOK, resp.StatusCode)
	require.Equal(d.t, "text/event-stream", resp.Header.Get("Content-Type"))
	er := &eventReader{events: make(chan sseEvent, 64), cancel: cancel}
	go func() {
		defer close(er.events)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 0, 64<<10), 8<<20)
		ev := sseEvent{name: "message"}
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.data != "" {
					select {
					case er.events <- ev:
					case <-ctx.Done():
						return
					}
				}
				ev = sseEvent{name: "message"}
			case strings.HasPrefix(line, "event: "):
				ev.name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				ev.data += line[len("data: "):]
			}
		}
	}()
	d.t.Cleanup(cancel)
	return er
}

// next returns the next event that satisfies match, failing the test after
// timeout.
func (er *eventReader) next(t *testing.T, timeout time.Duration, what string, match func(sseEvent) bool) sseEvent {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case ev, ok := <-er.events:
			if !ok {
				t.Fatalf("event stream ended while waiting for %s", what)
			}
			if match(ev) {
				return ev
			}
		case <-deadline:
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
	}
}

// decodeStatus parses a live status event.
func decodeStatus(t *testing.T, ev sseEvent) liveStatus {
	t.Helper()
	var ls liveStatus
	require.NoError(t, json.Unmarshal([]byte(ev.data), &ls))
	return ls
}

// decodeText parses a live tail event.
func decodeText(t *testing.T, ev sseEvent) string {
	t.Helper()
	var s string
	require.NoError(t, json.Unmarshal([]byte(ev.data), &s))
	return s
}
