package config

import (
	"fmt"
	"math"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// pyIntMaxDigits is Python 3.11's default sys.get_int_max_str_digits().
const pyIntMaxDigits = 4300

// pyInt is Python's int(s, base) for base 8 or 10 (any base 2..36 works),
// limited to the int64 range. The error is the ValueError text Python
// gives, except for values Python accepts but that do not fit in 64 bits.
func pyInt(s string, base int) (int64, error) {
	invalid := func() error {
		return fmt.Errorf("invalid literal for int() with base %d: %s", base, truncRunes(py.Repr(s), 200))
	}
	// Python first maps every Unicode space to ' ' and every decimal
	// digit to its ASCII digit; any other non-ASCII character (or NUL,
	// which ends the C string) makes the literal invalid.
	buf := make([]byte, 0, len(s))
	for _, r := range py.Runes(s) {
		switch {
		case r == 0:
			return 0, invalid()
		case r < 127:
			buf = append(buf, byte(r))
		case py.IsSpace(r):
			buf = append(buf, ' ')
		default:
			d := py.Decimal(r)
			if d < 0 {
				return 0, invalid()
			}
			buf = append(buf, byte('0'+d))
		}
	}
	isSpace := func(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') }
	i := 0
	for i < len(buf) && isSpace(buf[i]) {
		i++
	}
	neg := false
	if i < len(buf) && (buf[i] == '+' || buf[i] == '-') {
		neg = buf[i] == '-'
		i++
	}
	if i+1 < len(buf) && buf[i] == '0' {
		c := buf[i+1] | 0x20
		if (base == 16 && c == 'x') || (base == 8 && c == 'o') || (base == 2 && c == 'b') {
			i += 2
			if i < len(buf) && buf[i] == '_' {
				i++
			}
		}
	}
	if i < len(buf) && buf[i] == '_' {
		return 0, invalid()
	}
	digitValue := func(c byte) int {
		switch {
		case c >= '0' && c <= '9':
			return int(c - '0')
		case c >= 'a' && c <= 'z':
			return int(c-'a') + 10
		case c >= 'A' && c <= 'Z':
			return int(c-'A') + 10
		}
		return 99
	}
	var v uint64
	overflow := false
	digits := 0
	prevUnderscore := false
	for i < len(buf) {
		c := buf[i]
		if c == '_' {
			if prevUnderscore {
				return 0, invalid()
			}
			prevUnderscore = true
			i++
			continue
		}
		d := digitValue(c)
		if d >= base {
			break
		}
		prevUnderscore = false
		digits++
		if v > (math.MaxUint64-uint64(d))/uint64(base) {
			overflow = true
		} else {
			v = v*uint64(base) + uint64(d)
		}
		i++
	}
	if prevUnderscore || digits == 0 {
		return 0, invalid()
	}
	for i < len(buf) && isSpace(buf[i]) {
		i++
	}
	if i != len(buf) {
		return 0, invalid()
	}
	if base == 10 && digits > pyIntMaxDigits {
		return 0, fmt.Errorf("Exceeds the limit (%d digits) for integer string conversion: value has %d digits; use sys.set_int_max_str_digits() to increase the limit", pyIntMaxDigits, digits)
	}
	if overflow || v > math.MaxInt64+1 || (!neg && v > math.MaxInt64) {
		return 0, intRangeError(truncRunes(py.Repr(s), 200) + " is outside the 64-bit integer range gosupervisord supports")
	}
	if neg {
		return -int64(v), nil
	}
	return int64(v), nil
}

// intRangeError reports an integer Python would accept but that does not
// fit in 64 bits.
type intRangeError string

func (e intRangeError) Error() string { return string(e) }

// pyInteger is supervisor's datatypes.integer (Python int() in base 10).
func pyInteger(s string) (int, error) {
	v, err := pyInt(s, 10)
	return int(v), err
}

// truncRunes keeps the first n code points of s, like the %.200R of
// CPython's error messages.
func truncRunes(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n])
}
