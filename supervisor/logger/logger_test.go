package logger

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixedClock makes timestamps deterministic for the duration of a test.
func fixedClock(t *testing.T, ts time.Time) {
	t.Helper()
	old := timeNow
	timeNow = func() time.Time { return ts }
	t.Cleanup(func() { timeNow = old })
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// syncBuffer is a goroutine-safe stdout stand-in.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestLineFormat(t *testing.T) {
	fixedClock(t, time.Date(2026, 11, 22, 7, 41, 12, 642_999_999, time.Local))
	cases := []struct {
		level config.Level
		log   func(l *Logger)
		want  string
	}{
		{config.LevelCritical, func(l *Logger) { l.Critf("c %d", 1) }, "2026-11-22 07:41:12,642 CRIT c 1\n"},
		{config.LevelError, func(l *Logger) { l.Errorf("e") }, "2026-11-22 07:41:12,642 ERRO e\n"},
		{config.LevelWarn, func(l *Logger) { l.Warnf("w") }, "2026-11-22 07:41:12,642 WARN w\n"},
		{config.LevelInfo, func(l *Logger) { l.Infof("spawned: '%s' with pid %d", "a", 4593) }, "2026-11-22 07:41:12,642 INFO spawned: 'a' with pid 4593\n"},
		{config.LevelDebug, func(l *Logger) { l.Debugf("d") }, "2026-11-22 07:41:12,642 DEBG d\n"},
		{config.LevelTrace, func(l *Logger) { l.Tracef("t") }, "2026-11-22 07:41:12,642 TRAC t\n"},
		{config.LevelBlather, func(l *Logger) { l.Blatherf("b") }, "2026-11-22 07:41:12,642 BLAT b\n"},
		// no args: the message is literal, % and all
		{config.LevelInfo, func(l *Logger) { l.Print(config.LevelInfo, "100%s done %d") }, "2026-11-22 07:41:12,642 INFO 100%s done %d\n"},
		// multi-line messages are written as they are
		{config.LevelDebug, func(l *Logger) { l.Log(config.LevelDebug, "'x' stdout output:\n%s", "a\nb\n") }, "2026-11-22 07:41:12,642 DEBG 'x' stdout output:\na\nb\n\n"},
	}
	for _, tc := range cases {
		path := filepath.Join(t.TempDir(), "main.log")
		l, err := New(Options{Path: path, Level: config.LevelBlather})
		require.NoError(t, err)
		tc.log(l)
		require.NoError(t, l.Close())
		assert.Equal(t, tc.want, readString(t, path))
	}
}

func TestTimestampPadding(t *testing.T) {
	fixedClock(t, time.Date(2027, 1, 2, 3, 4, 5, 7_000_000, time.Local))
	path := filepath.Join(t.TempDir(), "main.log")
	l, err := New(Options{Path: path, Level: config.LevelInfo})
	require.NoError(t, err)
	l.Infof("x")
	assert.Equal(t, "2027-01-02 03:04:05,007 INFO x\n", readString(t, path))
}

func TestLevelFiltering(t *testing.T) {
	path := filepath.Join(t.TempDir(), "main.log")
	l, err := New(Options{Path: path, Level: config.LevelWarn})
	require.NoError(t, err)
	assert.Equal(t, config.LevelWarn, l.Level())
	assert.True(t, l.Enabled(config.LevelWarn))
	assert.False(t, l.Enabled(config.LevelInfo))
	l.Infof("no")
	l.Debugf("no")
	l.Warnf("yes")
	l.Critf("yes too")
	got := readString(t, path)
	assert.Regexp(t, regexp.MustCompile(`^\S+ \S+ WARN yes\n\S+ \S+ CRIT yes too\n$`), got)
	var nilLogger *Logger
	assert.False(t, nilLogger.Enabled(config.LevelCritical))
	nilLogger.Critf("no panic")
}

func TestStdoutEcho(t *testing.T) {
	path := filepath.Join(t.TempDir(), "main.log")
	var out syncBuffer
	l, err := New(Options{Path: path, Level: config.LevelInfo, Stdout: &out})
	require.NoError(t, err)
	l.Infof("hello")
	assert.Equal(t, readString(t, path), out.String())
	assert.Contains(t, out.String(), " INFO hello\n")
}

