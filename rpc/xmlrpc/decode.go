package xmlrpc

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// Decoder limits. A body within the HTTP layer's size limit can still be
// built to cost far more memory once parsed; these bound that.
const (
	// MaxDepth is the deepest element nesting accepted. Real calls nest
	// about a dozen levels (a multicall of structs of arrays).
	MaxDepth = 128
	// MaxElements is the most elements one call may contain.
	MaxElements = 250_000
)

// Call is a decoded methodCall.
type Call struct {
	// Method is the method name, "" when the call has none.
	Method string
	// Params are the decoded parameters (nil when there is no <params>).
	Params []any
}

// SyntaxError reports a body that is not an XML-RPC call 4.2.5 could
// decode (4.2.5 answers those with HTTP 400).
type SyntaxError struct {
	Msg string
}

// Error describes what is wrong with the body.
func (e *SyntaxError) Error() string { return "xmlrpc: " + e.Msg }

func syntaxErr(format string, args ...any) error {
	return &SyntaxError{fmt.Sprintf(format, args...)}
}

// ErrNoMethod is returned by DecodeCall when the call has no <methodName>
// or an empty one (4.2.5: HTTP 400).
var ErrNoMethod = errors.New("xmlrpc: no method name")

// node is a finished element, reduced as supervisord's iterparse decoder
// reduces it: known types are replaced by their decoded value (kept in
// val, with their children dropped); other elements keep their raw text
// (nil when they have none) and their children.
type node struct {
	tag  string // local name; "" for elements in a namespace
	val  any
	kids []node
}

// frame is an element being parsed.
type frame struct {
	name     xml.Name // as written, to match the end tag
	tag      string
	text     []byte // character data before the first child
	hasText  bool
	sawChild bool
	kids     []node
	nsDepth  int // length of the namespace scope stack before this element
}

// binding is one xmlns declaration in scope.
type binding struct {
	prefix string // "" for the default namespace
	uri    string
}

// DecodeCall decodes a methodCall body the way supervisord 4.2.5's server
// does (supervisor/xmlrpc.py's iterparse loop):
//
//   - elements are recognised by local name wherever they appear: the
//     root element is not checked, the last <methodName> gives the method
//     and the last <params> the parameters;
//   - a <value> without a type element is a string, kept verbatim;
//   - <int>/<i4> take Python int() text, <double> Python float() text,
//     <boolean> is true only for exactly "1", <dateTime.iso8601> must be
//     %Y%m%dT%H:%M:%S, <base64> must decode to UTF-8 text;
//   - unknown types (<i8>, <nil/>, <ex:nil/>) yield their text or nil;
//   - the declared encoding is ignored: the body is read as UTF-8, as
//     4.2.5 decodes the body to a str before parsing it.
//
// It differs from 4.2.5 only where 4.2.5 would misbehave: DOCTYPEs (and so
// custom entities) are rejected, nesting deeper than MaxDepth or more than
// MaxElements elements are rejected, integers must fit in int64.
//
// Errors are *SyntaxError, or ErrNoMethod when the XML is fine but there
// is no method name.
func DecodeCall(data []byte) (Call, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return Call{}, syntaxErr("body is not UTF-8")
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }

	var (
		stack    []frame
		scopes   []binding
		elements int
		rootDone bool
		method   any
		params   []any
		first    = true
	)
	for {
		offset := d.InputOffset()
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Call{}, syntaxErr("%v", err)
		}
		atStart := first
		first = false
		switch t := tok.(type) {
		case xml.StartElement:
			if rootDone {
				return Call{}, syntaxErr("junk after document element")
			}
			if len(stack) >= MaxDepth {
				return Call{}, syntaxErr("elements nested deeper than %d", MaxDepth)
			}
			if elements++; elements > MaxElements {
				return Call{}, syntaxErr("more than %d elements", MaxElements)
			}
			f := frame{name: t.Name, nsDepth: len(scopes)}
			seen := make(map[xml.Name]bool, len(t.Attr))
			for _, a := range t.Attr {
				if seen[a.Name] {
					return Call{}, syntaxErr("duplicate attribute %s", a.Name.Local)
				}
				seen[a.Name] = true
				switch {
				case a.Name.Space == "" && a.Name.Local == "xmlns":
					scopes = append(scopes, binding{"", a.Value})
				case a.Name.Space == "xmlns":
					scopes = append(scopes, binding{a.Name.Local, a.Value})
				}
			}
			for _, a := range t.Attr {
				if p := a.Name.Space; p != "" && p != "xmlns" && p != "xml" && !bound(scopes, p) {
					return Call{}, syntaxErr("unbound prefix %s", p)
				}
			}
			switch {
			case t.Name.Space != "":
				if t.Name.Space != "xml" && !bound(scopes, t.Name.Space) {
					return Call{}, syntaxErr("unbound prefix %s", t.Name.Space)
				}
			case defaultNamespace(scopes) == "":
				f.tag = t.Name.Local
			}
			if n := len(stack); n > 0 {
				stack[n-1].sawChild = true
			}
			stack = append(stack, f)

		case xml.EndElement:
			n := len(stack)
			if n == 0 || stack[n-1].name != t.Name {
				return Call{}, syntaxErr("mismatched tag </%s>", t.Name.Local)
			}
			f := &stack[n-1]
			var text any
			if f.hasText {
				text = string(f.text)
			}
			nd, err := reduce(f, text)
			if err != nil {
				return Call{}, err
			}
			switch f.tag {
			case "methodName":
				method = text
			case "params":
				params = make([]any, len(f.kids))
				for i := range f.kids {
					params[i] = f.kids[i].val
				}
			}
			scopes = scopes[:f.nsDepth]
			stack = stack[:n-1]
			if n == 1 {
				rootDone = true
			} else {
				p := &stack[n-2]
				p.kids = append(p.kids, nd)
			}

		case xml.CharData:
			if n := len(stack); n > 0 {
				if f := &stack[n-1]; !f.sawChild {
					f.text = append(f.text, t...)
					f.hasText = true
				}
			} else if len(bytes.Trim(t, " \t\r\n")) > 0 {
				return Call{}, syntaxErr("text outside the document element")
			}

		case xml.ProcInst:
			if strings.EqualFold(t.Target, "xml") && (!atStart || offset != 0) {
				return Call{}, syntaxErr("XML declaration not at start")
			}

		case xml.Directive:
			return Call{}, syntaxErr("DOCTYPE and other directives are not accepted")

		case xml.Comment:
		}
	}
	if !rootDone || len(stack) > 0 {
		return Call{}, syntaxErr("no complete document element")
	}
	name, _ := method.(string)
	if name == "" {
		return Call{}, ErrNoMethod
	}
	return Call{Method: name, Params: params}, nil
}

