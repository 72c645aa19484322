package ctl

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// editorOn returns an editor reading keys from input (not a terminal, so
// raw mode is a no-op) and its output buffer.
func editorOn(input string) (*editor, *bytes.Buffer) {
	var out bytes.Buffer
	return newEditor(newLineInput(strings.NewReader(input), io.Discard), &out, -1), &out
}

func TestEditorKeys(t *testing.T) {
	cases := []struct {
		keys, want string
		err        error
	}{
		{"status\r", "status", nil},
		{"statuu\x7fs\r", "status", nil},
		{"tus\x01sta\r", "status", nil},         // ^A then insert
		{"abc\x1b[D\x1b[D\x1b[3~\r", "ac", nil}, // left, left, delete
		{"abc def\x17\r", "abc ", nil},          // ^W
		{"abc\x01\x0b\r", "", nil},              // ^A ^K
		{"abc\x15x\r", "x", nil},                // ^U
		{"\x04", "", io.EOF},                    // ^D on an empty line
		{"ab\x03", "", errInterrupted},          // ^C
		{"h\xc3\xa9\r", "hé", nil},              // UTF-8
	}
	for _, c := range cases {
		e, _ := editorOn(c.keys)
		got, err := e.readLine("p> ", nil, nil)
		assert.Equal(t, c.err, err, "%q", c.keys)
		assert.Equal(t, c.want, got, "%q", c.keys)
	}
}

func TestEditorHistory(t *testing.T) {
	e, _ := editorOn("one\rtwo\r\x1b[A\x1b[A\r\x10\x0e\x0e\rx\r")
	var lines []string
	for i := 0; i < 5; i++ {
		l, err := e.readLine("> ", nil, nil)
		assert.NoError(t, err)
		lines = append(lines, l)
	}
	assert.Equal(t, []string{"one", "two", "one", "", "x"}, lines[:3+2])
	assert.Equal(t, []string{"one", "two", "one", "x"}, e.history)
}

func TestEditorCompletion(t *testing.T) {
	c := &Controller{completeOK: true, completeInfo: []processInfo{
		{Name: "sleeper", Group: "sleeper"}, {Name: "g1", Group: "grp"}, {Name: "g2", Group: "grp"}, {Name: "solo", Group: "solo"},
	}}
	cases := []struct{ keys, want string }{
		{"statu\t\r", "status "},
		{"statu\tsl\t\r", "status sleeper "},
		{"status g\t\r", "status grp:"},
		{"status grp:g\t1\r", "status grp:g1"},
		{"stop s\t\t\r", "stop s"}, // ambiguous: sleeper, solo (listed on the second TAB)
		{"add g\t\r", "add grp "},
		{"he\t\r", "help "},
		{"help st\t\r", "help st"},
		{"zz\t\r", "zz"},
		{"version x\t\r", "version x"},
	}
	for _, k := range cases {
		e, out := editorOn(k.keys)
		got, err := e.readLine("> ", nil, c.complete)
		assert.NoError(t, err)
		assert.Equal(t, k.want, got, "%q", k.keys)
		if k.keys == "stop s\t\t\r" {
			assert.Contains(t, out.String(), "sleeper   solo", "second TAB lists the matches")
		}
	}
}

func TestComplete(t *testing.T) {
	c := &Controller{completeOK: true, completeInfo: []processInfo{
		{Name: "sleeper", Group: "sleeper"}, {Name: "g1", Group: "grp"}, {Name: "g2", Group: "grp"},
	}}
	assert.Equal(t, []string{"start ", "status ", "stop "}, c.complete("st", "st"))
	assert.Len(t, c.complete("", ""), 23, "every action, help twice like 4.2.5's vocab")
	assert.Equal(t, []string{"sleeper ", "grp:g1 ", "grp:* ", "grp:g2 "}, c.complete("", "status "))
	assert.Equal(t, []string{"sleeper:sleeper ", "sleeper:* "}, c.complete("sleeper:", "tail sleeper:"))
	assert.Equal(t, []string{"sleeper ", "grp "}, c.complete("", "update "))
	assert.Equal(t, []string{"add ", "avail "}, c.complete("a", "p a"), "'p' is in 'help': 4.2.5 completes actions")
	assert.Nil(t, c.complete("", "version "))
}
