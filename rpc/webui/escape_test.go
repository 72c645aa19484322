package webui

import (
	"html/template"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// escapeProbe puts one string in each context the pages use, escaped by
// html/template (the reference) ...
var escapeProbe = template.Must(template.New("probe").Parse(
	`<p title="{{.}}">{{.}}</p><a href="{{.}}"></a><link href="x.css?v={{.}}"><title>{{.}}</title>`))

// ... and by the page renderer's escapers.
func probe(s string) string {
	var w htmlWriter
	w.raw(`<p title="`)
	w.text(s)
	w.raw(`">`)
	w.text(s)
	w.raw(`</p><a href="`)
	w.url(s)
	w.raw(`"></a><link href="x.css?v=`)
	w.query(s)
	w.raw(`"><title>`)
	w.text(s)
	w.raw(`</title>`)
	return string(w.b)
}

var escapeSeeds = []string{
	"", "plain", tricky, "javascript:alert(1)", "JAVASCRIPT:x", "mailto:a@b", "http://x/?a=b&c=d#e",
	"https://x", "ftp://x", "a/b:c", "?a:b", ":", "%", "%4", "%41", "%4g", "%%41", "a+b c",
	"!#$&*+,/:;=?@[]-._~()'\"<>\\^`{|}", "\x00\x01\x7f\x80\xff", "é€😀", "\xed\xa0\x80", "\uFDD0\uFFFE",
}

func TestEscapersMatchHTMLTemplate(t *testing.T) {
	for _, s := range escapeSeeds {
		var want strings.Builder
		require.NoError(t, escapeProbe.Execute(&want, s))
		assert.Equal(t, want.String(), probe(s), "%q", s)
	}
}

func FuzzEscapersMatchHTMLTemplate(f *testing.F) {
	for _, s := range escapeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want strings.Builder
		require.NoError(t, escapeProbe.Execute(&want, s))
		require.Equal(t, want.String(), probe(s), "%q", s)
	})
}
