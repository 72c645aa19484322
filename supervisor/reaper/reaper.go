// Package reaper collects every child of this process with one
// SIGCHLD-driven wait4(-1, WNOHANG) loop and hands each exit to whoever
// spawned that pid, or to the orphan handler for pids nobody registered
// (grandchildren re-parented to us when we run as PID 1).
//
// Forks and reaps exclude each other: Spawn holds a read lock while it
// forks and records the new pid, and the reaper takes the write lock around
// its wait4 loop. So an exit is never collected before its pid is known,
// and the reaper never steals the child that syscall.ForkExec waits for
// itself after a failed exec.
//
// Nothing else in the process may wait for children (no exec.Cmd.Wait,
// no os.Process.Wait) while the reaper runs: it would race with wait4(-1).
package reaper

import (
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// Exit is one reaped child.
type Exit struct {
	PID    int
	Status syscall.WaitStatus
	Time   time.Time // when it was reaped
}

var (
	// forkMu orders forks (readers) against reaping (the writer).
	forkMu sync.RWMutex

	mu      sync.Mutex
	owners  = map[int]func(Exit){}
	orphans []*orphanHandler
	started bool
)

type orphanHandler struct{ fn func(Exit) }

// Spawn runs start, which forks a child and returns its pid, so that the
// child's exit is delivered to deliver. deliver is called from the reaper
// goroutine and must not block for long. Spawn starts the reaper on first
// use.
func Spawn(deliver func(Exit), start func() (int, error)) (int, error) {
	ensureStarted()
	forkMu.RLock()
	defer forkMu.RUnlock()
	pid, err := start()
	if err == nil && pid > 0 {
		mu.Lock()
		owners[pid] = deliver
		mu.Unlock()
	}
	return pid, err
}

// HandleOrphans registers fn for exits of pids that no Spawn registered.
// Only the earliest registered handler still in place gets them. The
// returned function unregisters fn.
func HandleOrphans(fn func(Exit)) (cancel func()) {
	ensureStarted()
	h := &orphanHandler{fn}
	mu.Lock()
	orphans = append(orphans, h)
	mu.Unlock()
	// Orphans that died before anyone listened are collected now.
	go reapAll()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		for i, o := range orphans {
			if o == h {
				orphans = append(orphans[:i:i], orphans[i+1:]...)
				return
			}
		}
	}
}

// Forget stops delivering the exit of pid (its owner is going away).
func Forget(pid int) {
	mu.Lock()
	delete(owners, pid)
	mu.Unlock()
}

func ensureStarted() {
	mu.Lock()
	defer mu.Unlock()
	if started {
		return
	}
	started = true
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGCHLD)
	go func() {
		for range ch {
			reapAll()
		}
	}()
}

// reapAll collects every child that has exited and delivers the exits.
func reapAll() {
	var exits []Exit
	forkMu.Lock()
	for {
		var ws syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || pid <= 0 {
			break
		}
		exits = append(exits, Exit{PID: pid, Status: ws, Time: time.Now()})
	}
	forkMu.Unlock()
	for _, e := range exits {
		mu.Lock()
		fn, ok := owners[e.PID]
		delete(owners, e.PID)
		if !ok && len(orphans) > 0 {
			fn, ok = orphans[0].fn, true
		}
		mu.Unlock()
		if ok {
			fn(e)
		}
	}
}
