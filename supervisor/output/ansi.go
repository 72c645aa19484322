package output

import "bytes"

// ansiEscapeBegin starts an escape sequence for 4.2.5's stripEscapes.
var ansiEscapeBegin = []byte("\x1b[")

// isANSITerminator reports whether c ends an escape sequence for 4.2.5's
// stripEscapes (H f A B C D R s u J K h l p m).
func isANSITerminator(c byte) bool {
	switch c {
	case 'H', 'f', 'A', 'B', 'C', 'D', 'R', 's', 'u', 'J', 'K', 'h', 'l', 'p', 'm':
		return true
	}
	return false
}

// AppendStripped appends s with ANSI escapes removed to dst, exactly as
// 4.2.5's stripEscapes: from each ESC '[' up to and including the next
// terminator letter is dropped; an unterminated sequence drops the rest of
// s. Each call starts outside an escape sequence.
func AppendStripped(dst, s []byte) []byte {
	for len(s) > 0 {
		n := bytes.Index(s, ansiEscapeBegin)
		if n < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:n]...)
		s = s[n+len(ansiEscapeBegin):]
		end := 0
		for end < len(s) && !isANSITerminator(s[end]) {
			end++
		}
		if end == len(s) {
			return dst
		}
		s = s[end+1:]
	}
	return dst
}
