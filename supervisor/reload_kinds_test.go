package supervisor

import (
	"net"
	"path/filepath"
	"testing"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReloadDiffPoolsAndSockets checks what makes an [eventlistener:x] or
// [fcgi-program:x] group "changed" for reloadConfig, as 4.2.5's __eq__
// decides: the pool's events as a set, buffer_size, and the socket's URL
// only (not its mode, owner or backlog).
func TestReloadDiffPoolsAndSockets(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	path := filepath.Join(dir, "fc.sock")
	mode := 0o700
	conf := func(events []string, bufferSize, sockMode, backlog int, url string) *config.Config {
		m := sockMode
		sock := &config.SocketConfig{URL: url, Family: config.FamilyUnix, Path: path, Mode: &m, Backlog: backlog}
		if url != "unix://"+path {
			sock = &config.SocketConfig{URL: url, Family: config.FamilyInet, Host: "127.0.0.1", Port: port}
		}
		return testConfig(dir,
			pool(dir, "lst", 1, events, bufferSize, "ok", noAutostart()),
			fcgiGroup("fc", sock, 1, noAutostart()))
	}
	h := startSupervisor(t, conf([]string{"PROCESS_STATE", "TICK_60"}, 10, mode, 0, "unix://"+path))
	cases := []struct {
		name    string
		cfg     *config.Config
		changed []string
	}{
		{"same", conf([]string{"PROCESS_STATE", "TICK_60"}, 10, mode, 0, "unix://"+path), []string{}},
		{"events reordered", conf([]string{"TICK_60", "PROCESS_STATE"}, 10, mode, 0, "unix://"+path), []string{}},
		{"socket mode and backlog", conf([]string{"PROCESS_STATE", "TICK_60"}, 10, 0o777, 5, "unix://"+path), []string{}},
		{"event added", conf([]string{"PROCESS_STATE", "TICK_60", "TICK_5"}, 10, mode, 0, "unix://"+path), []string{"lst"}},
		{"buffer size", conf([]string{"PROCESS_STATE", "TICK_60"}, 11, mode, 0, "unix://"+path), []string{"lst"}},
		{"socket url", conf([]string{"PROCESS_STATE", "TICK_60"}, 10, mode, 0, "tcp://127.0.0.1:1"), []string{"fc"}},
	}
	for _, tc := range cases {
		require.NoError(t, h.s.call(h.ctx(), func() error {
			h.s.opts.Load = func() (*config.Config, error) { return tc.cfg, nil }
			return nil
		}))
		added, changed, removed, err := h.s.ReloadConfig(h.ctx())
		require.NoError(t, err, tc.name)
		assert.Empty(t, added, tc.name)
		assert.Empty(t, removed, tc.name)
		assert.Equal(t, tc.changed, changed, tc.name)
	}
}
