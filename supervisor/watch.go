package supervisor

import "sync"

// stateWatchers wakes the followers of process state changes (the web UI's
// live status): a coalescing, never blocking notification.
type stateWatchers struct {
	mu   sync.Mutex
	subs map[chan struct{}]struct{}
}

// WatchStates returns a channel that receives a value (coalescing, never
// blocking the supervisor) after any process changes state or a group is
// added or removed, and a function that ends the subscription. It is safe
// to call from any goroutine and needs no running loop.
func (s *Supervisor) WatchStates() (changed <-chan struct{}, cancel func()) {
	c := make(chan struct{}, 1)
	w := &s.watchers
	w.mu.Lock()
	if w.subs == nil {
		w.subs = map[chan struct{}]struct{}{}
	}
	w.subs[c] = struct{}{}
	w.mu.Unlock()
	var once sync.Once
	return c, func() {
		once.Do(func() {
			w.mu.Lock()
			delete(w.subs, c)
			w.mu.Unlock()
		})
	}
}

// notify wakes every watcher.
func (w *stateWatchers) notify() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for c := range w.subs {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}
