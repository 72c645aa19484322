package output

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/childlog"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/logger"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chunkReader returns its chunks one Read at a time, then EOF.
type chunkReader struct{ chunks [][]byte }

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.chunks) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.chunks[0])
	r.chunks[0] = r.chunks[0][n:]
	if len(r.chunks[0]) == 0 {
		r.chunks = r.chunks[1:]
	}
	return n, nil
}

func chunksOf(ss ...string) *chunkReader {
	r := &chunkReader{}
	for _, s := range ss {
		r.chunks = append(r.chunks, []byte(s))
	}
	return r
}

// recorder collects OnLog and OnCapture calls.
type recorder struct {
	mu       sync.Mutex
	logs     []string
	captures []string
}

func (r *recorder) onLog(b []byte) {
	r.mu.Lock()
	r.logs = append(r.logs, string(b))
	r.mu.Unlock()
}

func (r *recorder) onCapture(b []byte) {
	r.mu.Lock()
	r.captures = append(r.captures, string(b))
	r.mu.Unlock()
}

func openLog(t *testing.T) (*childlog.File, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "child.log")
	f, err := childlog.Open(path, 0, 0)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f, path
}

func fileString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func TestDrainPlain(t *testing.T) {
	f, path := openLog(t)
	var rec recorder
	err := Drain(chunksOf("hello\n", "wor", "ld\n"), Config{ProcName: "p", Channel: "stdout", Log: f, OnLog: rec.onLog})
	require.NoError(t, err)
	assert.Equal(t, "hello\nworld\n", fileString(t, path))
	assert.Equal(t, []string{"hello\n", "wor", "ld\n"}, rec.logs)
}

func TestDrainCaptureExample(t *testing.T) {
	f, path := openLog(t)
	var rec recorder
	err := Drain(chunksOf("before<!--XSUPERVISOR:BEGIN-->hello comm<!--XSUPERVISOR:END-->after\n"),
		Config{ProcName: "p", Channel: "stdout", Log: f, CaptureMaxBytes: 100, OnLog: rec.onLog, OnCapture: rec.onCapture})
	require.NoError(t, err)
	assert.Equal(t, "beforeafter\n", fileString(t, path))
	assert.Equal(t, []string{"hello comm"}, rec.captures)
	assert.Equal(t, []string{"before", "hello comm", "after\n"}, rec.logs)
}

func TestDrainDebugEcho(t *testing.T) {
	mainPath := filepath.Join(t.TempDir(), "main.log")
	ml, err := logger.New(logger.Options{Path: mainPath, Level: config.LevelDebug})
	require.NoError(t, err)
	err = Drain(chunksOf("ok\n", "\xff\x00'"), Config{ProcName: "p", Channel: "stderr", MainLog: ml})
	require.NoError(t, err)
	got := fileString(t, mainPath)
	assert.Contains(t, got, " DEBG 'p' stderr output:\nok\n\n")
	assert.Contains(t, got, ` DEBG 'p' stderr output:`+"\n"+`Undecodable: b"\xff\x00'"`+"\n")
}

// TestDrainRealPipe drains an os.Pipe through the poller path.
func TestDrainRealPipe(t *testing.T) {
	f, path := openLog(t)
	r, w, err := os.Pipe()
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- Drain(r, Config{ProcName: "p", Channel: "stdout", Log: f}) }()
	var want strings.Builder
	for i := 0; i < 1000; i++ {
		line := strings.Repeat("y", i%300) + "\n"
		_, err := w.Write([]byte(line))
		require.NoError(t, err)
		want.WriteString(line)
	}
	require.NoError(t, w.Close())
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Drain did not return at EOF")
	}
	r.Close()
	assert.Equal(t, want.String(), fileString(t, path))
}
