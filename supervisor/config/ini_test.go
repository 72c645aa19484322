package config

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type iniSection struct {
	name string
	kv   [][2]string
}

func dumpParser(p *Parser) []iniSection {
	out := []iniSection{{DefaultSection, [][2]string{}}}
	for _, k := range p.Defaults().Keys() {
		v, _ := p.Defaults().Value(k)
		out[0].kv = append(out[0].kv, [2]string{k, v})
	}
	for _, name := range p.Sections() {
		s := iniSection{name, [][2]string{}}
		for _, k := range p.Section(name).Keys() {
			v, _ := p.Section(name).Value(k)
			s.kv = append(s.kv, [2]string{k, v})
		}
		out = append(out, s)
	}
	return out
}

// Expectations were produced by Python 3.11's
// RawConfigParser(inline_comment_prefixes=(';', '#'), strict=False).
func TestParseDialect(t *testing.T) {
	tests := []struct {
		name, text string
		want       []iniSection
	}{
		{"inline semicolon after space", "[s]\ncommand=/bin/echo a;b c ;d\n", []iniSection{
			{"DEFAULT", [][2]string{}},
			{"s", [][2]string{{"command", "/bin/echo a;b c"}}},
		}},
		{"inline hash after space", "[s]\ncommand=/bin/echo a#b c #d\n", []iniSection{
			{"DEFAULT", [][2]string{}},
			{"s", [][2]string{{"command", "/bin/echo a#b c"}}},
		}},
		{"inline comment before quotes", "[s]\ncommand=sh -c 'echo #x'\n", []iniSection{
			{"DEFAULT", [][2]string{}},
			{"s", [][2]string{{"command", "sh -c 'echo"}}},
		}},
		{"inline comment on header", "[s] ; comment\nk=v\n", []iniSection{
			{"DEFAULT", [][2]string{}},
			{"s", [][2]string{{"k", "v"}}},
		}},
		{"full line comments indented", "[s]\n  # c1\n\t; c2\nk=v\n", []iniSection{
			{"DEFAULT", [][2]string{}},
			{"s", [][2]string{{"k", "v"}}},
		}},
		{"continuation with blank and comment", "[s]\ncommand=/bin/echo\n  one\n\n  two\n  # c\n  three\n", []iniSection{
			{"DEFAULT", [][2]string{}},
			{"s", [][2]string{{"command", "/bin/echo\none\n\ntwo\nthree"}}},
		}},
		{"trailing blank lines stripped", "[s]\nk=v\n  more\n\n\n", []iniSection{
			{"DEFAULT", [][2]string{}},
			{"s", [][2]string{{"k", "v\nmore"}}},
		}},
		{"first delimiter wins", "[s]\nCommand: /bin/true --x=1\nurl = http://a:b@c\n", []iniSection{
			{"DEFAULT", [][2]string{}},
			{"s", [][2]string{{"command", "/bin/true --x=1"}, {"url", "http://a:b@c"}}},
		}},
		{"keys lower-cased", "[s]\nAutoStart=true\nAUTOSTART=false\n", []iniSection{
			{"DEFAULT", [][2]string{}},
			{"s", [][2]string{{"autostart", "false"}}},
		}},
		{"section names keep case and spaces", "[ program:a ]\nk=1\n[Program:A]\nk=2\n", []iniSection{
			{"DEFAULT", [][2]string{}},
			{" program:a ", [][2]string{{"k", "1"}}},
			{"Program:A", [][2]string{{"k", "2"}}},
		}},
		{"duplicate sections merge", "[s]\na=1\nb=2\n[t]\nx=1\n[s]\na=3\n", []iniSection{
			{"DEFAULT", [][2]string{}},
			{"s", [][2]string{{"a", "3"}, {"b", "2"}}},
			{"t", [][2]string{{"x", "1"}}},
		}},
		{"default section", "[DEFAULT]\nautostart=false\n[s]\nk=v\n[DEFAULT]\nd2=x\n", []iniSection{
			{"DEFAULT", [][2]string{{"autostart", "false"}, {"d2", "x"}}},
			{"s", [][2]string{{"k", "v"}}},
		}},
		{"text after header ignored", "[s]junk\nk=v\n", []iniSection{
			{"DEFAULT", [][2]string{}},
			{"s", [][2]string{{"k", "v"}}},
		}},
		{"greedy header", "[a]b]\nk=v\n", []iniSection{
			{"DEFAULT", [][2]string{}},
			{"a]b", [][2]string{{"k", "v"}}},
		}},
		{"empty value", "[s]\nk=\nk2 =   \n", []iniSection{
			{"DEFAULT", [][2]string{}},
			{"s", [][2]string{{"k", ""}, {"k2", ""}}},
		}},
		{"crlf and cr", "[s]\r\nk=v\r\nk2=w\rk3=x\n", []iniSection{
			{"DEFAULT", [][2]string{}},
			{"s", [][2]string{{"k", "v"}, {"k2", "w"}, {"k3", "x"}}},
		}},
		{"lock-step inline comment quirk", "[s]\nk=x#y #z ;w\n", []iniSection{
			{"DEFAULT", [][2]string{}},
			{"s", [][2]string{{"k", "x#y #z"}}},
		}},
		{"unicode whitespace", "[s]\nk=　v　\n　more\n", []iniSection{
			{"DEFAULT", [][2]string{}},
			{"s", [][2]string{{"k", "v\nmore"}}},
		}},
		{"indented header is continuation", "[s]\nk=v\n  [t]\n", []iniSection{
			{"DEFAULT", [][2]string{}},
			{"s", [][2]string{{"k", "v\n[t]"}}},
		}},
		{"indented option after header", "[s]\n  k=v\n    cont\n  k2=w\n", []iniSection{
			{"DEFAULT", [][2]string{}},
			{"s", [][2]string{{"k", "v\ncont"}, {"k2", "w"}}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.text, "f.conf")
			require.NoError(t, err)
			assert.Equal(t, tt.want, dumpParser(p))
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"value lines after error line", "[s]\nk=v\nbad line\n  cont\n", "Source contains parsing errors: 'f.conf'\n\t[line  3]: 'bad line\\n'"},
		{"no delimiter", "[s]\nk=v\nbad line\nalso bad\n", "Source contains parsing errors: 'f.conf'\n\t[line  3]: 'bad line\\n'\n\t[line  4]: 'also bad\\n'"},
		{"empty key", "[s]\n=v\n", "Source contains parsing errors: 'f.conf'\n\t[line  2]: '=v\\n'"},
		{"no section header", "k=v\n", "File contains no section headers.\nfile: 'f.conf', line: 1\n'k=v\\n'"},
		{"no section header after comments", "# c\n\nfoo\n", "File contains no section headers.\nfile: 'f.conf', line: 3\n'foo\\n'"},
		{"empty brackets", "[s]\n[]\n", "Source contains parsing errors: 'f.conf'\n\t[line  2]: '[]\\n'"},
		{"last line without newline", "[s]\nnope", "Source contains parsing errors: 'f.conf'\n\t[line  2]: 'nope'"},
		{"line numbers over 99", "[s]\n" + strings.Repeat("k=v\n", 100) + "bad\n", "Source contains parsing errors: 'f.conf'\n\t[line 102]: 'bad\\n'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.text, "f.conf")
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestParseNotUTF8(t *testing.T) {
	_, err := Parse("[s]\nk=\xff\n", "f.conf")
	require.Error(t, err)
	assert.Equal(t, "'utf-8' codec can't decode byte 0xff in position 6: invalid start byte", err.Error())
}

func TestParserDefaultsAndOptions(t *testing.T) {
	p, err := Parse("[DEFAULT]\nd=1\nk=dflt\n[s]\nk=v\nz=2\n", "f.conf")
	require.NoError(t, err)
	v, ok := p.Get("s", "K")
	assert.True(t, ok)
	assert.Equal(t, "v", v)
	v, ok = p.Get("s", "d")
	assert.True(t, ok)
	assert.Equal(t, "1", v)
	_, ok = p.Get("nosuch", "d")
	assert.False(t, ok)
	assert.Equal(t, []string{"k", "z", "d"}, p.Options("s"))
	assert.False(t, p.HasSection(DefaultSection))
	assert.True(t, p.HasOption("s", "d"))
}

func TestExpandHere(t *testing.T) {
	p, err := Parse("[DEFAULT]\ndir=%(here)s/d\n[s]\na=%(here)s:%%(here)s\n", "f.conf")
	require.NoError(t, err)
	p.ExpandHere("/x")
	assert.Equal(t, []iniSection{
		{"DEFAULT", [][2]string{{"dir", "%(here)s/d"}}},
		{"s", [][2]string{{"a", "/x:%/x"}, {"dir", "/x/d"}}},
	}, dumpParser(p))
}
