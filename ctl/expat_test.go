package ctl

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The expectations are what Python 3.11's xmlrpc.client parser raises on
// these bodies (fed as 4.2.5's transport feeds them).
func TestCheckReply(t *testing.T) {
	ok := "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><string>3.0</string></value>\n</param>\n</params>\n</methodResponse>\n"
	cases := []struct {
		body, class, msg string
		line             int
	}{
		{ok, "", "", 0},
		{"", "xml.parsers.expat.ExpatError", "no element found: line 1, column 0", 460},
		{"hello", "xml.parsers.expat.ExpatError", "syntax error: line 1, column 0", 460},
		{"<html><body>x</body></html>", "xmlrpc.client.ResponseError", "ResponseError()", 666},
		{"<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><string>3.0</string>", "xml.parsers.expat.ExpatError", "no element found: line 5, column 27", 460},
		{"  <methodResponse/>", "xmlrpc.client.ResponseError", "ResponseError()", 666},
		{"  hello", "xml.parsers.expat.ExpatError", "syntax error: line 1, column 2", 460},
		{"\n  hello", "xml.parsers.expat.ExpatError", "syntax error: line 2, column 2", 460},
		{"\ufeff<methodResponse/>", "xml.parsers.expat.ExpatError", "not well-formed (invalid token): line 1, column 0", 451},
		{" <?xml version='1.0'?><a/>", "xml.parsers.expat.ExpatError", "XML or text declaration not at start of entity: line 1, column 1", 451},
		{"<methodResponse><params><param><value><string>a</string></value></param></params></methodResponse>trailing", "xml.parsers.expat.ExpatError", "junk after document element: line 1, column 98", 451},
		{"<a><b></a>", "xml.parsers.expat.ExpatError", "mismatched tag: line 1, column 8", 451},
		{"<methodResponse></methodResponse>", "xmlrpc.client.ResponseError", "ResponseError()", 666},
		{"<a>\né\x1b</a>", "xml.parsers.expat.ExpatError", "not well-formed (invalid token): line 2, column 6", 451},
	}
	for _, c := range cases {
		err := checkReply([]byte(c.body))
		if c.class == "" {
			assert.Nil(t, err, "%q", c.body)
			continue
		}
		if assert.NotNil(t, err, "%q", c.body) {
			assert.Equal(t, c.class, err.Class, "%q", c.body)
			assert.Equal(t, c.msg, err.Msg, "%q", c.body)
			assert.Equal(t, c.line, err.Site.line, "%q", c.body)
		}
	}
}
