package ctl

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Where Python's xmlrpc.client reports a reply it cannot parse: errors
// found while feeding expat, errors found when closing it, and replies
// that parse but hold no value.
var (
	siteExpatClose    = pySite{pyLib + "xmlrpc/client.py", 460}
	siteResponseError = pySite{pyLib + "xmlrpc/client.py", 666}
)

// checkReply finds what Python's parser would reject in an XML-RPC reply
// body, with expat's message and position for the common cases: an empty
// or non-XML body, control characters (ANSI escapes in log text), a
// truncated document, mismatched tags, data after the root element, and a
// document without a value. Positions are counted after Python turns every
// non-ASCII character into a character reference, as 4.2.5's transport
// does before parsing.
func checkReply(data []byte) *PyError {
	expat := func(site pySite, msg string, offset int) *PyError {
		line, col := expatPosition(data, offset)
		return &PyError{Class: "xml.parsers.expat.ExpatError", Msg: fmt.Sprintf("%s: line %d, column %d", msg, line, col), Site: site}
	}
	if len(data) == 0 {
		return expat(siteExpatClose, "no element found", 0)
	}
	for i, r := range string(data) {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return expat(siteExpat, "not well-formed (invalid token)", i)
		}
	}
	first := len(data) - len(bytes.TrimLeft(data, " \t\r\n"))
	switch {
	case first == len(data):
		return expat(siteExpatClose, "no element found", len(data))
	case data[first] != '<':
		if data[first] >= 0x80 {
			return expat(siteExpat, "not well-formed (invalid token)", first)
		}
		return expat(siteExpatClose, "syntax error", first)
	case first > 0 && bytes.HasPrefix(data[first:], []byte("<?xml")):
		return expat(siteExpat, "XML or text declaration not at start of entity", first)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	var open []string
	sawRoot, hasValue := false, false
	for {
		start := int(d.InputOffset())
		tok, err := d.RawToken()
		if err == io.EOF {
			if len(open) > 0 || !sawRoot {
				return expat(siteExpatClose, "no element found", len(data))
			}
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) && strings.Contains(se.Msg, "unexpected EOF") {
				if start < len(data) && data[start] == '<' {
					return expat(siteExpatClose, "unclosed token", start)
				}
				return expat(siteExpatClose, "no element found", len(data))
			}
			return expat(siteExpat, "not well-formed (invalid token)", start)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(open) == 0 && sawRoot {
				return expat(siteExpat, "junk after document element", start)
			}
			open = append(open, t.Name.Local)
			sawRoot = true
			if t.Name.Local == "value" {
				hasValue = true
			}
		case xml.EndElement:
			if len(open) == 0 || open[len(open)-1] != t.Name.Local {
				return expat(siteExpat, "mismatched tag", start+2)
			}
			open = open[:len(open)-1]
		case xml.CharData:
			if len(open) == 0 && sawRoot {
				if trimmed := bytes.TrimLeft(t, " \t\r\n"); len(trimmed) > 0 {
					return expat(siteExpat, "junk after document element", start+len(t)-len(trimmed))
				}
			}
		}
	}
	if !hasValue {
		return &PyError{Class: "xmlrpc.client.ResponseError", Msg: "ResponseError()", Site: siteResponseError}
	}
	return nil
}

// expatPosition is expat's (line, column) of a byte offset: lines from 1,
// columns from 0, counting each non-ASCII character as its "&#N;"
// reference.
func expatPosition(data []byte, offset int) (line, col int) {
	line = 1
	for _, r := range string(data[:offset]) {
		switch {
		case r == '\n':
			line, col = line+1, 0
		case r >= 0x80:
			col += len(fmt.Sprintf("&#%d;", r))
		default:
			col++
		}
	}
	return line, col
}
