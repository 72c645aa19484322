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
		if now := time.Now(); now.Sub(s.lastDial) >= time.Second || s.lastDial.IsZero() {
			s.lastDial = now
			w, err := syslog.New(syslog.LOG_INFO|syslog.LOG_USER, filepath.Base(os.Args[0]))
			if err != nil {
				return
			}
			s.w = w
		} else {
			return
		}
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
