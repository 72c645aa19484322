package supervisor

import (
	"errors"
	"os"
	"sync"
	"syscall"
)

// stdinPipe is the write end of a child's stdin (4.2.5's PInputDispatcher):
// Write tries the pipe at once without blocking and queues what does not
// fit; a goroutine flushes the queue as the child reads. EPIPE is reported
// by the Write that meets it and by every later Write.
type stdinPipe struct {
	f *os.File

	mu      sync.Mutex
	queue   []byte
	err     error
	closed  bool
	flusher bool // a flush goroutine is running
}

func newStdinPipe(f *os.File) *stdinPipe { return &stdinPipe{f: f} }

// errStdinClosed stands for 4.2.5's "Process' stdin channel is closed".
var errStdinClosed = syscall.EPIPE

// Write sends data to the child, buffering what the pipe cannot take now.
func (sp *stdinPipe) Write(data []byte) error {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.closed {
		return errStdinClosed
	}
	if sp.err != nil {
		return sp.err
	}
	if len(sp.queue) > 0 {
		sp.queue = append(sp.queue, data...)
		return nil
	}
	n, err := sp.tryWrite(data)
	if err != nil {
		if errors.Is(err, syscall.EPIPE) {
			sp.err = syscall.EPIPE
		}
		return err
	}
	if n < len(data) {
		sp.queue = append(sp.queue[:0], data[n:]...)
		if !sp.flusher {
			sp.flusher = true
			go sp.flush()
		}
	}
	return nil
}

// tryWrite writes as much of data as the pipe takes without waiting.
func (sp *stdinPipe) tryWrite(data []byte) (int, error) {
	rc, err := sp.f.SyscallConn()
	if err != nil {
		return 0, err
	}
	total := 0
	var werr error
	cerr := rc.Write(func(fd uintptr) bool {
		for total < len(data) {
			n, err := syscall.Write(int(fd), data[total:])
			if err == syscall.EINTR {
				continue
			}
			if err != nil {
				if err != syscall.EAGAIN {
					werr = err
				}
				break
			}
			total += n
		}
		return true // never wait here
	})
	if werr == nil {
		werr = cerr
	}
	return total, werr
}

// flush writes the queue in the background, waiting for the child to read.
func (sp *stdinPipe) flush() {
	for {
		sp.mu.Lock()
		if sp.closed || len(sp.queue) == 0 {
			sp.flusher = false
			sp.mu.Unlock()
			return
		}
		chunk := sp.queue
		sp.queue = nil
		sp.mu.Unlock()

		n, err := sp.f.Write(chunk) // blocks in the poller until written

		sp.mu.Lock()
		if err != nil {
			if errors.Is(err, syscall.EPIPE) {
				sp.err = syscall.EPIPE
			}
			sp.queue = nil
			sp.flusher = false
			sp.mu.Unlock()
			return
		}
		if n < len(chunk) {
			sp.queue = append(chunk[n:], sp.queue...)
		}
		sp.mu.Unlock()
	}
}

// Close closes the pipe; queued data is dropped.
func (sp *stdinPipe) Close() {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if !sp.closed {
		sp.closed = true
		sp.queue = nil
		sp.f.Close()
	}
}
