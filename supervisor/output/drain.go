package output

import (
	"bytes"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"syscall"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/internal/py"
	"github.com/gosupervisord/gosupervisord/supervisor/childlog"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/logger"
	"golang.org/x/sys/unix"
)

// ReadSize is the most read from the pipe at once (4.2.5's readfd).
const ReadSize = 128 << 10

// BulkReadSize is the most read at once from a busy channel that needs no
// filtering (see Drain): fewer, larger reads and writes, and fewer
// wake-ups of the child and of us.
const BulkReadSize = 1 << 20

// bulkPipeSize is the pipe buffer a busy unfiltered channel gets (Linux's
// default is 64 KiB), so that a child writing megabytes wakes us once per
// megabyte rather than every 64 KiB.
const bulkPipeSize = 1 << 20

// defaultPipeSize is Linux's default pipe buffer: a read returning that
// much found the pipe full.
const defaultPipeSize = 64 << 10

// maxBulkPipes bounds how many pipes are enlarged at once: unprivileged
// users have a per-user budget of pipe pages (fs.pipe-user-pages-soft,
// 64 MiB by default), and past it new pipes get a single page.
const maxBulkPipes = 16

// bulkPipes counts the pipes currently enlarged.
var bulkPipes atomic.Int32

// Config describes one output channel of one process.
type Config struct {
	// ProcName is the process name (for the debug echo and syslog).
	ProcName string
	// Channel is "stdout" or "stderr".
	Channel string
	// Log is the channel's log file, nil when the log is NONE.
	Log *childlog.File
	// StripAnsi removes ANSI escapes before logging ([supervisord]
	// strip_ansi).
	StripAnsi bool
	// CaptureMaxBytes > 0 enables capture mode with a buffer of that size.
	CaptureMaxBytes int64
	// Syslog sends the output to syslog as "<ProcName> <line>".
	Syslog bool
	// MainLog receives the DEBG echo of the output when its level is DEBG
	// or lower, and the "emitted a comm event" DEBG line. May be nil.
	MainLog *logger.Logger
	// OnLog, when non-nil (*_events_enabled), is called once per logged
	// piece of output, after ANSI stripping, with a copy it may keep
	// (PROCESS_LOG_STDOUT/STDERR). It runs in the draining goroutine.
	OnLog func(data []byte)
	// OnCapture, when non-nil, is called at each END token with the
	// captured bytes, a copy it may keep (PROCESS_COMMUNICATION_*).
	OnCapture func(data []byte)
}

// bufPool holds read buffers (len ReadSize), so that idle channels hold
// none; bulkPool holds the BulkReadSize buffers of busy channels.
var (
	bufPool  = sync.Pool{New: func() any { b := make([]byte, ReadSize); return &b }}
	bulkPool = sync.Pool{New: func() any { b := make([]byte, BulkReadSize); return &b }}
)

// scratchPool holds buffers for ANSI-stripped text.
var scratchPool = sync.Pool{New: func() any { b := make([]byte, 0, ReadSize); return &b }}

