// Package logger is supervisord's main activity log, written exactly as
// 4.2.5 writes it: one "2026-11-22 07:41:12,642 INFO message" line per
// message (local time, milliseconds, level names CRIT ERRO WARN INFO DEBG
// TRAC BLAT), a message's own newlines kept as they are, to a rotating file
// (4.2.5's RotatingFileHandler, see package childlog), to syslog, and
// optionally echoed to stdout (nodaemon without silent).
//
// Lines are written with one write(2) each before Log returns, so they are
// in the file for readers such as readLog and maintail. A Logger is safe
// for concurrent use.
//
// Subscribe (or childlog.Watch on Path()) wakes a follower such as the
// HTTP /mainlogtail handler after each line is written.
package logger

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/gosupervisord/gosupervisord/supervisor/childlog"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"golang.org/x/sys/unix"
)

// SyslogPath is the logfile value that sends the main log to syslog.
const SyslogPath = "syslog"

// Options configure a Logger.
type Options struct {
	// Path is "" for no file, "syslog" for syslog, else a file path (which
	// may be /dev/stdout or another non-seekable file: never rotated).
	Path string
	// MaxBytes is the rotation size; 0 never rotates.
	MaxBytes int64
	// Backups is the number of rotated files kept (.1 ... .N).
	Backups int
	// Level is the lowest level written.
	Level config.Level
	// Stdout, when non-nil, also receives every line (nodaemon and not
	// silent). It is written before the file, as in 4.2.5.
	Stdout io.Writer
}

// Errors returned by Clear, to be mapped to XML-RPC faults.
var (
	// ErrNoFile is NO_FILE: no log file configured or it does not exist.
	ErrNoFile = errors.New("NO_FILE")
	// ErrFailed is FAILED: the log file could not be removed.
	ErrFailed = errors.New("FAILED")
)

// Logger is the main log. The zero value is not usable; call New.
type Logger struct {
	path   string
	level  config.Level
	stdout io.Writer
	file   *childlog.File // nil unless Path is a file
	syslog *syslogSink    // nil unless Path is "syslog"

	mu  sync.Mutex
	buf []byte // line buffer, guarded by mu
}

// New opens the main log described by o.
func New(o Options) (*Logger, error) {
	l := &Logger{path: o.Path, level: o.Level, stdout: safeStdout(o.Stdout)}
	switch o.Path {
	case "":
	case SyslogPath:
		l.syslog = sharedSyslog()
	default:
		f, err := childlog.Open(o.Path, o.MaxBytes, o.Backups)
		if err != nil {
			return nil, err
		}
		l.file = f
	}
	return l, nil
}

// safeStdout gives writes to our own stdout or stderr their own descriptor,
// so that a closed reader makes them fail with EPIPE instead of the Go
// runtime killing the daemon with SIGPIPE (4.2.5 ignores EPIPE there).
func safeStdout(w io.Writer) io.Writer {
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return w
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return w
	}
	dup := -1
	_ = rc.Control(func(fd uintptr) {
		if fd <= 2 {
			dup, _ = unix.FcntlInt(fd, unix.F_DUPFD_CLOEXEC, 3)
		}
	})
	if dup < 0 {
		return w
	}
	return os.NewFile(uintptr(dup), f.Name())
}

// Level returns the lowest level the logger writes.
func (l *Logger) Level() config.Level { return l.level }

// Path returns the log file path, "syslog", or "" when there is no file.
func (l *Logger) Path() string { return l.path }

// Enabled reports whether messages at level are written. A nil Logger
// writes nothing.
func (l *Logger) Enabled(level config.Level) bool { return l != nil && level >= l.level }

// Log writes one message at level if the level is enabled. With no args,
// format is the message itself (no % processing, like 4.2.5's messages
// without keywords); otherwise it is formatted with fmt.Sprintf.
func (l *Logger) Log(level config.Level, format string, args ...any) {
	if !l.Enabled(level) {
		return
	}
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	l.write(level, msg)
}

