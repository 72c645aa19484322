package rpc

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gosupervisord/gosupervisord/internal/py"
	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
)

// PyStr formats a decoded XML-RPC value as Python's str() shows the value
// 4.2.5's decoder makes of it. 4.2.5 puts such text in fault details, e.g.
// "INCORRECT_PARAMETERS: 5" for sendProcessStdin('cat', 5).
func PyStr(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case time.Time:
		return v.Format("2006-01-02 15:04:05")
	}
	return PyRepr(v)
}

// PyRepr formats a decoded XML-RPC value as Python's repr() does.
func PyRepr(v any) string {
	var b strings.Builder
	writeRepr(&b, v)
	return b.String()
}

func writeRepr(b *strings.Builder, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("None")
	case bool:
		if v {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case int:
		b.WriteString(strconv.Itoa(v))
	case float64:
		b.Write(py.AppendFloat(nil, v))
	case string:
		b.WriteString(py.Repr(v))
	case time.Time:
		fmt.Fprintf(b, "datetime.datetime(%d, %d, %d, %d, %d", v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute())
		if v.Second() != 0 {
			fmt.Fprintf(b, ", %d", v.Second())
		}
		b.WriteByte(')')
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, e)
		}
		b.WriteByte(']')
	case xmlrpc.Struct:
		b.WriteByte('{')
		for i, m := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(py.Repr(m.Name))
			b.WriteString(": ")
			writeRepr(b, m.Value)
		}
		b.WriteByte('}')
	default:
		fmt.Fprintf(b, "%v", v)
	}
}

// PyTypeName returns the Python type name of a decoded value, as Python's
// error messages show it ("int", "str", "list", "dict", "NoneType").
func PyTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case int:
		return "int"
	case float64:
		return "float"
	case string:
		return "str"
	case time.Time:
		return "datetime.datetime"
	case []any:
		return "list"
	case xmlrpc.Struct:
		return "dict"
	}
	return fmt.Sprintf("%T", v)
}

// PyTruth reports Python's truth value of a decoded value.
func PyTruth(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case int:
		return v != 0
	case float64:
		return v != 0
	case string:
		return v != ""
	case []any:
		return len(v) > 0
	case xmlrpc.Struct:
		return len(v) > 0
	}
	return true
}
