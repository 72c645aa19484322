package logger

import (
	"log/syslog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// syslogSink sends messages to the local syslog daemon the way 4.2.5's
// SyslogHandler does through Python's syslog module: facility USER,
// priority INFO, ident the program's base name. It connects lazily and
// drops messages while no daemon listens (retrying at most once a second),
// so a missing /dev/log never breaks logging.
type syslogSink struct {
	mu       sync.Mutex
	w        *syslog.Writer
	lastDial time.Time
}

var (
	syslogOnce   sync.Once
	syslogShared *syslogSink
)

// syslogDial connects to the local syslog daemon (replaceable in tests).
var syslogDial = func() (*syslog.Writer, error) {
	return syslog.New(syslog.LOG_INFO|syslog.LOG_USER, filepath.Base(os.Args[0]))
}

// syslogRedial is the least time between two connection attempts.
const syslogRedial = time.Second

// sharedSyslog returns the process-wide syslog connection (Python's syslog
// module has one per process too).
func sharedSyslog() *syslogSink {
	syslogOnce.Do(func() { syslogShared = &syslogSink{} })
	return syslogShared
}

// send writes one syslog message.
func (s *syslogSink) send(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.w == nil {
		now := time.Now()
		if !s.lastDial.IsZero() && now.Sub(s.lastDial) < syslogRedial {
			return // no daemon a moment ago: drop, like libc syslog
		}
		s.lastDial = now
		w, err := syslogDial()
		if err != nil {
			return
		}
		s.w = w
	}
	if err := s.w.Info(msg); err != nil {
		s.w.Close()
		s.w = nil
	}
}

// sendRecord sends a main-log record as 4.2.5 does: one syslog message per
// line of msg (trailing newlines dropped), each formatted with the full
// main-log format. record is the already formatted single record, whose
// prefix (time and level) is reused.
func (s *syslogSink) sendRecord(record []byte, msg string) {
	prefix := string(record[:len(record)-len(msg)-1])
	for _, line := range strings.Split(strings.TrimRight(msg, "\n"), "\n") {
		s.send(prefix + line + "\n")
	}
}

// SyslogLines sends text to syslog as 4.2.5's child-output syslog handler
// does: text (trailing newlines dropped) is split on "\n" and each line is
// sent as "<prefix> <line>"; prefix is the process name.
func SyslogLines(prefix, text string) {
	s := sharedSyslog()
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		s.send(prefix + " " + line)
	}
}
