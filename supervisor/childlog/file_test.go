package childlog

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func TestOpenAppendsAndCreates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	require.NoError(t, os.WriteFile(path, []byte("old\n"), 0o644))
	f, err := Open(path, 0, 10)
	require.NoError(t, err)
	defer f.Close()
	n, err := f.Write([]byte("new\n"))
	require.NoError(t, err)
	assert.Equal(t, 4, n)
	assert.Equal(t, "old\nnew\n", readFile(t, path))
	assert.Equal(t, path, f.Path())

	missing := filepath.Join(t.TempDir(), "created.log")
	g, err := Open(missing, 0, 0)
	require.NoError(t, err)
	defer g.Close()
	st, err := os.Stat(missing)
	require.NoError(t, err)
	assert.Equal(t, int64(0), st.Size())
}

func TestRotation(t *testing.T) {
	cases := []struct {
		name     string
		maxBytes int64
		backups  int
		writes   []string
		want     map[string]string // suffix -> content; "" is the live file
		absent   []string
	}{
		{
			name: "under the limit", maxBytes: 10, backups: 2,
			writes: []string{"abc", "def"},
			want:   map[string]string{"": "abcdef"}, absent: []string{".1"},
		},
		{
			// the check follows the write: a file may exceed by one chunk
			name: "overshoot by one chunk", maxBytes: 1024, backups: 1,
			writes: []string{string(bytes.Repeat([]byte("x"), 18690))},
			want:   map[string]string{"": "", ".1": string(bytes.Repeat([]byte("x"), 18690))},
		},
		{
			name: "exactly maxbytes rotates", maxBytes: 4, backups: 3,
			writes: []string{"aaaa", "bbbb", "cc", "dd", "e"},
			want:   map[string]string{"": "e", ".1": "ccdd", ".2": "bbbb", ".3": "aaaa"},
		},
		{
			name: "oldest backup dropped", maxBytes: 2, backups: 2,
			writes: []string{"11", "22", "33", "4"},
			want:   map[string]string{"": "4", ".1": "33", ".2": "22"}, absent: []string{".3"},
		},
		{
			name: "no backups truncates", maxBytes: 3, backups: 0,
			writes: []string{"abcd", "ef"},
			want:   map[string]string{"": "ef"}, absent: []string{".1"},
		},
		{
			name: "maxbytes 0 never rotates", maxBytes: 0, backups: 5,
			writes: []string{"abcd", "efgh"},
			want:   map[string]string{"": "abcdefgh"}, absent: []string{".1"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "r.log")
			f, err := Open(path, tc.maxBytes, tc.backups)
			require.NoError(t, err)
			defer f.Close()
			for _, w := range tc.writes {
				n, err := f.Write([]byte(w))
				require.NoError(t, err)
				require.Equal(t, len(w), n)
			}
			for suffix, content := range tc.want {
				assert.Equal(t, content, readFile(t, path+suffix), "file %q", suffix)
			}
			for _, suffix := range tc.absent {
				assert.NoFileExists(t, path+suffix)
			}
		})
	}
}

// TestRotationExistingFileSize: a file that already holds maxbytes rotates
// after the first write, as tell() in append mode is the file size.
func TestRotationExistingFileSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.log")
	require.NoError(t, os.WriteFile(path, []byte("0123456789"), 0o644))
	f, err := Open(path, 10, 1)
	require.NoError(t, err)
	defer f.Close()
	_, err = f.Write([]byte("x"))
	require.NoError(t, err)
	assert.Equal(t, "0123456789x", readFile(t, path+".1"))
	assert.Equal(t, "", readFile(t, path))
}

// record returns the i-th fixed-size record of the byte stream.
func record(i int) string { return fmt.Sprintf("%09d\n", i) }

// concatBackups returns path.N ... path.1, path concatenated.
func concatBackups(t *testing.T, path string, backups int) []byte {
	t.Helper()
	var all []byte
	for i := backups; i >= 1; i-- {
		b, err := os.ReadFile(fmt.Sprintf("%s.%d", path, i))
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		all = append(all, b...)
	}
	return append(all, []byte(readFile(t, path))...)
}

