package eventlistener

import "math"

// parseInt parses a result length as Python's int() parses bytes in base
// 10: optional ASCII whitespace around an optional sign and ASCII digits,
// with single underscores allowed between digits. A value too large for an
// int is clamped (no listener can send that many bytes anyway). Negative
// values are refused (see the package documentation).
func parseInt(b []byte) (int, bool) {
	i, j := 0, len(b)
	for i < j && isPySpace(b[i]) {
		i++
	}
	for j > i && isPySpace(b[j-1]) {
		j--
	}
	b = b[i:j]
	neg := false
	if len(b) > 0 && (b[0] == '+' || b[0] == '-') {
		neg = b[0] == '-'
		b = b[1:]
	}
	if len(b) == 0 {
		return 0, false
	}
	n := 0
	prevDigit := false
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			d := int(c - '0')
			if n > (math.MaxInt-d)/10 {
				n = math.MaxInt
			} else {
				n = n*10 + d
			}
			prevDigit = true
		case c == '_' && prevDigit:
			prevDigit = false
		default:
			return 0, false
		}
	}
	if !prevDigit {
		return 0, false // trailing underscore
	}
	if neg && n != 0 {
		return 0, false
	}
	return n, true
}

// isPySpace is Python's bytes whitespace (Py_ISSPACE).
func isPySpace(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r')
}
