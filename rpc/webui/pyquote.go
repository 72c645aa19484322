package webui

import (
	"strings"
	"unicode/utf8"
)

const upperHex = "0123456789ABCDEF"

// pyQuote percent-encodes s like Python's urllib.parse.quote(s) with its
// default safe="/": ASCII letters, digits, "_.-~" and "/" stay, every other
// byte of the UTF-8 text becomes %XX (uppercase hex).
func pyQuote(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) || c == '/' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
	return b.String()
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '_' || c == '.' || c == '-' || c == '~'
}

// pyUnquotePlus decodes s like Python's urllib.parse.unquote_plus: "+" is a
// space, then as pyUnquote.
func pyUnquotePlus(s string) string { return unquote(s, true) }

// pyUnquote decodes s like Python's urllib.parse.unquote: a valid %XX is
// the byte, anything else (a stray "%", "%zz") is kept as is, and bytes
// that are not UTF-8 become U+FFFD.
func pyUnquote(s string) string { return unquote(s, false) }

func unquote(s string, plus bool) string {
	if !strings.Contains(s, "%") && !(plus && strings.Contains(s, "+")) {
		return s
	}
	buf := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+' && plus:
			buf = append(buf, ' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			buf = append(buf, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			buf = append(buf, c)
		}
	}
	if utf8.Valid(buf) {
		return string(buf)
	}
	return strings.ToValidUTF8(string(buf), "\uFFFD")
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
