package webui

import "strings"

// The pages were first html/template templates; these escapers reproduce
// what its contextual escaping produced for plain strings, byte for byte
// (the goldens in testdata/ hold that output).

// htmlWriter builds a page.
type htmlWriter struct{ b []byte }

// raw appends markup as is.
func (w *htmlWriter) raw(s string) { w.b = append(w.b, s...) }

// text appends s as element text or a double-quoted attribute value, as
// html/template's htmlEscaper and attrEscaper do: NUL becomes U+FFFD, the
// characters " & ' + < > become entities, and every other byte (invalid
// UTF-8 included) is kept.
func (w *htmlWriter) text(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		w.b = append(w.b, s[last:i]...)
		w.b = append(w.b, repl...)
		last = i + 1
	}
	w.b = append(w.b, s[last:]...)
}

// url appends s as a double-quoted attribute value that is a whole URL
// (href), as html/template does: a URL with a scheme other than http,
// https or mailto becomes "#ZgotmplZ"; bytes that may not appear in a URL
// are %-encoded (valid %XX escapes are kept); then the result is escaped as
// text.
func (w *htmlWriter) url(s string) {
	if !isSafeURL(s) {
		w.raw("#ZgotmplZ")
		return
	}
	w.text(percentEncode(s, true))
}

// query appends s as part of the query of a double-quoted URL attribute
// value: every byte but ASCII letters, digits and "-._~" is %-encoded, as
// html/template's urlEscaper does.
func (w *htmlWriter) query(s string) { w.raw(percentEncode(s, false)) }

// isSafeURL reports whether s is relative or its scheme (the text before
// the first ':', when that has no '/') is http, https or mailto.
func isSafeURL(s string) bool {
	scheme, _, ok := strings.Cut(s, ":")
	if !ok || strings.Contains(scheme, "/") {
		return true
	}
	return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
}

// percentEncode encodes as %xx (lowercase hex) every byte of s that is not
// an ASCII letter, digit or one of "-._~". With keepReserved (a whole URL)
// the reserved characters !#$&*+,/:;=?@[] and valid %XX escapes stay.
func percentEncode(s string, keepReserved bool) string {
	const lowerHex = "0123456789abcdef"
	var b []byte
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isUnreserved(c):
			continue
		case keepReserved && strings.IndexByte("!#$&*+,/:;=?@[]", c) >= 0:
			continue
		case keepReserved && c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s)+16)
		}
		b = append(b, s[last:i]...)
		b = append(b, '%', lowerHex[c>>4], lowerHex[c&15])
		last = i + 1
	}
	if b == nil {
		return s
	}
	return string(append(b, s[last:]...))
}
