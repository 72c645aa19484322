// Package memtrim gives memory back to the system once the daemon goes
// idle, so that an idle supervisord holds little more than its live data:
//
//   - the Go heap's free pages (debug.FreeOSMemory, which also collects
//     garbage and shrinks goroutine stacks): start-up (configuration
//     parsing, the first spawns) and bursts of requests leave megabytes of
//     free heap that the runtime would otherwise keep for a while;
//   - the page mappings of read-only file mappings (the executable's code
//     and data, shared libraries) that hold no private data: the pages stay
//     in the page cache, and only the code used afterwards is mapped again,
//     on first use, by a minor fault. Start-up code (package
//     initialisation, configuration loading) is then no longer counted in
//     the daemon's resident set.
//
// Nothing runs while the daemon stays idle: Idle runs its function once
// after a period without activity, and again only after new activity.
package memtrim

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// Trim frees the Go heap's unused pages and unmaps the pages of clean
// read-only file mappings. It is safe to call from any goroutine and at
// any time; it only costs some CPU (a garbage collection, reading
// /proc/self/smaps) and the minor faults that map code again when used.
func Trim() {
	// A first collection moves sync.Pool caches (response buffers) to
	// their victim caches; FreeOSMemory's collection drops them.
	runtime.GC()
	debug.FreeOSMemory()
	_ = UnmapCleanFileMappings()
}

// UnmapCleanFileMappings drops the page mappings (madvise MADV_DONTNEED)
// of every file-backed mapping that is not writable and holds no anonymous
// pages, that is no private copy of a page (so only views of the page
// cache are dropped; a relocated read-only segment, for example, is
// kept). It returns the error of reading /proc/self/smaps, if any.
func UnmapCleanFileMappings() error {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return err
	}
	defer f.Close()
	var regions []region
	var cur *region
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Bytes()
		if r, ok := parseHeader(line); ok {
			regions = append(regions, r)
			cur = &regions[len(regions)-1]
			continue
		}
		if cur == nil {
			continue
		}
		// Private copies of file pages (written, then made read-only)
		// are anonymous pages. Dirty page-cache pages (a file not yet
		// written back) are not: they stay in the page cache.
		if v, ok := bytes.CutPrefix(line, []byte("Anonymous:")); ok && kilobytes(v) != 0 {
			cur.private = true
		}
		if bytes.HasPrefix(line, []byte("VmFlags:")) && bytes.Contains(line, []byte(" lo")) {
			cur.private = true // locked: leave it alone
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	for _, r := range regions {
		if r.candidate && !r.private {
			// The raw call: the range is not Go memory.
			_, _, _ = unix.Syscall(unix.SYS_MADVISE, r.start, r.end-r.start, unix.MADV_DONTNEED)
		}
	}
	return nil
}

// region is one mapping of /proc/self/smaps.
type region struct {
	start, end uintptr
	candidate  bool // file-backed and not writable
	private    bool // holds anonymous (private copy) pages, or is locked
}

// parseHeader parses a mapping line:
// "00400000-00776000 r-xp 00000000 fe:00 247278   /usr/bin/x".
func parseHeader(line []byte) (region, bool) {
	fields := bytes.Fields(line)
	if len(fields) < 5 {
		return region{}, false
	}
	lo, hi, ok := bytes.Cut(fields[0], []byte("-"))
	if !ok {
		return region{}, false
	}
	start, err1 := strconv.ParseUint(string(lo), 16, 64)
	end, err2 := strconv.ParseUint(string(hi), 16, 64)
	if err1 != nil || err2 != nil || len(fields[1]) != 4 {
		return region{}, false
	}
	perms, inode := fields[1], string(fields[4])
	r := region{start: uintptr(start), end: uintptr(end)}
	r.candidate = perms[1] == '-' && inode != "0" && len(fields) >= 6 && fields[5][0] == '/'
	return r, true
}

// kilobytes parses the " 123 kB" of an smaps line; -1 if unparsable.
func kilobytes(v []byte) int64 {
	fields := bytes.Fields(v)
	if len(fields) == 0 {
		return -1
	}
	n, err := strconv.ParseInt(string(fields[0]), 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// Idle calls a function once the daemon has been idle (no Active call) for
// a while after being active. It never wakes up while nothing happens.
type Idle struct {
	delay time.Duration
	fn    func()

	mu      sync.Mutex
	last    time.Time
	timer   *time.Timer // armed while waiting for idleness
	stopped bool
}

// AfterIdle returns an Idle that calls fn, in a goroutine of its own,
// delay after the last Active call (once per run of activity).
func AfterIdle(delay time.Duration, fn func()) *Idle {
	return &Idle{delay: delay, fn: fn}
}

// Active records activity now. It is cheap: one lock, one clock read, and
// a timer started only if none is pending.
func (i *Idle) Active() {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.last = time.Now()
	if i.timer == nil && !i.stopped {
		i.timer = time.AfterFunc(i.delay, i.fire)
	}
}

func (i *Idle) fire() {
	i.mu.Lock()
	if i.stopped {
		i.mu.Unlock()
		return
	}
	if rest := i.delay - time.Since(i.last); rest > 0 {
		i.timer = time.AfterFunc(rest, i.fire) // active meanwhile: wait on
		i.mu.Unlock()
		return
	}
	i.timer = nil
	i.mu.Unlock()
	i.fn()
}

// Stop cancels a pending call; later Active calls do nothing.
func (i *Idle) Stop() {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.stopped = true
	if i.timer != nil {
		i.timer.Stop()
		i.timer = nil
	}
}
