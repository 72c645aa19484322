package output

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/gosupervisord/gosupervisord/supervisor/childlog"
	"golang.org/x/sys/unix"
)

// benchTotal is the bytes moved per benchmark iteration.
const benchTotal = 64 << 20

// benchDir is where benchmark log files go: tmpfs when available, like the
// bench harness's log scenario.
func benchDir(b *testing.B) string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		d, err := os.MkdirTemp("/dev/shm", "drainbench")
		if err == nil {
			b.Cleanup(func() { os.RemoveAll(d) })
			return d
		}
	}
	return b.TempDir()
}

// feedPipe writes total bytes of "x"*99+"\n" lines in 1 MB writes, as the
// bench harness's child does, then closes w.
func feedPipe(w *os.File, total int) {
	line := append(bytes.Repeat([]byte("x"), 99), '\n')
	chunk := bytes.Repeat(line, 10000) // 1 MB
	for sent := 0; sent < total; {
		n := min(len(chunk), total-sent)
		if _, err := w.Write(chunk[:n]); err != nil {
			break
		}
		sent += n
	}
	w.Close()
}

// runPipeBench moves benchTotal bytes through a pipe per iteration, with
// consume reading the pipe into the file.
func runPipeBench(b *testing.B, pipeSize int, consume func(r *os.File, log *childlog.File, path string) error) {
	dir := benchDir(b)
	b.SetBytes(benchTotal)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(dir, "bench.log")
		os.Remove(path)
		f, err := childlog.Open(path, 0, 0)
		if err != nil {
			b.Fatal(err)
		}
		r, w, err := os.Pipe()
		if err != nil {
			b.Fatal(err)
		}
		if pipeSize > 0 {
			if _, err := unix.FcntlInt(w.Fd(), unix.F_SETPIPE_SZ, pipeSize); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		go feedPipe(w, benchTotal)
		if err := consume(r, f, path); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		r.Close()
		f.Close()
		if st, err := os.Stat(path); err != nil || st.Size() != benchTotal {
			b.Fatalf("log holds %v bytes, want %d (%v)", st.Size(), benchTotal, err)
		}
		b.StartTimer()
	}
}

// BenchmarkDrainPlain is the hot path: no filtering, a regular log file.
func BenchmarkDrainPlain(b *testing.B) {
	runPipeBench(b, 0, func(r *os.File, log *childlog.File, _ string) error {
		return Drain(r, Config{ProcName: "bench", Channel: "stdout", Log: log})
	})
}

// BenchmarkDrainPlainBigPipe is the hot path with a 1 MiB pipe buffer.
func BenchmarkDrainPlainBigPipe(b *testing.B) {
	runPipeBench(b, 1<<20, func(r *os.File, log *childlog.File, _ string) error {
		return Drain(r, Config{ProcName: "bench", Channel: "stdout", Log: log})
	})
}

// BenchmarkDrainCapture has capture mode on (token scanning, no tokens).
func BenchmarkDrainCapture(b *testing.B) {
	runPipeBench(b, 0, func(r *os.File, log *childlog.File, _ string) error {
		return Drain(r, Config{ProcName: "bench", Channel: "stdout", Log: log, CaptureMaxBytes: 1 << 20})
	})
}

// BenchmarkDrainStripAnsi has strip_ansi on (no escapes in the data).
func BenchmarkDrainStripAnsi(b *testing.B) {
	runPipeBench(b, 0, func(r *os.File, log *childlog.File, _ string) error {
		return Drain(r, Config{ProcName: "bench", Channel: "stdout", Log: log, StripAnsi: true})
	})
}

// BenchmarkCatBaseline is what `cat > file` does: 128 KiB read/write.
func BenchmarkCatBaseline(b *testing.B) {
	runPipeBench(b, 0, func(r *os.File, _ *childlog.File, path string) error {
		out, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			return err
		}
		defer out.Close()
		_, err = io.CopyBuffer(struct{ io.Writer }{out}, struct{ io.Reader }{r}, make([]byte, 128<<10))
		return err
	})
}
