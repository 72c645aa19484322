package supervisor

import (
	"math"
	"strconv"
	"time"
)

// ProcessInfo is the process-info struct of getProcessInfo and
// getAllProcessInfo (reference §2.7), field for field. Timestamps are
// already capped to the int32 range as 4.2.5's capped_int does.
type ProcessInfo struct {
	Name          string
	Group         string
	Start         int64 // epoch seconds of the last spawn attempt, 0 if never
	Stop          int64 // epoch seconds of the last exit, 0 if never
	Now           int64 // server time
	State         ProcessState
	SpawnErr      string // "" when none
	ExitStatus    int    // 0 when none; -1 after a signal death
	StdoutLogfile string // "" for NONE; also the "logfile" alias
	StderrLogfile string // "" for NONE or redirected
	PID           int    // 0 when not running
	Description   string // see Describe
}

// Describe returns the description 4.2.5 derives from the other fields
// (reference §2.8): "pid N, uptime H:MM:SS" when RUNNING, the spawn error
// when BACKOFF or FATAL, the stop time ("Nov 22 07:46 AM", local time) or
// "Not started" when STOPPED or EXITED, and "" otherwise.
func (pi ProcessInfo) Describe() string {
	switch pi.State {
	case Running:
		uptime := pi.Now - pi.Start
		if uptime < 0 {
			uptime = 0
		}
		var buf [64]byte
		b := append(buf[:0], "pid "...)
		b = strconv.AppendInt(b, int64(pi.PID), 10)
		b = append(b, ", uptime "...)
		return string(appendTimedelta(b, uptime))
	case Fatal, Backoff:
		if pi.SpawnErr == "" {
			return "unknown error (try \"tail " + pi.Name + "\")"
		}
		return pi.SpawnErr
	case Stopped, Exited:
		if pi.Start == 0 {
			return "Not started"
		}
		return time.Unix(pi.Stop, 0).Local().Format("Jan 02 03:04 PM")
	}
	return ""
}

// formatTimedelta renders whole seconds like Python's str(timedelta):
// "0:00:05", "12:03:04", "1 day, 2:03:04", "3 days, 0:00:05".
func formatTimedelta(secs int64) string {
	return string(appendTimedelta(nil, secs))
}

// appendTimedelta appends formatTimedelta(secs) to b.
func appendTimedelta(b []byte, secs int64) []byte {
	days := secs / 86400
	rest := secs % 86400
	switch {
	case days == 1:
		b = append(b, "1 day, "...)
	case days != 0:
		b = strconv.AppendInt(b, days, 10)
		b = append(b, " days, "...)
	}
	b = strconv.AppendInt(b, rest/3600, 10)
	b = append2Digits(append(b, ':'), rest%3600/60)
	return append2Digits(append(b, ':'), rest%60)
}

// append2Digits appends 0 <= v < 100 as two digits.
func append2Digits(b []byte, v int64) []byte {
	return append(b, byte('0'+v/10), byte('0'+v%10))
}

// cappedInt mirrors 4.2.5's capped_int: the value clamped to the XML-RPC
// int (int32) range.
func cappedInt(v int64) int64 {
	if v > math.MaxInt32 {
		return math.MaxInt32
	}
	if v < math.MinInt32 {
		return math.MinInt32
	}
	return v
}

// epochSeconds returns t as 4.2.5 stores it (seconds, truncated), 0 for the
// zero time.
func epochSeconds(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// ConfigInfo is one element of getAllConfigInfo: the 29 keys of reference
// §2.7. Values that 4.2.5 sends as the strings 'none' or 'auto' are already
// substituted in the string fields; UID is nil when 4.2.5 sends 'none'.
type ConfigInfo struct {
	Autostart             bool
	Directory             string // path or "none"
	UID                   *int   // nil: 'none'
	Command               string
	Exitcodes             []int
	Group                 string
	GroupPrio             int
	InUse                 bool
	Killasgroup           bool
	Name                  string
	ProcessPrio           int
	RedirectStderr        bool
	Startretries          int
	Startsecs             int
	StdoutCaptureMaxbytes int64
	StdoutEventsEnabled   bool
	StdoutLogfile         string // path, "auto" or "none"
	StdoutLogfileBackups  int
	StdoutLogfileMaxbytes int64
	StdoutSyslog          bool
	Stopsignal            int
	Stopwaitsecs          int
	StderrCaptureMaxbytes int64
	StderrEventsEnabled   bool
	StderrLogfile         string // path, "auto" or "none"
	StderrLogfileBackups  int
	StderrLogfileMaxbytes int64
	StderrSyslog          bool
	Serverurl             string // URL or "none"
}
