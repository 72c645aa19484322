package logger

import (
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

// timeNow is time.Now, replaceable in tests.
var timeNow = time.Now

// LevelName returns 4.2.5's four-letter name of level (CRIT, ERRO, WARN,
// INFO, DEBG, TRAC, BLAT), or "" for a value that is not a level.
func LevelName(level config.Level) string {
	switch level {
	case config.LevelCritical:
		return "CRIT"
	case config.LevelError:
		return "ERRO"
	case config.LevelWarn:
		return "WARN"
	case config.LevelInfo:
		return "INFO"
	case config.LevelDebug:
		return "DEBG"
	case config.LevelTrace:
		return "TRAC"
	case config.LevelBlather:
		return "BLAT"
	}
	return ""
}

// appendTimestamp appends "YYYY-MM-DD HH:MM:SS,mmm" in local time.
func appendTimestamp(b []byte, t time.Time) []byte {
	b = t.AppendFormat(b, "2006-01-02 15:04:05")
	ms := t.Nanosecond() / 1e6
	return append(b, ',', byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10))
}

// appendRecord appends one formatted record: "<time> <LEVL> <msg>\n".
func appendRecord(b []byte, t time.Time, level config.Level, msg string) []byte {
	b = appendTimestamp(b, t)
	b = append(b, ' ')
	b = append(b, LevelName(level)...)
	b = append(b, ' ')
	b = append(b, msg...)
	return append(b, '\n')
}