// TestRotationByteExactUnderFastWriter: a writer with varied chunk sizes
// and small maxbytes, with concurrent Reopen calls: backups plus the live
// file hold exactly the written stream.
func TestRotationByteExactUnderFastWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fast.log")
	const backups = 400
	f, err := Open(path, 3000, backups)
	require.NoError(t, err)
	defer f.Close()

	var want bytes.Buffer
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			default:
				assert.NoError(t, f.Reopen())
				assert.NotEmpty(t, f.Path())
			}
		}
	}()
	rec := 0
	for i := 0; i < 4000; i++ {
		var chunk []byte
		for k := 0; k <= i%7; k++ {
			chunk = append(chunk, record(rec)...)
			rec++
		}
		n, err := f.Write(chunk)
		require.NoError(t, err)
		require.Equal(t, len(chunk), n)
		want.Write(chunk)
	}
	close(done)
	wg.Wait()
	assert.NoFileExists(t, fmt.Sprintf("%s.%d", path, backups+1))
	got := concatBackups(t, path, backups)
	require.Equal(t, want.Len(), len(got))
	assert.True(t, bytes.Equal(want.Bytes(), got), "concatenated backups differ from the written stream")
}

// TestRotationWithConcurrentClear: Clear drops the live file's bytes but
// whatever survives is in order and never duplicated.
func TestRotationWithConcurrentClear(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clear.log")
	const backups = 300
	f, err := Open(path, 2000, backups)
	require.NoError(t, err)
	defer f.Close()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			default:
			}
			if i%2 == 0 {
				assert.NoError(t, f.Clear())
			} else {
				assert.NoError(t, f.Reopen())
			}
			_, _, _, _ = Tail(path, 0, 100)
		}
	}()
	rec := 0
	for i := 0; i < 3000; i++ {
		var chunk []byte
		for k := 0; k <= i%5; k++ {
			chunk = append(chunk, record(rec)...)
			rec++
		}
		_, err := f.Write(chunk)
		require.NoError(t, err)
	}
	close(done)
	wg.Wait()
	got := concatBackups(t, path, backups)
	require.Zero(t, len(got)%10, "records are whole")
	last := -1
	for off := 0; off < len(got); off += 10 {
		var n int
		_, err := fmt.Sscanf(string(got[off:off+10]), "%09d\n", &n)
		require.NoError(t, err)
		require.Greater(t, n, last, "record %d after %d: duplicated or reordered", n, last)
		last = n
	}
}

func TestClearRemovesOnlyLiveFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.log")
	f, err := Open(path, 4, 2)
	require.NoError(t, err)
	defer f.Close()
	_, _ = f.Write([]byte("aaaa"))
	_, _ = f.Write([]byte("bb"))
	require.NoError(t, f.Clear())
	assert.Equal(t, "", readFile(t, path))
	assert.Equal(t, "aaaa", readFile(t, path+".1"))
	_, _ = f.Write([]byte("cc"))
	assert.Equal(t, "cc", readFile(t, path))

	// a live file deleted by someone else is no error
	require.NoError(t, os.Remove(path))
	require.NoError(t, f.Clear())
	assert.FileExists(t, path)
}

func TestReopenAfterExternalRename(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "o.log")
	f, err := Open(path, 0, 0)
	require.NoError(t, err)
	defer f.Close()
	_, _ = f.Write([]byte("one\n"))
	require.NoError(t, os.Rename(path, path+".moved"))
	_, _ = f.Write([]byte("two\n"))
	require.NoError(t, f.Reopen())
	_, _ = f.Write([]byte("three\n"))
	assert.Equal(t, "one\ntwo\n", readFile(t, path+".moved"))
	assert.Equal(t, "three\n", readFile(t, path))
}

func TestCloseThenWrite(t *testing.T) {
	f, err := Open(filepath.Join(t.TempDir(), "c.log"), 0, 0)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	require.NoError(t, f.Close())
	_, err = f.Write([]byte("x"))
	assert.ErrorIs(t, err, os.ErrClosed)
	assert.ErrorIs(t, f.Reopen(), os.ErrClosed)
	assert.ErrorIs(t, f.Clear(), os.ErrClosed)
}