// Print writes msg literally (no % processing) at level if the level is
// enabled. Use it for messages that embed text from outside (names, output).
func (l *Logger) Print(level config.Level, msg string) {
	if l.Enabled(level) {
		l.write(level, msg)
	}
}

// Critf logs at CRIT.
func (l *Logger) Critf(format string, args ...any) { l.Log(config.LevelCritical, format, args...) }

// Errorf logs at ERRO.
func (l *Logger) Errorf(format string, args ...any) { l.Log(config.LevelError, format, args...) }

// Warnf logs at WARN.
func (l *Logger) Warnf(format string, args ...any) { l.Log(config.LevelWarn, format, args...) }

// Infof logs at INFO.
func (l *Logger) Infof(format string, args ...any) { l.Log(config.LevelInfo, format, args...) }

// Debugf logs at DEBG.
func (l *Logger) Debugf(format string, args ...any) { l.Log(config.LevelDebug, format, args...) }

// Tracef logs at TRAC.
func (l *Logger) Tracef(format string, args ...any) { l.Log(config.LevelTrace, format, args...) }

// Blatherf logs at BLAT.
func (l *Logger) Blatherf(format string, args ...any) { l.Log(config.LevelBlather, format, args...) }

// write formats and emits one record to every target, stdout first.
func (l *Logger) write(level config.Level, msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.writeLocked(level, msg)
}

// writeLocked is write for callers holding l.mu.
func (l *Logger) writeLocked(level config.Level, msg string) {
	l.buf = appendRecord(l.buf[:0], timeNow(), level, msg)
	if l.stdout != nil {
		_, _ = l.stdout.Write(l.buf) // 4.2.5 ignores EPIPE on stdout
	}
	if l.file != nil {
		_, _ = l.file.Write(l.buf) // 4.2.5 reports to stderr and goes on
	}
	if l.syslog != nil {
		l.syslog.sendRecord(l.buf, msg)
	}
	if cap(l.buf) > 64<<10 {
		l.buf = nil // don't pin a huge debug record
	}
}

// Reopen reopens the log file (SIGUSR2). Stdout and syslog need nothing.
func (l *Logger) Reopen() error {
	if l.file == nil {
		return nil
	}
	return l.file.Reopen()
}

// Clear implements supervisor.clearLog as 4.2.5 does: ErrNoFile when no
// file is configured or it does not exist; the file is removed (ErrFailed,
// wrapping the cause, if that fails); then for each output (the stdout echo
// if any, then the file) "reopening log file" is logged at INFO and that
// output is reopened. The first of those lines goes to the old, removed
// file, so with a stdout echo stdout sees it twice and the new file stays
// empty, exactly as with 4.2.5. Special files such as /dev/stdout are not
// removed.
func (l *Logger) Clear() error {
	if l.path == "" {
		return ErrNoFile
	}
	if _, err := os.Stat(l.path); err != nil {
		return ErrNoFile
	}
	// Hold the lock throughout, so that no other goroutine's line lands in
	// the removed file (4.2.5 is single-threaded).
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.file != nil {
		if err := l.file.Remove(); err != nil {
			return fmt.Errorf("%w: %v", ErrFailed, err)
		}
	}
	const reopening = "reopening log file"
	if l.stdout != nil && l.Enabled(config.LevelInfo) {
		l.writeLocked(config.LevelInfo, reopening)
	}
	if l.Enabled(config.LevelInfo) {
		l.writeLocked(config.LevelInfo, reopening)
	}
	return l.Reopen()
}

// Close closes the log file. Stdout is never closed.
func (l *Logger) Close() error {
	if l.file == nil {
		return nil
	}
	return l.file.Close()
}

// Subscribe wakes the caller after each line written to the log file; see
// childlog.Watch. For a logger without a file the channel never fires.
func (l *Logger) Subscribe() (ch <-chan struct{}, cancel func()) {
	if l.file == nil {
		return make(chan struct{}), func() {}
	}
	return childlog.Watch(l.path)
}
