package childlog

import (
	"path/filepath"
	"sync"
	"sync/atomic"
)

// topic is the set of followers of one log path. It lives in the registry
// while a File or a follower holds a reference to it.
type topic struct {
	path string
	refs int // guarded by registry.mu

	nsubs atomic.Int32 // fast check for Write's hot path
	mu    sync.Mutex
	subs  map[*subscriber]struct{}
}

type subscriber struct {
	ch chan struct{}
}

// registry maps a cleaned path to its topic.
var registry = struct {
	mu     sync.Mutex
	topics map[string]*topic
}{topics: map[string]*topic{}}

func topicKey(path string) string {
	if path == "" {
		return ""
	}
	return filepath.Clean(path)
}

// acquireTopic returns the topic of path with one more reference.
func acquireTopic(path string) *topic {
	key := topicKey(path)
	registry.mu.Lock()
	defer registry.mu.Unlock()
	t := registry.topics[key]
	if t == nil {
		t = &topic{path: key, subs: map[*subscriber]struct{}{}}
		registry.topics[key] = t
	}
	t.refs++
	return t
}

// releaseTopic drops one reference and forgets the topic when unused.
func releaseTopic(t *topic) {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	t.refs--
	if t.refs == 0 && registry.topics[t.path] == t {
		delete(registry.topics, t.path)
	}
}

// notify wakes every follower of t without blocking.
func (t *topic) notify() {
	if t.nsubs.Load() == 0 {
		return
	}
	t.mu.Lock()
	for s := range t.subs {
		select {
		case s.ch <- struct{}{}:
		default:
		}
	}
	t.mu.Unlock()
}

// Watch subscribes to changes of the log file at path: the returned channel
// receives a value after each write, rotation, reopen or clear done through
// this package (or the main logger) on that path. Sends never block and
// coalesce: at most one wake-up is pending. Call cancel to unsubscribe; it
// is safe to call more than once.
func Watch(path string) (ch <-chan struct{}, cancel func()) {
	t := acquireTopic(path)
	s := &subscriber{ch: make(chan struct{}, 1)}
	t.mu.Lock()
	t.subs[s] = struct{}{}
	t.nsubs.Add(1)
	t.mu.Unlock()
	var once sync.Once
	return s.ch, func() {
		once.Do(func() {
			t.mu.Lock()
			delete(t.subs, s)
			t.nsubs.Add(-1)
			t.mu.Unlock()
			releaseTopic(t)
		})
	}
}

// Notify wakes the followers of path as if a File on it had been written.
// Writers outside this package (such as the main logger) call it after
// changing the file.
func Notify(path string) {
	registry.mu.Lock()
	t := registry.topics[topicKey(path)]
	registry.mu.Unlock()
	if t != nil {
		t.notify()
	}
}