func TestNoFile(t *testing.T) {
	var out syncBuffer
	l, err := New(Options{Level: config.LevelInfo, Stdout: &out})
	require.NoError(t, err)
	l.Infof("only stdout")
	assert.Contains(t, out.String(), "only stdout")
	assert.Equal(t, "", l.Path())
	assert.ErrorIs(t, l.Clear(), ErrNoFile)
	assert.NoError(t, l.Reopen())
	assert.NoError(t, l.Close())
}

func TestRotation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "main.log")
	l, err := New(Options{Path: path, Level: config.LevelInfo, MaxBytes: 100, Backups: 2})
	require.NoError(t, err)
	defer l.Close()
	for i := 0; i < 20; i++ {
		l.Infof("line %02d %s", i, strings.Repeat("x", 20))
	}
	for _, suffix := range []string{"", ".1", ".2"} {
		assert.FileExists(t, path+suffix)
	}
	assert.NoFileExists(t, path+".3")
	// each rotated file ends with a whole line and reached maxbytes
	for _, suffix := range []string{".1", ".2"} {
		s := readString(t, path+suffix)
		assert.GreaterOrEqual(t, len(s), 100)
		assert.True(t, strings.HasSuffix(s, "\n"))
	}
	assert.Contains(t, readString(t, path+".1"), "line 19")
}

// TestClearLikeClearLog: 4.2.5 removes the file, logs "reopening log file"
// once per handler (to the removed file), then reopens; with the stdout
// echo, stdout gets it twice and the new file stays empty.
func TestClearLikeClearLog(t *testing.T) {
	for _, echo := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "main.log")
		var out syncBuffer
		o := Options{Path: path, Level: config.LevelInfo}
		if echo {
			o.Stdout = &out
		}
		l, err := New(o)
		require.NoError(t, err)
		l.Infof("before")
		require.NoError(t, l.Clear())
		assert.Equal(t, "", readString(t, path))
		l.Infof("after")
		assert.Regexp(t, `^\S+ \S+ INFO after\n$`, readString(t, path))
		if echo {
			assert.Regexp(t, `^\S+ \S+ INFO before\n\S+ \S+ INFO reopening log file\n\S+ \S+ INFO reopening log file\n\S+ \S+ INFO after\n$`, out.String())
		}
		require.NoError(t, os.Remove(path))
		assert.ErrorIs(t, l.Clear(), ErrNoFile)
		require.NoError(t, l.Close())
	}
}

func TestClearFailure(t *testing.T) {
	// the path turned into a non-empty directory: removal fails even as root
	path := filepath.Join(t.TempDir(), "main.log")
	l, err := New(Options{Path: path, Level: config.LevelInfo})
	require.NoError(t, err)
	defer l.Close()
	require.NoError(t, os.Remove(path))
	require.NoError(t, os.MkdirAll(filepath.Join(path, "sub"), 0o700))
	assert.ErrorIs(t, l.Clear(), ErrFailed)
}

func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "main.log")
	l, err := New(Options{Path: path, Level: config.LevelInfo})
	require.NoError(t, err)
	l.Infof("one")
	require.NoError(t, os.Rename(path, path+".old"))
	require.NoError(t, l.Reopen())
	l.Infof("two")
	assert.Contains(t, readString(t, path+".old"), "one")
	assert.NotContains(t, readString(t, path), "one")
	assert.Contains(t, readString(t, path), "two")
}

func TestSubscribe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "main.log")
	l, err := New(Options{Path: path, Level: config.LevelInfo})
	require.NoError(t, err)
	ch, cancel := l.Subscribe()
	defer cancel()
	l.Infof("wake")
	select {
	case <-ch:
	case <-time.After(5 * time.Second):
		t.Fatal("no wake-up")
	}
	assert.Contains(t, readString(t, path), "wake")
}

func TestConcurrentLoggingKeepsLinesWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "main.log")
	var out syncBuffer
	l, err := New(Options{Path: path, Level: config.LevelInfo, Stdout: &out, MaxBytes: 1 << 20, Backups: 1})
	require.NoError(t, err)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				l.Infof("goroutine %d line %d", g, i)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 20; i++ {
			assert.NoError(t, l.Reopen())
		}
	}()
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(readString(t, path), "\n"), "\n")
	assert.Len(t, lines, 1600)
	re := regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO goroutine \d line \d+$`)
	for _, line := range lines {
		require.Regexp(t, re, line)
	}
	assert.Equal(t, readString(t, path), out.String())
}
