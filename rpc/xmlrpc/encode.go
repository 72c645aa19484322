package xmlrpc

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// ErrNil is returned when asked to encode nil. Python's dumps refuses None
// unless allow_none is set, which 4.2.5 never sets, so 4.2.5 answers such a
// response with HTTP 500; so do we.
var ErrNil = errors.New("xmlrpc: cannot encode nil")

// UnsupportedTypeError is returned for a Go value the codec cannot encode.
type UnsupportedTypeError struct {
	Value any
}

// Error names the Go type.
func (e *UnsupportedTypeError) Error() string {
	return fmt.Sprintf("xmlrpc: cannot encode value of type %T", e.Value)
}

// ErrIntRange is returned for an unsigned integer above math.MaxInt64.
var ErrIntRange = errors.New("xmlrpc: integer exceeds the i8 range")

const xmlHeader = "<?xml version='1.0'?>\n"

// dateTimeLayout is Python's "%Y%m%dT%H:%M:%S" with four-digit years.
const dateTimeLayout = "20060102T15:04:05"

// AppendResponse appends a complete methodResponse document carrying v, the
// bytes Python's xmlrpc.client.dumps((v,), methodresponse=True) writes. On
// error dst is returned unchanged, truncated to its original length.
func AppendResponse(dst []byte, v any) ([]byte, error) {
	start := len(dst)
	dst = append(dst, xmlHeader+"<methodResponse>\n<params>\n<param>\n"...)
	dst, err := AppendValue(dst, v)
	if err != nil {
		return dst[:start], err
	}
	return append(dst, "</param>\n</params>\n</methodResponse>\n"...), nil
}

// AppendFault appends a complete fault methodResponse document, the bytes
// Python's xmlrpc.client.dumps(Fault(code, text)) writes.
func AppendFault(dst []byte, code int, text string) []byte {
	dst = append(dst, xmlHeader+"<methodResponse>\n<fault>\n"...)
	dst = AppendFaultStruct(dst, code, text)
	return append(dst, "</fault>\n</methodResponse>\n"...)
}

// AppendFaultStruct appends the {faultCode, faultString} struct value of a
// fault, as it appears inside a fault response or a multicall result.
func AppendFaultStruct(dst []byte, code int, text string) []byte {
	dst = append(dst, "<value><struct>\n<member>\n<name>faultCode</name>\n"...)
	dst = appendInt(dst, int64(code))
	dst = append(dst, "</member>\n<member>\n<name>faultString</name>\n"...)
	dst = appendString(dst, text)
	return append(dst, "</member>\n</struct></value>\n"...)
}

// AppendCall appends a methodCall document, the bytes Python's
// xmlrpc.client.dumps(params, methodname) writes. The server never sends
// calls; this exists for tests and Go clients.
func AppendCall(dst []byte, method string, params ...any) ([]byte, error) {
	start := len(dst)
	dst = append(dst, xmlHeader+"<methodCall>\n<methodName>"...)
	dst = appendEscaped(dst, method)
	dst = append(dst, "</methodName>\n<params>\n"...)
	for _, p := range params {
		dst = append(dst, "<param>\n"...)
		var err error
		if dst, err = AppendValue(dst, p); err != nil {
			return dst[:start], err
		}
		dst = append(dst, "</param>\n"...)
	}
	return append(dst, "</params>\n</methodCall>\n"...), nil
}

