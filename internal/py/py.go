// Package py reproduces the Python 3.11 built-ins whose exact behaviour
// shows in supervisord 4.2.5's configuration errors, logs and wire: the
// whitespace of str.isspace/strip/split, str.lower/upper, repr() and ascii()
// of str and bytes, int() and float() of text, binascii.a2b_base64
// (base64.decodebytes), repr() of a float, and urllib.parse's unquote with
// its UTF-8 "replace" decoding. Go strings stand for Python str; a byte
// that is not valid UTF-8 stands for the lone surrogate U+DC80+byte that
// Python's surrogateescape decoding would give it.
package py

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// trimNumberSpace strips what int() and float() ignore around a number:
// ASCII whitespace (not the \x1c-\x1f separators str.strip() also takes)
// and non-ASCII Unicode whitespace.
func trimNumberSpace(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		if r < 0x80 {
			return r == ' ' || (r >= '\t' && r <= '\r')
		}
		return unicode.IsSpace(r)
	})
}

// ErrSyntax is returned by ParseInt and ParseFloat for text Python's int()
// or float() rejects with ValueError.
var ErrSyntax = errors.New("invalid literal")

// ErrRange is returned by ParseInt for a well-formed integer outside the
// int64 range (Python's integers are unbounded; ours are not).
var ErrRange = errors.New("integer out of range")

// ParseInt parses s as Python's int(s) does for base 10: surrounding
// whitespace, an optional sign, and digits with single underscores between
// them.
func ParseInt(s string) (int64, error) {
	t := trimNumberSpace(s)
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg = t[0] == '-'
		t = t[1:]
	}
	digits, ok := stripUnderscores(t)
	if !ok || digits == "" {
		return 0, ErrSyntax
	}
	for i := 0; i < len(digits); i++ {
		if !isDigit(digits[i]) {
			return 0, ErrSyntax
		}
	}
	if neg {
		digits = "-" + digits
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return 0, ErrRange
	}
	return n, nil
}

// stripUnderscores removes underscores that sit between two digits and
// reports false for any other underscore.
func stripUnderscores(s string) (string, bool) {
	if !strings.Contains(s, "_") {
		return s, true
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '_' {
			if i == 0 || i == len(s)-1 || !isDigit(s[i-1]) || !isDigit(s[i+1]) {
				return "", false
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String(), true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// ParseFloat parses s as Python's float(s) does: surrounding whitespace, a
// decimal number with optional exponent and underscores between digits, or
// inf, infinity and nan in any case, with an optional sign. Overflow gives
// an infinity, as in Python.
func ParseFloat(s string) (float64, error) {
	t := trimNumberSpace(s)
	body := t
	if body != "" && (body[0] == '+' || body[0] == '-') {
		body = body[1:]
	}
	switch strings.ToLower(body) {
	case "inf", "infinity":
		if t[0] == '-' {
			return math.Inf(-1), nil
		}
		return math.Inf(1), nil
	case "nan":
		return math.NaN(), nil
	}
	clean, ok := stripUnderscores(body)
	if !ok || !isDecimalFloat(clean) {
		return 0, ErrSyntax
	}
	if t[0] == '-' {
		clean = "-" + clean
	}
	f, err := strconv.ParseFloat(clean, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, ErrSyntax
	}
	return f, nil
}

// isDecimalFloat checks digits[.digits][e[sign]digits] or .digits[...].
func isDecimalFloat(s string) bool {
	i, n := 0, len(s)
	intDigits := 0
	for i < n && isDigit(s[i]) {
		i++
		intDigits++
	}
	fracDigits := 0
	if i < n && s[i] == '.' {
		i++
		for i < n && isDigit(s[i]) {
			i++
			fracDigits++
		}
	}
	if intDigits+fracDigits == 0 {
		return false
	}
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < n && (s[i] == '+' || s[i] == '-') {
			i++
		}
		expDigits := 0
		for i < n && isDigit(s[i]) {
			i++
			expDigits++
		}
		if expDigits == 0 {
			return false
		}
	}
	return i == n
}

// ErrBase64Padding and ErrBase64Length are binascii's two failures in its
// lenient mode: "Incorrect padding" and a data length of 4n+1 characters.
var (
	ErrBase64Padding = errors.New("Incorrect padding")
	ErrBase64Length  = errors.New("Invalid base64-encoded string")
)

// DecodeBase64 decodes s as Python's binascii.a2b_base64 does in its
// default, lenient mode: characters outside the standard alphabet are
// skipped, a complete pad sequence ends the input, and a final partial
// group without padding is an error.
func DecodeBase64(s []byte) ([]byte, error) {
	out := make([]byte, 0, len(s)*3/4)
	var left byte
	quad, pads := 0, 0
	for _, c := range s {
		if c == '=' {
			if quad >= 2 {
				pads++
				if quad+pads >= 4 {
					return out, nil
				}
			}
			continue
		}
		v := base64Value(c)
		if v < 0 {
			continue
		}
		pads = 0
		b := byte(v)
		switch quad {
		case 0:
			left = b
			quad = 1
		case 1:
			out = append(out, left<<2|b>>4)
			left = b & 0x0f
			quad = 2
		case 2:
			out = append(out, left<<4|b>>2)
			left = b & 0x03
			quad = 3
		case 3:
			out = append(out, left<<6|b)
			quad = 0
		}
	}
	switch quad {
	case 0:
		return out, nil
	case 1:
		return nil, ErrBase64Length
	}
	return nil, ErrBase64Padding
}

func base64Value(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 26
	case c >= '0' && c <= '9':
		return int(c-'0') + 52
	case c == '+':
		return 62
	case c == '/':
		return 63
	}
	return -1
}

// AppendFloat appends f formatted as Python's repr(float): the shortest
// digits that round-trip, positional when the decimal exponent is in
// (-4, 16] (with ".0" for whole numbers), otherwise exponent notation with
// at least two exponent digits; "inf", "-inf" and "nan" for the specials.
func AppendFloat(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "nan"...)
	case math.IsInf(f, 1):
		return append(dst, "inf"...)
	case math.IsInf(f, -1):
		return append(dst, "-inf"...)
	}
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, 64) // [-]d[.ddd]e±XX
	if e[0] == '-' {
		dst = append(dst, '-')
		e = e[1:]
	}
	ePos := 0
	for e[ePos] != 'e' {
		ePos++
	}
	exp, _ := strconv.Atoi(string(e[ePos+1:]))
	var digits [24]byte
	nd := 0
	for _, c := range e[:ePos] {
		if c != '.' {
			digits[nd] = c
			nd++
		}
	}
	d := digits[:nd]
	decpt := exp + 1 // position of the decimal point relative to d
	if decpt > -4 && decpt <= 16 {
		switch {
		case decpt <= 0:
			dst = append(dst, "0."...)
			for range -decpt {
				dst = append(dst, '0')
			}
			return append(dst, d...)
		case decpt >= nd:
			dst = append(dst, d...)
			for range decpt - nd {
				dst = append(dst, '0')
			}
			return append(dst, ".0"...)
		default:
			dst = append(dst, d[:decpt]...)
			dst = append(dst, '.')
			return append(dst, d[decpt:]...)
		}
	}
	dst = append(dst, d[0])
	if nd > 1 {
		dst = append(dst, '.')
		dst = append(dst, d[1:]...)
	}
	dst = append(dst, 'e')
	if exp < 0 {
		dst = append(dst, '-')
		exp = -exp
	} else {
		dst = append(dst, '+')
	}
	if exp < 10 {
		dst = append(dst, '0')
	}
	return strconv.AppendInt(dst, int64(exp), 10)
}
