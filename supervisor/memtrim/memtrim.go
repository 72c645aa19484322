// Package memtrim gives the Go heap's free pages back to the system once
// the daemon goes idle, so that an idle supervisord holds little more than
// its live data: start-up (configuration parsing, the first spawns) and
// bursts of requests leave megabytes of free heap that the runtime would
// otherwise return only slowly.
//
// It deliberately does not drop the daemon's file-backed pages (its code):
// those stay in the page cache and are charged to a container's memory
// cgroup all the same, so unmapping them would only lower the VmRSS figure,
// not the memory the daemon costs.
//
// Nothing runs while the daemon stays idle: Idle runs its function once
// after a period without activity, and again only after new activity.
package memtrim

import (
	"runtime"
	"runtime/debug"
	"sync"
	"time"
)

// Trim collects garbage and returns the Go heap's unused pages to the
// system. It is safe to call from any goroutine and at any time; it costs
// two garbage collections.
func Trim() {
	// A first collection moves sync.Pool caches (response buffers) to
	// their victim caches; FreeOSMemory's collection drops them.
	runtime.GC()
	debug.FreeOSMemory()
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