func bound(scopes []binding, prefix string) bool {
	for i := len(scopes) - 1; i >= 0; i-- {
		if scopes[i].prefix == prefix {
			return scopes[i].uri != "" || prefix == ""
		}
	}
	return false
}

func defaultNamespace(scopes []binding) string {
	for i := len(scopes) - 1; i >= 0; i-- {
		if scopes[i].prefix == "" {
			return scopes[i].uri
		}
	}
	return ""
}

// reduce turns a finished element into a node, decoding known types.
// text is the element's character data before its first child, or nil.
func reduce(f *frame, text any) (node, error) {
	s, _ := text.(string)
	nd := node{tag: f.tag}
	var err error
	switch f.tag {
	case "int", "i4":
		if text == nil {
			return nd, syntaxErr("empty <%s>", f.tag)
		}
		n, perr := py.ParseInt(s)
		if perr != nil {
			return nd, syntaxErr("bad <%s> %q", f.tag, s)
		}
		nd.val = int(n)
	case "boolean":
		nd.val = s == "1"
	case "string":
		nd.val = s
	case "double":
		if text == nil {
			return nd, syntaxErr("empty <double>")
		}
		if nd.val, err = py.ParseFloat(s); err != nil {
			return nd, syntaxErr("bad <double> %q", s)
		}
	case "dateTime.iso8601":
		if nd.val, err = parseDateTime(text); err != nil {
			return nd, err
		}
	case "base64":
		b, derr := py.DecodeBase64([]byte(s))
		if derr != nil {
			return nd, syntaxErr("bad <base64>: %v", derr)
		}
		if !utf8.Valid(b) {
			return nd, syntaxErr("<base64> is not UTF-8 text")
		}
		nd.val = string(b)
	case "array", "param":
		if len(f.kids) == 0 {
			return nd, syntaxErr("empty <%s>", f.tag)
		}
		nd.val = f.kids[0].val
	case "data":
		list := make([]any, len(f.kids))
		for i := range f.kids {
			list[i] = f.kids[i].val
		}
		nd.val = list
	case "struct":
		st := make(Struct, 0, len(f.kids))
		var index map[string]int // for large structs, to keep dedup linear
		if len(f.kids) > 16 {
			index = make(map[string]int, len(f.kids))
		}
		for i := range f.kids {
			m := &f.kids[i]
			if len(m.kids) != 2 {
				return nd, syntaxErr("struct member without exactly a name and a value")
			}
			var key string
			switch k := m.kids[0].val.(type) {
			case nil:
			case string:
				key = k
			default:
				return nd, syntaxErr("struct member name is not text")
			}
			if index == nil {
				st.set(key, m.kids[1].val)
			} else if j, ok := index[key]; ok {
				st[j].Value = m.kids[1].val
			} else {
				index[key] = len(st)
				st = append(st, Member{key, m.kids[1].val})
			}
		}
		nd.val = st
	case "value":
		if len(f.kids) > 0 {
			nd.val = f.kids[0].val
		} else {
			nd.val = s
		}
	default:
		nd.val = text
		nd.kids = f.kids
	}
	return nd, nil
}

// dateTimeRE is the regular expression Python's time.strptime builds for
// "%Y%m%dT%H:%M:%S".
var dateTimeRE = regexp.MustCompile(`^(\d\d\d\d)(1[0-2]|0[1-9]|[1-9])(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])T(2[0-3]|[0-1]\d|\d):([0-5]\d|\d):(6[0-1]|[0-5]\d|\d)$`)

func parseDateTime(text any) (time.Time, error) {
	s, ok := text.(string)
	if !ok {
		return time.Time{}, syntaxErr("empty <dateTime.iso8601>")
	}
	m := dateTimeRE.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, syntaxErr("bad <dateTime.iso8601> %q", s)
	}
	var f [6]int
	for i := range f {
		f[i], _ = strconv.Atoi(strings.TrimSpace(m[i+1]))
	}
	t := time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], 0, time.UTC)
	if f[0] < 1 || t.Day() != f[2] || t.Second() != f[5] {
		return time.Time{}, syntaxErr("bad <dateTime.iso8601> %q", s)
	}
	return t, nil
}
