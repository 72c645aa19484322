package output

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/gosupervisord/gosupervisord/supervisor/childlog"
)

// pipeSize returns the buffer size of the pipe behind f.
func pipeSize(t *testing.T, f *os.File) int {
	n, err := unix.FcntlInt(f.Fd(), unix.F_GETPIPE_SZ, 0)
	require.NoError(t, err)
	return n
}

// busyWriter writes total bytes of numbered lines to w in 1 MB writes,
// then closes it, and returns what it wrote.
func busyWriter(w *os.File, total int) <-chan []byte {
	out := make(chan []byte, 1)
	go func() {
		var all bytes.Buffer
		for i := 0; all.Len() < total; i++ {
			fmt.Fprintf(&all, "%09d %s\n", i, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
		}
		data := all.Bytes()[:total]
		for off := 0; off < len(data); {
			n, err := w.Write(data[off:min(off+1000000, len(data))])
			if err != nil {
				break
			}
			off += n
		}
		w.Close()
		out <- data
	}()
	return out
}

// TestDrainBulk checks the busy, unfiltered channel: the pipe is enlarged
// while the child streams, the log gets exactly the child's bytes, and the
// enlarged-pipe budget is given back at EOF. With filtering (here
// PROCESS_LOG events), 4.2.5's chunks are kept: no read above ReadSize and
// no enlarged pipe.
func TestDrainBulk(t *testing.T) {
	cases := []struct {
		name   string
		events bool
	}{
		{"unfiltered", false},
		{"events", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Zero(t, bulkPipes.Load())
			dir := t.TempDir()
			path := filepath.Join(dir, "busy.log")
			log, err := childlog.Open(path, 0, 0)
			require.NoError(t, err)
			defer log.Close()
			r, w, err := os.Pipe()
			require.NoError(t, err)
			defer r.Close()
			biggest := 0
			c := Config{ProcName: "p", Channel: "stdout", Log: log}
			if tc.events {
				c.OnLog = func(b []byte) { biggest = max(biggest, len(b)) }
			}
			// Stall the reader until the pipe is full, so the first read
			// finds a full default pipe.
			const total = 16 << 20
			wrote := busyWriter(w, total)
			require.Eventually(t, func() bool {
				n, _ := unix.IoctlGetInt(int(r.Fd()), unix.TIOCINQ)
				return n >= defaultPipeSize
			}, 10*time.Second, time.Millisecond)
			done := make(chan error, 1)
			go func() { done <- Drain(r, c) }()
			want := <-wrote
			select {
			case err := <-done:
				require.NoError(t, err)
			case <-time.After(30 * time.Second):
				t.Fatal("Drain did not return at EOF")
			}
			grown := pipeSize(t, r) == bulkPipeSize // pipes never shrink
			got, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.True(t, bytes.Equal(want, got), "log differs from the child's output (%d vs %d bytes)", len(got), len(want))
			assert.Zero(t, bulkPipes.Load(), "budget given back")
			if tc.events {
				assert.False(t, grown, "filtered channel's pipe enlarged")
				assert.LessOrEqual(t, biggest, ReadSize)
				assert.Positive(t, biggest)
			} else {
				assert.True(t, grown, "busy channel's pipe never enlarged")
			}
		})
	}
}

// TestDrainBulkRotation checks that bulk reads respect rotation: every
// rotated file exceeds maxbytes by less than one 4.2.5 read, and the files
// hold exactly the child's bytes, in order.
func TestDrainBulkRotation(t *testing.T) {
	const maxBytes, backups, total = 2 << 20, 50, 12 << 20
	path := filepath.Join(t.TempDir(), "rot.log")
	log, err := childlog.Open(path, maxBytes, backups)
	require.NoError(t, err)
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	wrote := busyWriter(w, total)
	require.NoError(t, Drain(r, Config{ProcName: "p", Channel: "stdout", Log: log}))
	require.NoError(t, log.Close())
	want := <-wrote

	var got []byte
	for i := backups; i >= 0; i-- {
		name := path
		if i > 0 {
			name = fmt.Sprintf("%s.%d", path, i)
		}
		b, err := os.ReadFile(name)
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		assert.Less(t, len(b), maxBytes+ReadSize, name)
		got = append(got, b...)
	}
	assert.True(t, bytes.Equal(want, got), "rotated files differ from the child's output (%d vs %d bytes)", len(got), len(want))
}
