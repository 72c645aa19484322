package ctl

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/internal/py"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

// ljust pads s with spaces to width characters, like '%-Ns' % s.
func ljust(s string, width int) string {
	if n := utf8.RuneCountInString(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

// pyInt parses s like Python's int(s): surrounding whitespace, an optional
// sign, digits with single underscores between them. It is not
// py.ParseInt (ASCII digits only, ErrRange on overflow) nor config's pyInt
// (Python's error texts): it saturates on overflow, and it also strips the
// U+001C..U+001F separators, which Python's int() rejects.
func pyInt(s string) (int, bool) {
	s = py.TrimSpace(s)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' || strings.Contains(s, "__") {
		return 0, false
	}
	var digits strings.Builder
	for _, r := range s {
		switch {
		case r == '_':
		case unicode.IsDigit(r):
			digits.WriteByte(byte('0' + py.Decimal(r)))
		default:
			return 0, false
		}
	}
	n, err := strconv.ParseInt(digits.String(), 10, 64)
	if err != nil {
		// Python ints are unbounded; saturate so that the XML-RPC range
		// check reports the overflow as 4.2.5 does.
		n = 1 << 62
	}
	if neg {
		n = -n
	}
	return int(n), true
}

// pyNone is how Python formats None with %s.
const pyNone = "None"

// makeNamespec is 4.2.5's make_namespec.
func makeNamespec(group, name string) string { return config.MakeNamespec(group, name) }

// splitNamespec is 4.2.5's split_namespec; hasProcess is false for "g:"
// and "g:*" (Python's process name None).
func splitNamespec(namespec string) (group string, process string, hasProcess bool) {
	group, process, whole := config.SplitNamespec(namespec)
	return group, process, !whole
}

// namespecOf is make_namespec over split_namespec's result, with a missing
// process name formatted as Python formats None.
func namespecOf(group, process string, hasProcess bool) string {
	if !hasProcess {
		return group + ":" + pyNone
	}
	return makeNamespec(group, process)
}

// pyStr formats a decoded XML-RPC value like Python's str().
func pyStr(v any) string {
	switch x := v.(type) {
	case nil:
		return "" // kolo decodes <string></string> to nil
	case string:
		return x
	case bool:
		if x {
			return "True"
		}
		return "False"
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if s, ok := e.(string); ok {
				parts[i] = "'" + s + "'"
			} else {
				parts[i] = pyStr(e)
			}
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}
