package memtrim

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// mappingRss returns the Rss (kB) of the mapping starting at addr.
func mappingRss(t *testing.T, addr uintptr) int64 {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	require.NoError(t, err)
	defer f.Close()
	prefix := strconv.FormatUint(uint64(addr), 16) + "-"
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if _, ok := parseHeader([]byte(line)); ok {
			in = strings.HasPrefix(line, prefix)
			continue
		}
		if v, ok := strings.CutPrefix(line, "Rss:"); in && ok {
			return kilobytes([]byte(v))
		}
	}
	t.Fatalf("no mapping at %x", addr)
	return 0
}

// mapFile maps a 256 KiB file of known bytes with prot, privately.
func mapFile(t *testing.T, prot int) ([]byte, []byte) {
	t.Helper()
	want := bytes.Repeat([]byte("0123456789abcdef"), 16<<10)
	path := filepath.Join(t.TempDir(), "data")
	require.NoError(t, os.WriteFile(path, want, 0o644))
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	m, err := unix.Mmap(int(f.Fd()), 0, len(want), prot, unix.MAP_PRIVATE)
	require.NoError(t, err)
	t.Cleanup(func() { unix.Munmap(m) })
	return m, want
}

// sink keeps the reads that fault pages in.
var sink byte

func addrOf(b []byte) uintptr {
	return uintptr(unsafePointer(b))
}

// TestUnmapCleanFileMappings checks that a clean read-only file mapping
// loses its resident pages and still reads the file's bytes, and that a
// read-only mapping holding private modifications (like a relocated
// segment) is left alone.
func TestUnmapCleanFileMappings(t *testing.T) {
	clean, want := mapFile(t, unix.PROT_READ)
	for i := 0; i < len(clean); i += 4096 {
		sink += clean[i]
	}

	private, _ := mapFile(t, unix.PROT_READ|unix.PROT_WRITE)
	copy(private, "modified")
	require.NoError(t, unix.Mprotect(private, unix.PROT_READ))

	require.Positive(t, mappingRss(t, addrOf(clean)))
	require.Positive(t, mappingRss(t, addrOf(private)))
	require.NoError(t, UnmapCleanFileMappings())
	assert.Zero(t, mappingRss(t, addrOf(clean)), "clean mapping still resident")
	assert.Positive(t, mappingRss(t, addrOf(private)), "private data dropped")
	assert.True(t, bytes.Equal(want, clean), "clean mapping reads the file again")
	assert.Equal(t, "modified", string(private[:8]), "private modification kept")
	Trim() // the whole trim, on a running test binary
	assert.True(t, bytes.Equal(want, clean))
}

func TestParseHeader(t *testing.T) {
	cases := []struct {
		line      string
		ok, cand  bool
		start, to uintptr
	}{
		{"00400000-00776000 r-xp 00000000 fe:00 247278                     /usr/bin/x", true, true, 0x400000, 0x776000},
		{"00b4c000-00bac000 rw-p 0074c000 fe:00 247278   /usr/bin/x", true, false, 0xb4c000, 0xbac000},
		{"7f6a6c25e000-7f6a6c39e000 rw-p 00000000 00:00 0", true, false, 0x7f6a6c25e000, 0x7f6a6c39e000},
		{"7ffdf8259000-7ffdf827a000 r--p 00000000 00:00 0                          [vvar]", true, false, 0x7ffdf8259000, 0x7ffdf827a000},
		{"Rss:                   8 kB", false, false, 0, 0},
		{"VmFlags: rd mr mw me", false, false, 0, 0},
	}
	for _, tc := range cases {
		r, ok := parseHeader([]byte(tc.line))
		assert.Equal(t, tc.ok, ok, tc.line)
		if ok {
			assert.Equal(t, tc.cand, r.candidate, tc.line)
			assert.Equal(t, tc.start, r.start, tc.line)
			assert.Equal(t, tc.to, r.end, tc.line)
		}
	}
}

// TestIdle checks that the function runs once after activity stops, not
// while activity goes on, and never after Stop.
func TestIdle(t *testing.T) {
	var calls atomic.Int32
	idle := AfterIdle(50*time.Millisecond, func() { calls.Add(1) })
	// Active every 10 ms for 200 ms: no call meanwhile.
	for range 20 {
		idle.Active()
		time.Sleep(10 * time.Millisecond)
	}
	assert.Zero(t, calls.Load(), "called while active")
	require.Eventually(t, func() bool { return calls.Load() == 1 }, 5*time.Second, 5*time.Millisecond)
	time.Sleep(150 * time.Millisecond)
	assert.Equal(t, int32(1), calls.Load(), "called again without activity")
	idle.Active()
	require.Eventually(t, func() bool { return calls.Load() == 2 }, 5*time.Second, 5*time.Millisecond)
	idle.Active()
	idle.Stop()
	time.Sleep(150 * time.Millisecond)
	assert.Equal(t, int32(2), calls.Load(), "called after Stop")
	idle.Active() // no effect
	time.Sleep(100 * time.Millisecond)
	assert.Equal(t, int32(2), calls.Load())
}
