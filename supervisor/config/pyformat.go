package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// This file implements Python 3.11's "format % mapping" for the value types
// supervisor puts in its expansion dictionaries (str and int), with the
// exceptions Python raises. Behaviour was worked out by running Python on
// many format strings; see pyformat_test.go.

// Conversion flags.
const (
	fLJust = 1 << iota
	fSign
	fBlank
	fAlt
	fZero
)

// maxPad bounds width and precision padding; Python would try to allocate
// the string and fail with an (empty) MemoryError long before such sizes
// are useful.
const maxPad = 1 << 20

// keyError is Python's KeyError for a name missing from the mapping.
type keyError struct{ key string }

func (e keyError) Error() string { return py.Repr(e.key) }

// formatError is any other exception of the % operator; the text is
// str(exception).
type formatError string

func (e formatError) Error() string { return string(e) }

// fmtArg is the current argument of the formatter: the whole mapping (for
// a spec without "(name)") or a value looked up by name.
type fmtArg struct {
	dict  *Names
	value nameValue
}

func (a fmtArg) typeName() string {
	switch {
	case a.dict != nil:
		return "dict"
	case a.value.isInt:
		return "int"
	}
	return "str"
}

// pyFormat returns format % names.
func pyFormat(format string, names *Names) (string, error) {
	rs := []rune(format)
	f := formatter{rs: rs, cnt: len(rs), names: names, arg: fmtArg{dict: names}, argidx: -2}
	var out strings.Builder
	for f.cnt--; f.cnt >= 0; f.cnt-- {
		if f.rs[f.pos] != '%' {
			out.WriteRune(f.rs[f.pos])
			f.pos++
			continue
		}
		f.pos++
		if err := f.formatArg(&out); err != nil {
			return "", err
		}
	}
	return out.String(), nil
}

type formatter struct {
	rs     []rune
	pos    int // next code point to read
	cnt    int // code points left after the current one, as CPython counts
	names  *Names
	arg    fmtArg
	argidx int // -2: the argument is available; -1: it was used
}

func (f *formatter) read() rune {
	if f.pos < len(f.rs) {
		return f.rs[f.pos]
	}
	return 0 // CPython reads the string's terminating NUL
}

func (f *formatter) nextArg() (fmtArg, error) {
	if f.argidx < -1 {
		f.argidx++
		return f.arg, nil
	}
	return fmtArg{}, formatError("not enough arguments for format string")
}

// starArg takes the argument a '*' width or precision consumes.
func (f *formatter) starArg() (int64, error) {
	a, err := f.nextArg()
	if err != nil {
		return 0, err
	}
	if a.dict != nil || !a.value.isInt {
		return 0, formatError("* wants int")
	}
	return a.value.i, nil
}

type spec struct {
	ch          rune
	flags       int
	width, prec int
	sign        bool
}

// formatArg handles one conversion; f.pos is just after its '%'.
func (f *formatter) formatArg(out *strings.Builder) error {
	sp := spec{ch: f.read(), width: -1, prec: -1}
	if sp.ch == '%' {
		f.pos++
		f.cnt--
		out.WriteByte('%')
		return nil
	}
	if err := f.parse(&sp); err != nil {
		return err
	}
	str, done, err := f.convert(&sp, out)
	if err != nil || done {
		return err
	}
	return writePadded(out, str, &sp)
}