// TestNonSeekableTargets: pipes (a fifo with a reader) and character
// devices with maxbytes > 0 are written without rotation or error.
func TestNonSeekableTargets(t *testing.T) {
	t.Run("fifo", func(t *testing.T) {
		dir := t.TempDir()
		fifo := filepath.Join(dir, "pipe")
		require.NoError(t, syscall.Mkfifo(fifo, 0o600))
		r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
		require.NoError(t, err)
		defer r.Close()
		var got bytes.Buffer
		readDone := make(chan struct{})
		f, err := Open(fifo, 10, 3)
		require.NoError(t, err)
		go func() {
			defer close(readDone)
			buf := make([]byte, 4096)
			for {
				n, err := r.Read(buf)
				got.Write(buf[:n])
				if err != nil {
					return
				}
			}
		}()
		assert.False(t, f.Rotatable())
		var want bytes.Buffer
		for i := 0; i < 200; i++ {
			chunk := []byte(record(i))
			n, err := f.Write(chunk)
			require.NoError(t, err)
			require.Equal(t, len(chunk), n)
			want.Write(chunk)
		}
		require.NoError(t, f.Reopen())
		require.NoError(t, f.Clear()) // never removes the fifo
		require.NoError(t, f.Close())
		select {
		case <-readDone:
		case <-time.After(10 * time.Second):
			t.Fatal("reader did not see EOF")
		}
		assert.Equal(t, want.String(), got.String())
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		assert.Len(t, entries, 1, "no backups next to the fifo")
	})
	t.Run("dev null", func(t *testing.T) {
		f, err := Open("/dev/null", 1, 3)
		require.NoError(t, err)
		defer f.Close()
		assert.False(t, f.Rotatable())
		for i := 0; i < 10; i++ {
			_, err := f.Write([]byte("data"))
			require.NoError(t, err)
		}
		require.NoError(t, f.Clear())
		_, err = os.Stat("/dev/null")
		require.NoError(t, err)
	})
	t.Run("descriptor paths", func(t *testing.T) {
		dir := t.TempDir()
		link := filepath.Join(dir, "app.log")
		require.NoError(t, os.Symlink("/dev/stdout", link))
		rel := filepath.Join(dir, "rel.log")
		require.NoError(t, os.Symlink("app.log", rel))
		cases := map[string]bool{
			"/dev/stdout": true, "/dev/stderr": true, "/dev/fd/3": true, "/proc/self/fd/1": true,
			link: true, rel: true,
			filepath.Join(dir, "x.log"): false, "/dev/shm/app.log": false, "/dev/null": false,
		}
		for p, want := range cases {
			assert.Equal(t, want, isSpecialPath(p), p)
		}
	})
}

func TestWatchWakesFollowers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.log")
	f, err := Open(path, 4, 1)
	require.NoError(t, err)
	defer f.Close()
	ch, cancel := f.Subscribe()
	ch2, cancel2 := Watch(path)
	defer cancel2()

	expectWake := func(c <-chan struct{}, what string) {
		t.Helper()
		select {
		case <-c:
		case <-time.After(5 * time.Second):
			t.Fatalf("no wake-up after %s", what)
		}
	}
	expectIdle := func(c <-chan struct{}) {
		t.Helper()
		select {
		case <-c:
			t.Fatal("unexpected wake-up")
		default:
		}
	}
	expectIdle(ch)
	_, _ = f.Write([]byte("ab"))
	expectWake(ch, "write")
	expectWake(ch2, "write")
	// coalescing: several writes, one pending wake-up, and data already there
	_, _ = f.Write([]byte("c"))
	_, _ = f.Write([]byte("d")) // rotates
	expectWake(ch, "rotation")
	expectIdle(ch)
	assert.Equal(t, "abcd", readFile(t, path+".1"))
	require.NoError(t, f.Reopen())
	expectWake(ch, "reopen")
	require.NoError(t, f.Clear())
	expectWake(ch, "clear")
	cancel()
	cancel()
	_, _ = f.Write([]byte("e"))
	expectIdle(ch)
	expectWake(ch2, "write after the other cancel")
}

func TestWatchRegistryForgetsUnusedPaths(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gone.log")
	f, err := Open(path, 0, 0)
	require.NoError(t, err)
	_, cancel := Watch(path)
	require.NoError(t, f.Close())
	cancel()
	registry.mu.Lock()
	_, ok := registry.topics[path]
	registry.mu.Unlock()
	assert.False(t, ok)
}

func mkfifo(path string) error { return syscall.Mkfifo(path, 0o600) }

// TestRoom checks how much may be written before the next rotation.
func TestRoom(t *testing.T) {
	cases := []struct {
		name     string
		maxBytes int64
		writes   []int
		want     int64
	}{
		{"no rotation", 0, []int{100}, math.MaxInt64},
		{"unknown before the first write", 1000, nil, 0},
		{"after writes", 1000, []int{100, 250}, 650},
		{"just rotated", 1000, []int{600, 600}, 0},
		{"after a rotation and a write", 1000, []int{1200, 10}, 990},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Open(filepath.Join(t.TempDir(), "room.log"), tc.maxBytes, 1)
			require.NoError(t, err)
			defer f.Close()
			for _, n := range tc.writes {
				_, err := f.Write(make([]byte, n))
				require.NoError(t, err)
			}
			assert.Equal(t, tc.want, f.Room())
		})
	}
}
