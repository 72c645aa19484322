package webui

import (
	"context"
	"sync"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor"
)

// statusSnapshot is one reading of the process table for the live status
// stream.
type statusSnapshot struct {
	infos []supervisor.ProcessInfo
	err   error
	key   string // what a browser sees, minus the ticking uptimes
}

// statusHub reads the process table for every browser following the
// status page at once: one reader, however many browsers. It runs only
// while at least one browser is subscribed. It waits for the Backend's
// state announcements when it is a StateWatcher, and otherwise re-reads the
// table every interval; a kick (after an action) re-reads it at once.
// Subscribers are woken (coalescing) when what they show changes.
type statusHub struct {
	backend  Backend
	interval time.Duration
	closing  <-chan struct{}
	kicks    chan struct{}

	mu      sync.Mutex
	subs    map[chan struct{}]struct{}
	latest  *statusSnapshot
	running bool
}

func newStatusHub(b Backend, interval time.Duration, closing <-chan struct{}) *statusHub {
	return &statusHub{
		backend:  b,
		interval: interval,
		closing:  closing,
		kicks:    make(chan struct{}, 1),
		subs:     map[chan struct{}]struct{}{},
	}
}

// subscribe registers a browser. The channel receives a value whenever a
// new snapshot is available (at once if one is); cancel unregisters.
func (hub *statusHub) subscribe() (ch <-chan struct{}, cancel func()) {
	c := make(chan struct{}, 1)
	hub.mu.Lock()
	hub.subs[c] = struct{}{}
	if hub.latest != nil {
		c <- struct{}{}
	}
	if !hub.running {
		hub.running = true
		go hub.run()
	}
	hub.mu.Unlock()
	var once sync.Once
	return c, func() {
		once.Do(func() {
			hub.mu.Lock()
			delete(hub.subs, c)
			last := len(hub.subs) == 0
			hub.mu.Unlock()
			if last {
				hub.kick() // let the reader see it is alone and stop
			}
		})
	}
}

// snapshot returns the latest reading (nil before the first).
func (hub *statusHub) snapshot() *statusSnapshot {
	hub.mu.Lock()
	defer hub.mu.Unlock()
	return hub.latest
}

// kick asks for a new reading now; it never blocks.
func (hub *statusHub) kick() {
	select {
	case hub.kicks <- struct{}{}:
	default:
	}
}

// run reads the table until no browser is left.
func (hub *statusHub) run() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-hub.closing:
			cancel()
		case <-ctx.Done():
		}
	}()
	var changed <-chan struct{}
	var tick <-chan time.Time
	if sw, ok := hub.backend.(StateWatcher); ok {
		ch, stop := sw.WatchStates()
		defer stop()
		changed = ch
	} else {
		t := time.NewTicker(hub.interval)
		defer t.Stop()
		tick = t.C
	}
	for {
		hub.read(ctx)
		select {
		case <-changed:
		case <-tick:
		case <-hub.kicks:
		case <-hub.closing:
		}
		hub.mu.Lock()
		if len(hub.subs) == 0 || isClosed(hub.closing) {
			hub.running = false
			hub.latest = nil
			hub.mu.Unlock()
			return
		}
		hub.mu.Unlock()
	}
}

// read takes one reading and wakes the subscribers if it differs.
func (hub *statusHub) read(ctx context.Context) {
	readCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	infos, err := hub.backend.AllProcessInfo(readCtx)
	cancel()
	snap := &statusSnapshot{infos: infos, err: err, key: snapshotKey(infos, err)}
	hub.mu.Lock()
	defer hub.mu.Unlock()
	if hub.latest != nil && hub.latest.key == snap.key {
		return
	}
	hub.latest = snap
	for c := range hub.subs {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

func isClosed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