// Drain reads r until end of file, handling each chunk as described in the
// package documentation, and returns nil at EOF or the read error. When r
// is an *os.File (or another syscall.Conn) from os.Pipe, Drain waits for
// data without holding a read buffer. Bytes still held back by capture mode
// at EOF (a possible token prefix) are logged then; 4.2.5 drops them.
func Drain(r io.Reader, c Config) error {
	d := newDispatcher(c)
	if sc, ok := r.(syscall.Conn); ok {
		if rc, err := sc.SyscallConn(); err == nil {
			return d.drainRaw(rc)
		}
	}
	bp := bufPool.Get().(*[]byte)
	defer bufPool.Put(bp)
	for {
		n, err := r.Read(*bp)
		if n > 0 {
			d.feed((*bp)[:n])
		}
		if err != nil {
			d.finish()
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

// rawReader reads a descriptor through the runtime poller, taking a
// pooled buffer only once the descriptor is readable. Its read method is
// built once, so a chunk costs no allocation.
type rawReader struct {
	bp   *[]byte
	pool *sync.Pool // where bp came from
	n    int
	err  error
	read func(fd uintptr) bool

	// chunk is the most the next read takes: ReadSize, or more for a busy
	// unfiltered channel (drainRaw).
	chunk int
	// grow asks the read to enlarge the pipe first; grown records that
	// it did (and holds one of maxBulkPipes).
	grow, grown bool
}

func newRawReader() *rawReader {
	rr := &rawReader{chunk: ReadSize}
	rr.read = func(fd uintptr) bool {
		if rr.grow {
			rr.grow = false
			rr.growPipe(fd)
		}
		rr.pool = &bufPool
		if rr.chunk > ReadSize {
			rr.pool = &bulkPool
		}
		rr.bp = rr.pool.Get().(*[]byte)
		for {
			rr.n, rr.err = unix.Read(int(fd), (*rr.bp)[:rr.chunk])
			if rr.err != unix.EINTR {
				break
			}
		}
		if rr.err == unix.EAGAIN {
			rr.pool.Put(rr.bp)
			rr.bp = nil
			return false // wait for readability without a buffer
		}
		return true
	}
	return rr
}

// growPipe enlarges the pipe to bulkPipeSize if the budget allows.
func (rr *rawReader) growPipe(fd uintptr) {
	if bulkPipes.Add(1) > maxBulkPipes {
		bulkPipes.Add(-1)
		return
	}
	if _, err := unix.FcntlInt(fd, unix.F_SETPIPE_SZ, bulkPipeSize); err != nil {
		bulkPipes.Add(-1)
		return
	}
	rr.grown = true
}

// release gives back the enlarged pipe's share of the budget.
func (rr *rawReader) release() {
	if rr.grown {
		rr.grown = false
		bulkPipes.Add(-1)
	}
}

// drainRaw is Drain's loop over a syscall.RawConn.
func (d *dispatcher) drainRaw(rc syscall.RawConn) error {
	rr := newRawReader()
	defer rr.release()
	tried := false // pipe enlargement attempted
	for {
		rr.bp, rr.n, rr.err = nil, 0, nil
		err := rc.Read(rr.read)
		if err == nil && rr.err == nil && rr.n > 0 {
			d.feed((*rr.bp)[:rr.n])
		}
		if rr.bp != nil {
			rr.pool.Put(rr.bp)
		}
		switch {
		case err != nil:
			d.finish()
			return err
		case rr.err != nil:
			d.finish()
			return rr.err
		case rr.n <= 0:
			d.finish()
			return nil
		}
		// A read that found a full default pipe means a busy child:
		// without filtering (where 4.2.5's chunking shows), read in bulk
		// from an enlarged pipe; back to 4.2.5's chunks once it calms
		// down.
		if rr.n < defaultPipeSize || !d.bulkOK() {
			rr.chunk = ReadSize
		} else {
			rr.chunk = d.bulkChunk()
			if !tried && rr.chunk > ReadSize {
				tried, rr.grow = true, true
			}
		}
	}
}

// bulkOK reports whether chunk sizes are invisible: the bytes only go to
// the log file (no capture mode, ANSI stripping, syslog, DEBG echo or
// PROCESS_LOG events, which all see 4.2.5's chunks).
func (d *dispatcher) bulkOK() bool {
	c := &d.c
	return c.Log != nil && d.capture == nil && !c.StripAnsi && !c.Syslog && c.OnLog == nil &&
		!c.MainLog.Enabled(config.LevelDebug)
}

// bulkChunk is the next read size of a busy unfiltered channel: up to
// BulkReadSize, but no more than the room left before the log rotates
// (at least ReadSize), so the log overshoots maxbytes by no more than a
// 4.2.5 read would.
func (d *dispatcher) bulkChunk() int {
	room := d.c.Log.Room()
	if room >= BulkReadSize {
		return BulkReadSize
	}
	return max(int(room), ReadSize)
}

// dispatcher is the per-channel state of 4.2.5's POutputDispatcher.
type dispatcher struct {
	c       Config
	capture *boundBuffer // nil unless capture mode is configured
	// capturing is true between BEGIN and END tokens.
	capturing bool
	// pending is output held back while looking for a token (never more
	// than a token's length; 4.2.5's output_buffer between reads).
	pending    [len(BeginToken)]byte
	pendingLen int
	// writeFailed suppresses repeated write-error reports.
	writeFailed bool
}

func newDispatcher(c Config) *dispatcher {
	d := &dispatcher{c: c}
	if c.CaptureMaxBytes > 0 {
		d.capture = &boundBuffer{max: c.CaptureMaxBytes}
	}
	return d
}

// feed handles one chunk read from the pipe (handle_read_event).
func (d *dispatcher) feed(chunk []byte) {
	if d.capture == nil {
		d.log(chunk)
		return
	}
	sp := scratchPool.Get().(*[]byte)
	buf := append(append((*sp)[:0], d.pending[:d.pendingLen]...), chunk...)
	rest := d.recordOutput(buf)
	d.pendingLen = copy(d.pending[:], rest)
	*sp = buf[:0]
	scratchPool.Put(sp)
}

// finish handles end of file. 4.2.5 never logs bytes still pending then;
// we log them rather than lose them.
func (d *dispatcher) finish() {
	if d.pendingLen > 0 {
		d.log(d.pending[:d.pendingLen])
		d.pendingLen = 0
	}
}

// recordOutput is 4.2.5's record_output for capture mode: log what cannot
// be part of the awaited token, toggle the mode at each token, and return
// what must wait for more output (at most a token's length).
func (d *dispatcher) recordOutput(data []byte) []byte {
	for {
		token := BeginToken
		if d.capturing {
			token = EndToken
		}
		if len(data) <= len(token) {
			return data // not enough data
		}
		idx := bytes.Index(data, []byte(token))
		if idx < 0 {
			keep := findPrefixAtEnd(data, token)
			d.log(data[:len(data)-keep])
			return data[len(data)-keep:]
		}
		d.log(data[:idx])
		d.toggleCapture()
		data = data[idx+len(token):]
		if len(data) == 0 {
			return data
		}
	}
}

// toggleCapture enters or leaves capture mode; leaving it hands the
// captured bytes to OnCapture.
func (d *dispatcher) toggleCapture() {
	d.capturing = !d.capturing
	if d.capturing {
		return
	}
	data := d.capture.take()
	if d.c.OnCapture != nil {
		d.c.OnCapture(data)
	}
	if ml := d.c.MainLog; ml.Enabled(config.LevelDebug) {
		ml.Debugf("%s %s emitted a comm event", py.Repr(d.c.ProcName), d.c.Channel)
	}
}

// log is 4.2.5's _log: strip, write to the current log, echo, event.
func (d *dispatcher) log(data []byte) {
	if len(data) == 0 {
		return
	}
	if d.c.StripAnsi {
		sp := scratchPool.Get().(*[]byte)
		*sp = AppendStripped((*sp)[:0], data)
		data = *sp
		defer scratchPool.Put(sp)
	}
	if d.capturing {
		d.capture.write(data)
	} else {
		if d.c.Log != nil {
			d.writeLog(data)
		}
		if d.c.Syslog {
			logger.SyslogLines(d.c.ProcName, string(data))
		}
	}
	if ml := d.c.MainLog; ml.Enabled(config.LevelDebug) {
		text := string(data)
		if !utf8.Valid(data) {
			text = "Undecodable: " + py.BytesRepr(data)
		}
		ml.Debugf("%s %s output:\n%s", py.Repr(d.c.ProcName), d.c.Channel, text)
	}
	if d.c.OnLog != nil {
		d.c.OnLog(append([]byte(nil), data...))
	}
}

// writeLog writes to the log file. A failure never stops the draining (the
// child must not block on a full pipe); the first failure of a streak is
// reported in the main log.
func (d *dispatcher) writeLog(data []byte) {
	_, err := d.c.Log.Write(data)
	if err == nil {
		d.writeFailed = false
		return
	}
	if errors.Is(err, syscall.EPIPE) || d.writeFailed {
		d.writeFailed = true
		return
	}
	d.writeFailed = true
	d.c.MainLog.Errorf("%s %s log write to %s failed: %v",
		py.Repr(d.c.ProcName), d.c.Channel, py.Repr(d.c.Log.Path()), err)
}
