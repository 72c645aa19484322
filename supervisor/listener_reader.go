package supervisor

import (
	"os"
	"sync"

	"github.com/gosupervisord/gosupervisord/internal/py"
	"github.com/gosupervisord/gosupervisord/supervisor/childlog"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/output"
	"golang.org/x/sys/unix"
)

// listenerReadSize is the most read from a listener's stdout at once
// (4.2.5 reads up to 128 KiB).
const listenerReadSize = 128 << 10

// listenerBufs holds read buffers, taken only while a listener's stdout
// has data, so idle listeners hold none.
var listenerBufs = sync.Pool{New: func() any { b := make([]byte, listenerReadSize); return &b }}

// drainListener starts the goroutine that reads the stdout of an event
// listener (4.2.5's PEventListenerDispatcher). Every chunk is echoed to the
// main log at DEBG as "'<name>' stdout output:\n<bytes repr>", written to
// the stdout log file if there is one, and handed to the loop, where the
// pool's protocol parser decides what it means. Once the listener is
// UNKNOWN its bytes are no longer handed over (4.2.5 drops them). Unlike
// other output, listener stdout emits no PROCESS_LOG events.
func (inst *instance) drainListener(r *os.File, log *childlog.File) {
	p, s := inst.p, inst.p.s
	pl := p.group.pool
	mute := pl.spawned(p, inst)
	name := py.Repr(p.cfg.Name)
	strip := s.cfg.Supervisord.StripAnsi
	mainLog := s.log
	inst.draining++
	go func() {
		var logFailed bool
		_ = readChunks(r, func(chunk []byte) {
			if mainLog.Enabled(config.LevelDebug) {
				mainLog.Debugf("%s stdout output:\n%s", name, py.BytesRepr(chunk))
			}
			if log != nil {
				data := chunk
				if strip {
					data = output.AppendStripped(nil, chunk)
				}
				if _, err := log.Write(data); err != nil && !logFailed {
					logFailed = true
					mainLog.Errorf("%s stdout log write to %s failed: %v", name, py.Repr(log.Path()), err)
				} else if err == nil {
					logFailed = false
				}
			}
			if !mute.Load() {
				data := append([]byte(nil), chunk...)
				s.post(func() { pl.output(inst, data) })
			}
		})
		s.post(inst.drainDone)
	}()
}

// readChunks reads f until end of file, an error or a read deadline,
// calling fn with each chunk (valid only during the call). It waits for
// data in the runtime poller without holding a buffer.
func readChunks(f *os.File, fn func([]byte)) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	for {
		var bp *[]byte
		var n int
		var rerr error
		err := rc.Read(func(fd uintptr) bool {
			bp = listenerBufs.Get().(*[]byte)
			for {
				n, rerr = unix.Read(int(fd), *bp)
				if rerr != unix.EINTR {
					break
				}
			}
			if rerr == unix.EAGAIN {
				listenerBufs.Put(bp)
				bp = nil
				return false
			}
			return true
		})
		if err == nil && rerr == nil && n > 0 {
			fn((*bp)[:n])
		}
		if bp != nil {
			listenerBufs.Put(bp)
		}
		switch {
		case err != nil:
			return err
		case rerr != nil:
			return rerr
		case n == 0:
			return nil
		}
	}
}
