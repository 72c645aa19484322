package webui

import (
	"strings"
	"unicode/utf8"
)

// logText turns log bytes into text for a page: leading UTF-8 continuation
// bytes (a character cut by the start of the read) are dropped and any other
// invalid sequence becomes U+FFFD. (4.2.5 fails the whole page with a 500
// when the bytes are not valid UTF-8.)
func logText(b []byte) string {
	for i := 0; i < utf8.UTFMax-1 && len(b) > 0 && !utf8.RuneStart(b[0]); i++ {
		b = b[1:]
	}
	return validText(b)
}

// validText is b as text, invalid UTF-8 sequences replaced by U+FFFD.
func validText(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// completeLen returns how many leading bytes of b end on a character
// boundary: len(b) unless b ends with the start of a multi-byte character
// whose other bytes have not been written yet.
func completeLen(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax+1; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return i
			}
			return len(b)
		}
	}
	return len(b)
}
