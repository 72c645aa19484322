package logger

import (
	"errors"
	"log/syslog"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeSyslog points the shared sink at a unixgram socket of the test and
// returns a function that reads the next message.
func fakeSyslog(t *testing.T) func() string {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "log")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	require.NoError(t, err)
	oldDial := syslogDial
	syslogDial = func() (*syslog.Writer, error) {
		return syslog.Dial("unixgram", sock, syslog.LOG_INFO|syslog.LOG_USER, "supervisord")
	}
	resetSyslog(t, oldDial)
	t.Cleanup(func() { conn.Close() })
	return func() string {
		buf := make([]byte, 4096)
		require.NoError(t, conn.SetReadDeadline(time.Now().Add(5*time.Second)))
		n, err := conn.Read(buf)
		require.NoError(t, err)
		return string(buf[:n])
	}
}

// resetSyslog forgets the shared connection now and at the end of the
// test, when syslogDial is restored to oldDial.
func resetSyslog(t *testing.T, oldDial func() (*syslog.Writer, error)) {
	t.Helper()
	reset := func() {
		s := sharedSyslog()
		s.mu.Lock()
		if s.w != nil {
			s.w.Close()
		}
		s.w, s.lastDial = nil, time.Time{}
		s.mu.Unlock()
	}
	reset()
	t.Cleanup(func() {
		syslogDial = oldDial
		reset()
	})
}

// message strips the syslog header ("<14>time host tag[pid]: ").
func message(raw string) string {
	_, msg, _ := strings.Cut(raw, "]: ")
	return msg
}

func TestMainLogToSyslog(t *testing.T) {
	next := fakeSyslog(t)
	fixedClock(t, time.Date(2026, 11, 22, 7, 41, 12, 642_000_000, time.Local))
	l, err := New(Options{Path: "syslog", Level: config.LevelInfo})
	require.NoError(t, err)
	assert.Equal(t, "syslog", l.Path())
	l.Infof("one line")
	raw := next()
	assert.True(t, strings.HasPrefix(raw, "<14>"), raw) // USER.INFO whatever the level
	assert.Equal(t, "2026-11-22 07:41:12,642 INFO one line\n", message(raw))
	// 4.2.5 sends each line of a message with the full format
	l.Critf("first\nsecond\n\n")
	assert.Equal(t, "2026-11-22 07:41:12,642 CRIT first\n", message(next()))
	assert.Equal(t, "2026-11-22 07:41:12,642 CRIT second\n", message(next()))
	assert.NoError(t, l.Reopen())
	assert.ErrorIs(t, l.Clear(), ErrNoFile) // no file named ./syslog here
	assert.NoError(t, l.Close())
}

func TestSyslogLines(t *testing.T) {
	next := fakeSyslog(t)
	SyslogLines("web", "GET /\nPOST /x\n")
	assert.Equal(t, "web GET /\n", message(next()))
	assert.Equal(t, "web POST /x\n", message(next()))
	SyslogLines("web", "\n")
	assert.Equal(t, "web \n", message(next()))
}

func TestSyslogWithoutDaemon(t *testing.T) {
	calls := 0
	oldDial := syslogDial
	syslogDial = func() (*syslog.Writer, error) { calls++; return nil, errors.New("no /dev/log") }
	resetSyslog(t, oldDial)
	l, err := New(Options{Path: "syslog", Level: config.LevelInfo})
	require.NoError(t, err)
	for i := 0; i < 100; i++ {
		l.Infof("dropped %d", i)
		SyslogLines("p", "dropped")
	}
	assert.Equal(t, 1, calls, "at most one connection attempt per second")
}