func (f *formatter) parse(sp *spec) error {
	if sp.ch == '(' {
		f.pos++
		f.cnt--
		start := f.pos
		depth := 1
		for depth > 0 {
			f.cnt--
			if f.cnt < 0 {
				break
			}
			sp.ch = f.read()
			if sp.ch == ')' {
				depth--
			} else if sp.ch == '(' {
				depth++
			}
			f.pos++
		}
		if f.cnt < 0 || depth > 0 {
			return formatError("incomplete format key")
		}
		key := string(f.rs[start : f.pos-1])
		v, ok := f.names.vals[key]
		if !ok {
			return keyError{key}
		}
		f.arg = fmtArg{value: v}
		f.argidx = -2
	}
	for f.cnt--; f.cnt >= 0; f.cnt-- {
		sp.ch = f.read()
		f.pos++
		switch sp.ch {
		case '-':
			sp.flags |= fLJust
			continue
		case '+':
			sp.flags |= fSign
			continue
		case ' ':
			sp.flags |= fBlank
			continue
		case '#':
			sp.flags |= fAlt
			continue
		case '0':
			sp.flags |= fZero
			continue
		}
		break
	}
	// Each "read the next character" below follows the same pattern.
	advance := func() {
		f.cnt--
		if f.cnt >= 0 {
			sp.ch = f.read()
			f.pos++
		}
	}
	readDigits := func(v *int, limit int, tooBig string) error {
		for f.cnt--; f.cnt >= 0; f.cnt-- {
			sp.ch = f.read()
			f.pos++
			if sp.ch < '0' || sp.ch > '9' {
				return nil
			}
			d := int(sp.ch - '0')
			if *v > (limit-d)/10 {
				return formatError(tooBig)
			}
			*v = *v*10 + d
		}
		return nil
	}
	switch {
	case sp.ch == '*':
		w, err := f.starArg()
		if err != nil {
			return err
		}
		sp.width = int(w)
		if sp.width < 0 {
			sp.flags |= fLJust
			sp.width = -sp.width
		}
		advance()
	case sp.ch >= '0' && sp.ch <= '9':
		sp.width = int(sp.ch - '0')
		if err := readDigits(&sp.width, math.MaxInt64, "width too big"); err != nil {
			return err
		}
	}
	if sp.ch == '.' {
		sp.prec = 0
		advance()
		switch {
		case sp.ch == '*':
			p, err := f.starArg()
			if err != nil {
				return err
			}
			if p > math.MaxInt32 || p < math.MinInt32 {
				return formatError("Python int too large to convert to C int")
			}
			sp.prec = max(int(p), 0)
			advance()
		case sp.ch >= '0' && sp.ch <= '9':
			sp.prec = int(sp.ch - '0')
			if err := readDigits(&sp.prec, math.MaxInt32, "precision too big"); err != nil {
				return err
			}
		}
	}
	if f.cnt >= 0 && (sp.ch == 'h' || sp.ch == 'l' || sp.ch == 'L') {
		advance()
	}
	if f.cnt < 0 {
		return formatError("incomplete format")
	}
	return nil
}

// convert formats the argument for sp.ch. done reports that the result
// was written to out directly (CPython's fast paths, which skip padding).
func (f *formatter) convert(sp *spec, out *strings.Builder) (str string, done bool, err error) {
	a, err := f.nextArg()
	if err != nil {
		return "", false, err
	}
	switch sp.ch {
	case 's', 'r', 'a':
		if a.dict == nil && a.value.isInt && sp.width == -1 && sp.prec == -1 {
			out.WriteString(strconv.FormatInt(a.value.i, 10))
			return "", true, nil
		}
		switch {
		case a.dict != nil && sp.ch == 'a':
			return py.EscapeNonASCII(a.dict.repr()), false, nil
		case a.dict != nil:
			return a.dict.repr(), false, nil
		case a.value.isInt:
			return strconv.FormatInt(a.value.i, 10), false, nil
		case sp.ch == 's':
			return a.value.s, false, nil
		case sp.ch == 'r':
			return py.Repr(a.value.s), false, nil
		}
		return py.ASCII(a.value.s), false, nil
	case 'i', 'd', 'u', 'o', 'x', 'X':
		if a.dict != nil || !a.value.isInt {
			kind := "a real number"
			if sp.ch == 'o' || sp.ch == 'x' || sp.ch == 'X' {
				kind = "an integer"
			}
			return "", false, formatError(fmt.Sprintf("%%%c format: %s is required, not %s", sp.ch, kind, a.typeName()))
		}
		if sp.width == -1 && sp.prec == -1 && sp.flags&(fSign|fBlank) == 0 && sp.ch != 'X' {
			out.WriteString(formatLong(a.value.i, sp.ch, sp.flags&fAlt != 0, 0))
			return "", true, nil
		}
		if sp.prec > math.MaxInt32-3 {
			return "", false, formatError("precision too large")
		}
		if sp.prec > maxPad {
			return "", false, formatError("")
		}
		sp.sign = true
		return formatLong(a.value.i, sp.ch, sp.flags&fAlt != 0, sp.prec), false, nil
	case 'e', 'E', 'f', 'F', 'g', 'G':
		if a.dict != nil || !a.value.isInt {
			return "", false, formatError("must be real number, not " + a.typeName())
		}
		if sp.prec > maxPad {
			return "", false, formatError("")
		}
		s := formatFloat(float64(a.value.i), sp.ch, sp.prec, sp.flags&fAlt != 0)
		if sp.width == -1 && sp.prec == -1 && sp.flags&(fSign|fBlank) == 0 {
			out.WriteString(s)
			return "", true, nil
		}
		sp.sign = true
		return s, false, nil
	case 'c':
		var c rune
		switch {
		case a.dict == nil && a.value.isInt:
			if a.value.i < 0 || a.value.i > 0x10ffff {
				return "", false, formatError("%c arg not in range(0x110000)")
			}
			c = rune(a.value.i)
		case a.dict == nil && py.Len(a.value.s) == 1:
			c = py.Runes(a.value.s)[0]
		default:
			return "", false, formatError("%c requires int or char")
		}
		if sp.width == -1 && sp.prec == -1 {
			out.WriteRune(c)
			return "", true, nil
		}
		return string(c), false, nil
	}
	shown := '?'
	if sp.ch >= 31 && sp.ch <= 126 {
		shown = sp.ch
	}
	return "", false, formatError(fmt.Sprintf("unsupported format character '%c' (0x%x) at index %d", shown, sp.ch, f.pos-1))
}

