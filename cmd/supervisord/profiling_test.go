package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/rpc/profiling"
)

// unixClient is an HTTP client that dials the unix socket at path.
func unixClient(path string) *http.Client {
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		},
	}}
}

// TestProfilingEndpoint runs the daemon in-process with profiling enabled
// by pprof_addr= and by GOSUPERVISORD_PPROF (which wins and leaves the
// environment), with it absent, and checks the endpoint is served exactly
// when enabled, and gone after shutdown. Allocation sampling, paused as
// main pauses it, is resumed exactly when profiles are served.
func TestProfilingEndpoint(t *testing.T) {
	cases := []struct {
		name     string
		confAddr bool // pprof_addr= names conf.sock
		envAddr  bool // GOSUPERVISORD_PPROF names env.sock
		want     string
	}{
		{name: "off"},
		{name: "conf", confAddr: true, want: "conf.sock"},
		{name: "env", envAddr: true, want: "env.sock"},
		{name: "env wins", confAddr: true, envAddr: true, want: "env.sock"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			conf := "[supervisord]\nlogfile=%(here)s/s.log\npidfile=%(here)s/s.pid\nnodaemon=true\nsilent=true\n"
			if tc.confAddr {
				conf += "pprof_addr=%(here)s/conf.sock\n"
			}
			conf += "[unix_http_server]\nfile=%(here)s/rpc.sock\n" +
				"[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n"
			require.NoError(t, os.WriteFile(filepath.Join(dir, "s.conf"), []byte(conf), 0o644))
			if tc.envAddr {
				t.Setenv(profiling.EnvVar, filepath.Join(dir, "env.sock"))
			} else {
				t.Setenv(profiling.EnvVar, "")
			}
			rate := runtime.MemProfileRate
			profiling.PauseMemProfile()
			t.Cleanup(func() { profiling.ResumeMemProfile() })
			done := make(chan result, 1)
			go func() { done <- runOurs([]string{"-c", filepath.Join(dir, "s.conf")}, testEnv(t, dir)) }()

			rpc := unixClient(filepath.Join(dir, "rpc.sock"))
			call := func(method string) (string, error) {
				body := "<?xml version='1.0'?><methodCall><methodName>" + method + "</methodName><params></params></methodCall>"
				resp, err := rpc.Post("http://x/RPC2", "text/xml", strings.NewReader(body))
				if err != nil {
					return "", err
				}
				defer resp.Body.Close()
				b, err := io.ReadAll(resp.Body)
				return string(b), err
			}
			require.Eventually(t, func() bool { _, err := call("supervisor.getState"); return err == nil },
				10*time.Second, 20*time.Millisecond, "daemon never served")
			if tc.want != "" {
				assert.Equal(t, rate, runtime.MemProfileRate, "sampling resumed")
			} else {
				assert.Zero(t, runtime.MemProfileRate, "sampling still paused")
			}
			if tc.envAddr {
				_, set := os.LookupEnv(profiling.EnvVar)
				assert.False(t, set, "the variable must not reach children")
			}
			for _, name := range []string{"conf.sock", "env.sock"} {
				resp, err := unixClient(filepath.Join(dir, name)).Get("http://x/debug/pprof/cmdline")
				if name != tc.want {
					assert.Error(t, err, name)
					continue
				}
				require.NoError(t, err, name)
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				assert.Equal(t, 200, resp.StatusCode)
				assert.NotEmpty(t, b)
			}
			log, err := os.ReadFile(filepath.Join(dir, "s.log"))
			require.NoError(t, err)
			if tc.want != "" {
				assert.Contains(t, string(log), "INFO serving pprof profiles on unix:"+filepath.Join(dir, tc.want)+"\n")
			} else {
				assert.NotContains(t, string(log), "pprof")
			}

			_, err = call("supervisor.shutdown")
			require.NoError(t, err)
			select {
			case r := <-done:
				assert.Equal(t, 0, r.code, r.stderr)
			case <-time.After(15 * time.Second):
				t.Fatal("daemon did not shut down")
			}
			if tc.want != "" {
				assert.NoFileExists(t, filepath.Join(dir, tc.want))
			}
		})
	}
}
