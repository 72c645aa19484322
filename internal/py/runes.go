package py

import "unicode/utf8"

// Runes decodes s into Python code points: each byte that is not valid
// UTF-8 becomes the lone surrogate U+DC80..U+DCFF that Python's
// surrogateescape decoding gives it (possible in environment variables and
// file names).
func Runes(s string) []rune {
	rs := make([]rune, 0, len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			r = 0xdc00 + rune(s[i])
		}
		rs = append(rs, r)
		i += n
	}
	return rs
}

// Len is Python's len(s) of the str that surrogateescape decoding makes of
// s: the number of code points, counting each undecodable byte as one.
func Len(s string) int { return len(Runes(s)) }