func absU(v int64) uint64 {
	if v < 0 {
		return uint64(-(v + 1)) + 1
	}
	return uint64(v)
}

// formatLong is CPython's _PyUnicode_FormatLong: sign, optional base
// prefix, digits zero-filled to prec, upper case for 'X'.
func formatLong(v int64, ch rune, alt bool, prec int) string {
	base, prefix := 10, ""
	switch ch {
	case 'o':
		base, prefix = 8, "0o"
	case 'x', 'X':
		base, prefix = 16, "0x"
	}
	digits := strconv.FormatUint(absU(v), base)
	if prec > len(digits) {
		digits = strings.Repeat("0", prec-len(digits)) + digits
	}
	s := digits
	if alt {
		s = prefix + s
	}
	if v < 0 {
		s = "-" + s
	}
	if ch == 'X' {
		s = strings.ToUpper(s)
	}
	return s
}

// formatFloat is PyOS_double_to_string for the e, f, g conversions
// (upper-case variants included), with the alternate form.
func formatFloat(x float64, ch rune, prec int, alt bool) string {
	if prec < 0 {
		prec = 6
	}
	upper := ch == 'E' || ch == 'F' || ch == 'G'
	var s string
	switch ch {
	case 'e', 'E':
		s = strconv.FormatFloat(x, 'e', prec, 64)
		if alt && prec == 0 {
			i := strings.IndexByte(s, 'e')
			s = s[:i] + "." + s[i:]
		}
	case 'f', 'F':
		s = strconv.FormatFloat(x, 'f', prec, 64)
		if alt && prec == 0 {
			s += "."
		}
	default:
		if prec == 0 {
			prec = 1
		}
		e := strconv.FormatFloat(x, 'e', prec-1, 64)
		exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
		if exp < -4 || exp >= prec {
			s = e
			if !alt {
				s = trimFraction(s[:strings.IndexByte(s, 'e')]) + s[strings.IndexByte(s, 'e'):]
			} else if !strings.Contains(s, ".") {
				i := strings.IndexByte(s, 'e')
				s = s[:i] + "." + s[i:]
			}
		} else {
			s = strconv.FormatFloat(x, 'f', prec-1-exp, 64)
			if !alt {
				s = trimFraction(s)
			} else if !strings.Contains(s, ".") {
				s += "."
			}
		}
	}
	if upper {
		s = strings.ToUpper(s)
	}
	return s
}

// trimFraction drops trailing zeros of a fraction, and the point if
// nothing is left after it.
func trimFraction(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// writePadded is CPython's unicode_format_arg_output: precision
// truncation for s/r/a, sign and alternate prefix, and padding to width.
func writePadded(out *strings.Builder, s string, sp *spec) error {
	if sp.width > maxPad {
		return formatError("")
	}
	fill := ' '
	if sp.sign && sp.flags&fZero != 0 {
		fill = '0'
	}
	n := utf8.RuneCountInString(s)
	if (sp.width == -1 || sp.width <= n) && (sp.prec == -1 || sp.prec >= n) && sp.flags&(fSign|fBlank) == 0 {
		out.WriteString(s)
		return nil
	}
	str := py.Runes(s)
	if (sp.ch == 's' || sp.ch == 'r' || sp.ch == 'a') && sp.prec >= 0 && n > sp.prec {
		n = sp.prec
	}
	p := 0
	var signch rune
	sign := sp.sign
	if sign {
		switch c := str[0]; {
		case c == '-' || c == '+':
			signch = c
			n--
			p++
		case sp.flags&fSign != 0:
			signch = '+'
		case sp.flags&fBlank != 0:
			signch = ' '
		default:
			sign = false
		}
	}
	width := sp.width
	if width < n {
		width = n
	}
	if sign {
		if fill != ' ' {
			out.WriteRune(signch)
		}
		if width > n {
			width--
		}
	}
	alt := sp.flags&fAlt != 0 && (sp.ch == 'x' || sp.ch == 'X' || sp.ch == 'o')
	if alt {
		if fill != ' ' {
			out.WriteString(string(str[p : p+2]))
			p += 2
		}
		width = max(width-2, 0)
		n -= 2
	}
	if width > n && sp.flags&fLJust == 0 {
		out.WriteString(strings.Repeat(string(fill), width-n))
		width = n
	}
	if fill == ' ' {
		if sign {
			out.WriteRune(signch)
		}
		if alt {
			out.WriteString(string(str[p : p+2]))
			p += 2
		}
	}
	if n > 0 {
		out.WriteString(string(str[p : p+n]))
	}
	if width > n {
		out.WriteString(strings.Repeat(" ", width-n))
	}
	return nil
}
