package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// rpcFault is an XML-RPC <fault> answer.
type rpcFault struct {
	Code   int
	String string
}

func (f *rpcFault) Error() string { return fmt.Sprintf("Fault %d %s", f.Code, f.String) }

// encodeCall renders an XML-RPC methodCall with string, bool and int params.
func encodeCall(method string, params ...any) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version='1.0'?>\n<methodCall>\n<methodName>")
	xml.EscapeText(&b, []byte(method))
	b.WriteString("</methodName>\n<params>\n")
	for _, p := range params {
		b.WriteString("<param>\n<value>")
		switch v := p.(type) {
		case bool:
			if v {
				b.WriteString("<boolean>1</boolean>")
			} else {
				b.WriteString("<boolean>0</boolean>")
			}
		case int:
			fmt.Fprintf(&b, "<int>%d</int>", v)
		case string:
			b.WriteString("<string>")
			xml.EscapeText(&b, []byte(v))
			b.WriteString("</string>")
		default:
			panic(fmt.Sprintf("encodeCall: unsupported param type %T", p))
		}
		b.WriteString("</value>\n</param>\n")
	}
	b.WriteString("</params>\n</methodCall>\n")
	return b.Bytes()
}

// decodeResponse parses an XML-RPC methodResponse into Go values: string,
// int, bool, float64, []any and map[string]any. A <fault> becomes *rpcFault.
func decodeResponse(body []byte) (any, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, fmt.Errorf("malformed response: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "params", "param", "methodResponse":
			continue
		case "value":
			return decodeValue(d)
		case "fault":
			if err := nextStart(d, "value"); err != nil {
				return nil, err
			}
			v, err := decodeValue(d)
			if err != nil {
				return nil, err
			}
			m, _ := v.(map[string]any)
			code, _ := m["faultCode"].(int)
			s, _ := m["faultString"].(string)
			return nil, &rpcFault{Code: code, String: s}
		default:
			return nil, fmt.Errorf("malformed response: unexpected <%s>", se.Name.Local)
		}
	}
}

// nextStart skips tokens until the start element name.
func nextStart(d *xml.Decoder, name string) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return fmt.Errorf("malformed response: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == name {
			return nil
		}
	}
}

// decodeValue decodes the content of a <value> whose start tag was consumed,
// up to and including its end tag.
func decodeValue(d *xml.Decoder) (any, error) {
	var text strings.Builder
	var out any
	typed := false
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, fmt.Errorf("malformed value: %v", err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			if !typed {
				return text.String(), nil // untyped <value>text</value> is a string
			}
			return out, nil
		case xml.StartElement:
			typed = true
			if out, err = decodeTyped(d, t.Name.Local); err != nil {
				return nil, err
			}
		}
	}
}

// decodeTyped decodes one typed element (<int>, <struct>, ...) whose start
// tag was consumed.
func decodeTyped(d *xml.Decoder, kind string) (any, error) {
	switch kind {
	case "array":
		var arr []any
		if err := nextStart(d, "data"); err != nil {
			return nil, err
		}
		for {
			tok, err := d.Token()
			if err != nil {
				return nil, fmt.Errorf("malformed array: %v", err)
			}
			switch t := tok.(type) {
			case xml.StartElement:
				v, err := decodeValue(d)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			case xml.EndElement:
				if t.Name.Local == "data" {
					return arr, d.Skip() // </array>
				}
			}
		}
	case "struct":
		m := map[string]any{}
		for {
			tok, err := d.Token()
			if err != nil {
				return nil, fmt.Errorf("malformed struct: %v", err)
			}
			switch t := tok.(type) {
			case xml.StartElement: // <member>
				name, v, err := decodeMember(d)
				if err != nil {
					return nil, err
				}
				m[name] = v
			case xml.EndElement:
				if t.Name.Local == "struct" {
					return m, nil
				}
			}
		}
	}
	var s string
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, fmt.Errorf("malformed <%s>: %v", kind, err)
		}
		if cd, ok := tok.(xml.CharData); ok {
			s += string(cd)
			continue
		}
		if _, ok := tok.(xml.EndElement); ok {
			break
		}
	}
	switch kind {
	case "string":
		return s, nil
	case "int", "i4", "i8":
		return strconv.Atoi(strings.TrimSpace(s))
	case "boolean":
		return strings.TrimSpace(s) == "1", nil
	case "double":
		return strconv.ParseFloat(strings.TrimSpace(s), 64)
	case "nil":
		return nil, nil
	default:
		return s, nil
	}
}

// decodeMember decodes <name>..</name><value>..</value></member>.
func decodeMember(d *xml.Decoder) (string, any, error) {
	var name string
	var val any
	for {
		tok, err := d.Token()
		if err != nil {
			return "", nil, fmt.Errorf("malformed member: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "name":
				var sb strings.Builder
				for {
					tok, err := d.Token()
					if err != nil {
						return "", nil, err
					}
					if cd, ok := tok.(xml.CharData); ok {
						sb.Write(cd)
						continue
					}
					break
				}
				name = sb.String()
			case "value":
				if val, err = decodeValue(d); err != nil {
					return "", nil, err
				}
			}
		case xml.EndElement:
			if t.Name.Local == "member" {
				return name, val, nil
			}
		}
	}
}