// AppendValue appends the encoding of v, from "<value>" to "</value>\n",
// exactly as Python's Marshaller writes it. Supported types:
//
//   - bool: <boolean>1</boolean> or 0
//   - all integer types: <int> within the int32 range; beyond it <i8>
//     (Python raises OverflowError there, which 4.2.5 turns into HTTP 500;
//     Python's and kolo's clients both read <i8>)
//   - float32, float64: <double> formatted like Python's repr
//   - string: <string>, escaping only &, < and >
//   - []byte: <base64>, in base64.encodebytes' 76-column lines
//   - time.Time: <dateTime.iso8601> in the value's own location
//   - []any, []string, []int, []Struct: <array>
//   - Struct: <struct> with members in order
//   - map[string]any: <struct> with the keys sorted
//   - Marshaler: whatever it appends
//
// nil gives ErrNil. Strings are made well-formed: invalid UTF-8 and the
// characters XML 1.0 forbids (control characters other than TAB, LF and
// CR, U+FFFE, U+FFFF) become U+FFFD. 4.2.5 sends them raw, which makes
// every XML parser reject the whole response.
func AppendValue(dst []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case string:
		return appendString(dst, v), nil
	case int:
		return appendInt(dst, int64(v)), nil
	case bool:
		if v {
			return append(dst, "<value><boolean>1</boolean></value>\n"...), nil
		}
		return append(dst, "<value><boolean>0</boolean></value>\n"...), nil
	case Struct:
		return appendStruct(dst, v)
	case []any:
		dst = append(dst, "<value><array><data>\n"...)
		for _, e := range v {
			var err error
			if dst, err = AppendValue(dst, e); err != nil {
				return dst, err
			}
		}
		return append(dst, "</data></array></value>\n"...), nil
	case Marshaler:
		return v.AppendXMLRPC(dst)
	case []Struct:
		dst = append(dst, "<value><array><data>\n"...)
		for _, e := range v {
			var err error
			if dst, err = appendStruct(dst, e); err != nil {
				return dst, err
			}
		}
		return append(dst, "</data></array></value>\n"...), nil
	case []string:
		dst = append(dst, "<value><array><data>\n"...)
		for _, e := range v {
			dst = appendString(dst, e)
		}
		return append(dst, "</data></array></value>\n"...), nil
	case []int:
		dst = append(dst, "<value><array><data>\n"...)
		for _, e := range v {
			dst = appendInt(dst, int64(e))
		}
		return append(dst, "</data></array></value>\n"...), nil
	case int64:
		return appendInt(dst, v), nil
	case int32:
		return appendInt(dst, int64(v)), nil
	case int16:
		return appendInt(dst, int64(v)), nil
	case int8:
		return appendInt(dst, int64(v)), nil
	case uint:
		return appendUint(dst, uint64(v))
	case uint64:
		return appendUint(dst, v)
	case uint32:
		return appendInt(dst, int64(v)), nil
	case uint16:
		return appendInt(dst, int64(v)), nil
	case uint8:
		return appendInt(dst, int64(v)), nil
	case float64:
		return appendDouble(dst, v), nil
	case float32:
		return appendDouble(dst, float64(v)), nil
	case []byte:
		return appendBase64(dst, v), nil
	case time.Time:
		dst = append(dst, "<value><dateTime.iso8601>"...)
		dst = v.AppendFormat(dst, dateTimeLayout)
		return append(dst, "</dateTime.iso8601></value>\n"...), nil
	case map[string]any:
		return appendMap(dst, v)
	case nil:
		return dst, ErrNil
	}
	return dst, &UnsupportedTypeError{v}
}

func appendStruct(dst []byte, s Struct) ([]byte, error) {
	dst = append(dst, "<value><struct>\n"...)
	for i := range s {
		dst = append(dst, "<member>\n<name>"...)
		dst = appendEscaped(dst, s[i].Name)
		dst = append(dst, "</name>\n"...)
		var err error
		if dst, err = AppendValue(dst, s[i].Value); err != nil {
			return dst, err
		}
		dst = append(dst, "</member>\n"...)
	}
	return append(dst, "</struct></value>\n"...), nil
}

func appendMap(dst []byte, m map[string]any) ([]byte, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	s := make(Struct, len(keys))
	for i, k := range keys {
		s[i] = Member{k, m[k]}
	}
	return appendStruct(dst, s)
}

