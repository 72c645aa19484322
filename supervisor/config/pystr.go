package config

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds the Python 3.11 str semantics that supervisord 4.2.5's
// behaviour depends on: what counts as whitespace (str.strip, str.split,
// the \s of re), str.lower/upper, and repr(). Strings are Go strings holding
// UTF-8; a byte that is not valid UTF-8 (possible only in environment
// variables) stands for the lone surrogate U+DC80+byte that Python's
// surrogateescape decoding would produce.

// isASCII reports whether s is pure ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// pyLower is Python's s.lower(): full Unicode lower-casing, including the
// two context rules Python applies (U+0130 becomes "i" + U+0307, and a
// capital sigma at the end of a word becomes a final sigma).
func pyLower(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		switch r {
		case 0x130:
			b.WriteString("i\u0307")
		case 0x3a3:
			if finalSigma(rs, i) {
				b.WriteRune(0x3c2)
			} else {
				b.WriteRune(0x3c3)
			}
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// finalSigma reports whether the capital sigma at rs[i] is in Unicode's
// Final_Sigma context, as Python's str.lower() decides it.
func finalSigma(rs []rune, i int) bool {
	j := i - 1
	for j >= 0 && caseIgnorable(rs[j]) {
		j--
	}
	if j < 0 || !cased(rs[j]) {
		return false
	}
	j = i + 1
	for j < len(rs) && caseIgnorable(rs[j]) {
		j++
	}
	return j == len(rs) || !cased(rs[j])
}

func cased(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r) ||
		unicode.Is(unicode.Other_Lowercase, r) || unicode.Is(unicode.Other_Uppercase, r)
}

func caseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', '^', '`', 0xb7, 0x2018, 0x2019, 0x2024, 0x2027, 0xfe13, 0xfe52, 0xfe55, 0xff07, 0xff0e, 0xff1a:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}

// pyUpper is Python's s.upper(), with the multi-character mappings of
// Unicode SpecialCasing (e.g. U+00DF to "SS").
func pyUpper(s string) string {
	if isASCII(s) {
		return strings.ToUpper(s)
	}
	var b strings.Builder
	for _, r := range s {
		if m, ok := pyUpperSpecial[r]; ok {
			b.WriteString(m)
		} else {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// pyRunes decodes s into Python code points: each byte that is not valid
// UTF-8 becomes the surrogate U+DC80+byte (surrogateescape).
func pyRunes(s string) []rune {
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

// pyLen is Python's len(s): the number of code points.
func pyLen(s string) int { return len(pyRunes(s)) }

// pyRepr is Python's repr() of a str.
func pyRepr(s string) string { return pyQuote(s, false) }

// pyASCII is Python's ascii() of a str.
func pyASCII(s string) string { return pyQuote(s, true) }

func pyQuote(s string, asciiOnly bool) string {
	quote := '\''
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		quote = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteRune(quote)
	for _, r := range pyRunes(s) {
		switch {
		case r == quote || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < ' ' || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x7f:
			b.WriteRune(r)
		case !asciiOnly && r >= 0xd800 && r < 0xe000:
			fmt.Fprintf(&b, `\u%04x`, r)
		case !asciiOnly && unicode.IsPrint(r):
			b.WriteRune(r)
		default:
			writeEscape(&b, r)
		}
	}
	b.WriteRune(quote)
	return b.String()
}

// writeEscape writes Python's backslash escape of a code point: \xNN,
// \uNNNN or \UNNNNNNNN.
func writeEscape(b *strings.Builder, r rune) {
	switch {
	case r <= 0xff:
		fmt.Fprintf(b, `\x%02x`, r)
	case r <= 0xffff:
		fmt.Fprintf(b, `\u%04x`, r)
	default:
		fmt.Fprintf(b, `\U%08x`, r)
	}
}

// pyListRepr is Python's repr() of a list of str, e.g. ['a', 'b'].
func pyListRepr(items []string) string {
	parts := make([]string, len(items))
	for i, s := range items {
		parts[i] = pyRepr(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// pyTupleRepr is Python's str() of an exception raised with several
// string arguments: the repr of the argument tuple.
func pyTupleRepr(items ...string) string {
	parts := make([]string, len(items))
	for i, s := range items {
		parts[i] = pyRepr(s)
	}
	if len(parts) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
