package py

// This file renders strings and byte slices the way Python 3's repr()
// does, for the supervisord 4.2.5 log messages that embed %r (for example
// "'name' stdout output:" and "Undecodable: b'\xff'").

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// quoteFor picks Python's quote character: a single quote unless the text
// contains a single quote and no double quote.
func quoteFor(hasSingle, hasDouble bool) byte {
	if hasSingle && !hasDouble {
		return '"'
	}
	return '\''
}

// BytesRepr returns Python's repr of a bytes object: b'...' with \t, \n, \r,
// \\ and the quote escaped, and bytes outside 0x20..0x7e as \xNN.
func BytesRepr(b []byte) string {
	q := quoteFor(strings.IndexByte(string(b), '\'') >= 0, strings.IndexByte(string(b), '"') >= 0)
	var sb strings.Builder
	sb.Grow(len(b) + 3)
	sb.WriteByte('b')
	sb.WriteByte(q)
	for _, c := range b {
		switch {
		case c == q || c == '\\':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		case c == '\t':
			sb.WriteString(`\t`)
		case c == '\n':
			sb.WriteString(`\n`)
		case c == '\r':
			sb.WriteString(`\r`)
		case c < 0x20 || c >= 0x7f:
			sb.WriteString(`\x`)
			sb.WriteByte(hexDigits[c>>4])
			sb.WriteByte(hexDigits[c&0xf])
		default:
			sb.WriteByte(c)
		}
	}
	sb.WriteByte(q)
	return sb.String()
}

// Repr returns Python's repr of a str. Printability follows Go's Unicode
// tables, which may know characters newer than the Python in use. Bytes of s that are not valid UTF-8
// are shown as the lone surrogates Python's surrogateescape decoding gives
// them (\udcNN), as for file names read from disk.
func Repr(s string) string {
	q := quoteFor(strings.IndexByte(s, '\'') >= 0, strings.IndexByte(s, '"') >= 0)
	var sb strings.Builder
	sb.Grow(len(s) + 2)
	sb.WriteByte(q)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			sb.WriteString(`\udc`)
			sb.WriteByte(hexDigits[s[i]>>4])
			sb.WriteByte(hexDigits[s[i]&0xf])
			i++
			continue
		}
		i += size
		switch {
		case r == rune(q) || r == '\\':
			sb.WriteByte('\\')
			sb.WriteRune(r)
		case r == '\t':
			sb.WriteString(`\t`)
		case r == '\n':
			sb.WriteString(`\n`)
		case r == '\r':
			sb.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			writeHex(&sb, `\x`, r, 2)
		case r < 0x7f || unicode.IsPrint(r):
			sb.WriteRune(r)
		case r <= 0xff:
			writeHex(&sb, `\x`, r, 2)
		case r <= 0xffff:
			writeHex(&sb, `\u`, r, 4)
		default:
			writeHex(&sb, `\U`, r, 8)
		}
	}
	sb.WriteByte(q)
	return sb.String()
}

func writeHex(sb *strings.Builder, prefix string, r rune, digits int) {
	sb.WriteString(prefix)
	for shift := (digits - 1) * 4; shift >= 0; shift -= 4 {
		sb.WriteByte(hexDigits[(r>>uint(shift))&0xf])
	}
}
