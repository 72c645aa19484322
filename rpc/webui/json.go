package webui

import (
	"strconv"
	"unicode/utf8"
)

// The live streams' JSON is written by hand (the daemon links no
// encoding/json); it is what json.Marshal writes for the same values.

// appendJSON appends ls as json.Marshal encodes it.
func (ls *liveStatus) appendJSON(b []byte) []byte {
	b = append(b, `{"rows":`...)
	if ls.Rows == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range ls.Rows {
			if i > 0 {
				b = append(b, ',')
			}
			b = ls.Rows[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	if ls.Error != "" {
		b = append(b, `,"error":`...)
		b = appendJSONString(b, ls.Error)
	}
	return append(b, '}')
}

// appendJSON appends r as json.Marshal encodes it.
func (r *liveRow) appendJSON(b []byte) []byte {
	b = append(b, `{"ns":`...)
	b = appendJSONString(b, r.NS)
	b = append(b, `,"html":`...)
	b = appendJSONString(b, r.HTML)
	b = append(b, `,"desc":`...)
	b = appendJSONString(b, r.Desc)
	if r.PID != 0 {
		b = append(b, `,"pid":`...)
		b = strconv.AppendInt(b, int64(r.PID), 10)
	}
	if r.Uptime != nil {
		b = append(b, `,"uptime":`...)
		b = strconv.AppendInt(b, *r.Uptime, 10)
	}
	return append(b, '}')
}

// appendJSONString appends s as a JSON string the way json.Marshal writes
// it: " and \ backslashed; \b \f \n \r \t by name; other control
// characters and < > & as \u00XX; U+2028 and U+2029 as \u2028 and \u2029;
// each byte of invalid UTF-8 as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&15])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
