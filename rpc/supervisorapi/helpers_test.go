package supervisorapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	kolo "github.com/kolo/xmlrpc"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/supervisor"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

// rpcinterfaceSection enables the supervisor namespace.
const rpcinterfaceSection = `
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
`

// daemon is a real Supervisor running in the test process with its HTTP
// servers opened by OpenServers on a unix socket.
type daemon struct {
	t    *testing.T
	dir  string
	sock string
	cfg  *config.Config
	s    *supervisor.Supervisor
	reg  *rpc.Registry // the registry OpenServers builds, for direct calls
}

// startDaemon runs a supervisord for the given sections (programs, and
// rpcinterface sections: pass rpcinterfaceSection for the usual one) until
// the test ends.
func startDaemon(t *testing.T, sections string) *daemon {
	t.Helper()
	dir, err := os.MkdirTemp("", "sapi-") // short: unix socket paths are limited
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	d := &daemon{t: t, dir: dir, sock: filepath.Join(dir, "s.sock")}
	conf := filepath.Join(dir, "supervisord.conf")
	text := "[unix_http_server]\nfile=" + d.sock + "\n\n[supervisord]\nlogfile=" + dir + "/supervisord.log\n" +
		"pidfile=" + dir + "/supervisord.pid\nchildlogdir=" + dir + "\nnodaemon=true\nsilent=true\n" + sections
	require.NoError(t, os.WriteFile(conf, []byte(text), 0o644))
	load := func() (*config.Config, error) {
		return config.Load(conf, config.Overrides{}, config.DefaultEnvironment())
	}
	d.cfg, err = load()
	require.NoError(t, err)
	d.s = supervisor.New(supervisor.Options{Config: d.cfg, Load: load, OpenServers: OpenServers, Stdout: io.Discard})
	runErr := make(chan error, 1)
	go func() { runErr <- d.s.Run() }()
	t.Cleanup(func() { d.stop(runErr) })
	d.reg, err = newRegistry(d.s, d.cfg, nil)
	require.NoError(t, err)
	d.waitUntil(10*time.Second, "supervisor serving", func() bool {
		_, err := os.Stat(d.sock)
		return err == nil
	})
	return d
}

// stop shuts the supervisor down and kills by pid whatever it left.
func (d *daemon) stop(runErr chan error) {
	pids := map[int]bool{}
	if infos, err := d.s.AllProcessInfo(context.Background()); err == nil {
		for _, pi := range infos {
			if pi.PID != 0 {
				pids[pi.PID] = true
			}
		}
	}
	_ = d.s.Shutdown(context.Background())
	select {
	case err := <-runErr:
		if err != nil {
			d.t.Errorf("supervisor.Run: %v", err)
		}
	case <-time.After(20 * time.Second):
		d.t.Errorf("supervisor did not shut down")
	}
	for pid := range pids {
		_ = syscall.Kill(pid, syscall.SIGKILL) // by pid, only if left over
	}
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

// waitState waits until the process is in state.
func (d *daemon) waitState(name string, state supervisor.ProcessState) {
	d.t.Helper()
	d.waitUntil(10*time.Second, name+" "+state.String(), func() bool {
		pi, err := d.s.ProcessInfo(context.Background(), name)
		return err == nil && pi.State == state
	})
}

// call calls a method through the registry, as the /RPC2 handler does.
func (d *daemon) call(method string, params ...any) (any, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return d.reg.Call(ctx, method, params)
}

// outcome describes a call's result for table comparisons: the value, a
// fault as "fault N: text", or "HTTP 500" for an internal error.
func outcome(v any, err error) any {
	if err == nil {
		return v
	}
	if f, ok := rpc.AsFault(err); ok {
		return faultText(int(f.Code), f.Text)
	}
	var ie *rpc.InternalError
	if errors.As(err, &ie) {
		return "HTTP 500"
	}
	return "error: " + err.Error()
}

func faultText(code int, text string) string {
	return fmt.Sprintf("fault %d: %s", code, text)
}

// kolo returns a Go XML-RPC client (kolo/xmlrpc, as Go tools use) on the
// daemon's unix socket.
func (d *daemon) kolo() *kolo.Client {
	d.t.Helper()
	tr := &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var dl net.Dialer
		return dl.DialContext(ctx, "unix", d.sock)
	}}
	c, err := kolo.NewClient("http://localhost/RPC2", tr)
	require.NoError(d.t, err)
	d.t.Cleanup(func() { c.Close() })
	return c
}
