package py

import "strings"

// IsSpace reports whether Python's str.isspace() is true for r: the
// whitespace of str.strip(), str.split() and the \s of re on str patterns.
// Unlike unicode.IsSpace it includes the separators U+001C..U+001F.
func IsSpace(r rune) bool {
	switch {
	case r == ' ', r >= '\t' && r <= '\r', r >= 0x1c && r <= 0x1f:
		return true
	case r < 0x80:
		return false
	case r == 0x85, r == 0xa0, r == 0x1680, r >= 0x2000 && r <= 0x200a,
		r == 0x2028, r == 0x2029, r == 0x202f, r == 0x205f, r == 0x3000:
		return true
	}
	return false
}

// TrimSpace is Python's s.strip() without arguments.
func TrimSpace(s string) string { return strings.TrimFunc(s, IsSpace) }

// TrimRightSpace is Python's s.rstrip() without arguments.
func TrimRightSpace(s string) string { return strings.TrimRightFunc(s, IsSpace) }

// Split is Python's s.split() without arguments: runs of whitespace
// separate fields and leading or trailing whitespace gives no empty field.
func Split(s string) []string { return strings.FieldsFunc(s, IsSpace) }