// AppendString appends the encoding of a string exactly as AppendValue
// does, without boxing it in an interface (for Marshaler implementations).
func AppendString(dst []byte, s string) []byte { return appendString(dst, s) }

// AppendInt appends the encoding of an integer exactly as AppendValue
// does, without boxing it in an interface (for Marshaler implementations).
func AppendInt(dst []byte, n int64) []byte { return appendInt(dst, n) }

func appendInt(dst []byte, n int64) []byte {
	if n >= math.MinInt32 && n <= math.MaxInt32 {
		dst = append(dst, "<value><int>"...)
		dst = strconv.AppendInt(dst, n, 10)
		return append(dst, "</int></value>\n"...)
	}
	dst = append(dst, "<value><i8>"...)
	dst = strconv.AppendInt(dst, n, 10)
	return append(dst, "</i8></value>\n"...)
}

func appendUint(dst []byte, n uint64) ([]byte, error) {
	if n > math.MaxInt64 {
		return dst, ErrIntRange
	}
	return appendInt(dst, int64(n)), nil
}

func appendString(dst []byte, s string) []byte {
	dst = append(dst, "<value><string>"...)
	dst = appendEscaped(dst, s)
	return append(dst, "</string></value>\n"...)
}

func appendDouble(dst []byte, f float64) []byte {
	dst = append(dst, "<value><double>"...)
	dst = py.AppendFloat(dst, f)
	return append(dst, "</double></value>\n"...)
}

// appendBase64 writes base64.encodebytes' layout: lines of at most 76
// characters, each ending in a newline, after a newline.
func appendBase64(dst []byte, b []byte) []byte {
	dst = append(dst, "<value><base64>\n"...)
	const perLine = 57 // input bytes per 76-character line
	for len(b) > 0 {
		n := min(len(b), perLine)
		dst = base64.StdEncoding.AppendEncode(dst, b[:n])
		dst = append(dst, '\n')
		b = b[n:]
	}
	return append(dst, "</base64></value>\n"...)
}

// plainASCII marks the bytes appendEscaped copies as they are: ASCII other
// than &, <, > and the control characters XML 1.0 forbids.
var plainASCII = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '&' && c != '<' && c != '>'
	}
	t['\t'], t['\n'], t['\r'] = true, true, true
	return t
}()

// load8 reads the first eight bytes of t as a little-endian word (one
// load once compiled).
func load8(t string) uint64 {
	_ = t[7]
	return uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
		uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
}

// plain8 reports whether the eight bytes of x are all plainASCII bytes
// other than TAB, LF and CR: none has its high bit set, is below 0x20, or
// is &, < or >.
func plain8(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	special := x | (x - 0x20*ones) // high bit: >= 0x80, or below 0x20
	for _, c := range [...]uint64{'&', '<', '>'} {
		y := x ^ (c * ones) // a zero byte where x has c
		special |= (y - ones) &^ y
	}
	return special&highs == 0
}

// appendEscaped appends s with &, < and > escaped (and nothing else, as
// Python's xmlrpc.client.escape does), replacing invalid UTF-8 and
// characters XML 1.0 does not allow with U+FFFD.
func appendEscaped(dst []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		// Skip eight plain bytes at a time (paths and names mostly are).
		if i+8 <= len(s) && plain8(load8(s[i:i+8])) {
			i += 8
			continue
		}
		c := s[i]
		if plainASCII[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			var rep string
			switch {
			case c == '&':
				rep = "&amp;"
			case c == '<':
				rep = "&lt;"
			case c == '>':
				rep = "&gt;"
			case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
				rep = "\uFFFD"
			default:
				i++
				continue
			}
			dst = append(dst, s[last:i]...)
			dst = append(dst, rep...)
			i++
			last = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == 0xFFFE || r == 0xFFFF {
			dst = append(dst, s[last:i]...)
			dst = append(dst, "\uFFFD"...)
			i += size
			last = i
			continue
		}
		i += size
	}
	return append(dst, s[last:]...)
}
