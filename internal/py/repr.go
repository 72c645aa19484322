package py

// This file renders strings and byte slices the way Python 3's repr() and
// ascii() do, for the supervisord 4.2.5 messages that embed %r (for example
// "'name' stdout output:", "Undecodable: b'\xff'" and config errors).

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
// tables, which may know characters newer than the Python in use. Bytes of
// s that are not valid UTF-8 are shown as the lone surrogates Python's
// surrogateescape decoding gives them (\udcNN), as for file names read
// from disk or environment variables.
func Repr(s string) string { return quote(s, false) }

// ASCII returns Python's ascii() of a str: Repr with every non-ASCII code
// point escaped as \xNN, \uNNNN or \UNNNNNNNN.
func ASCII(s string) string { return quote(s, true) }

// ListRepr is Python's repr() of a list of str, e.g. ['a', 'b'].
func ListRepr(items []string) string {
	parts := make([]string, len(items))
	for i, s := range items {
		parts[i] = Repr(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// TupleRepr is Python's repr() of a tuple of str, e.g. ('a',) or
// ('a', 'b'); it is also str() of an exception raised with several string
// arguments.
func TupleRepr(items ...string) string {
	parts := make([]string, len(items))
	for i, s := range items {
		parts[i] = Repr(s)
	}
	if len(parts) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// quote is Repr, or ASCII when asciiOnly is set.
func quote(s string, asciiOnly bool) string {
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
		case r < 0x7f || (!asciiOnly && unicode.IsPrint(r)):
			sb.WriteRune(r)
		default:
			writeEscape(&sb, r)
		}
	}
	sb.WriteByte(q)
	return sb.String()
}

// EscapeNonASCII is what ascii() adds to a text that repr() already made:
// every non-ASCII code point of s (with undecodable bytes as their
// surrogateescape surrogates) becomes \xNN, \uNNNN or \UNNNNNNNN; ASCII
// is kept as it is.
func EscapeNonASCII(s string) string {
	var sb strings.Builder
	for _, r := range Runes(s) {
		if r < 0x80 {
			sb.WriteRune(r)
		} else {
			writeEscape(&sb, r)
		}
	}
	return sb.String()
}

// writeEscape writes Python's backslash escape of a code point: \xNN,
// \uNNNN or \UNNNNNNNN.
func writeEscape(sb *strings.Builder, r rune) {
	switch {
	case r <= 0xff:
		writeHex(sb, `\x`, r, 2)
	case r <= 0xffff:
		writeHex(sb, `\u`, r, 4)
	default:
		writeHex(sb, `\U`, r, 8)
	}
}

func writeHex(sb *strings.Builder, prefix string, r rune, digits int) {
	sb.WriteString(prefix)
	for shift := (digits - 1) * 4; shift >= 0; shift -= 4 {
		sb.WriteByte(hexDigits[(r>>uint(shift))&0xf])
	}
}
