package ctl

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Expectations from Python 3.11's cmd.Cmd.columnize, int() and str.split().
func TestColumnize(t *testing.T) {
	cases := []struct {
		words []string
		want  string
	}{
		{nil, "<empty>\n"},
		{[]string{"a"}, "a\n"},
		{helpTopics(), "add    exit      open  reload  restart   start   tail   \n" +
			"avail  fg        pid   remove  shutdown  status  update \n" +
			"clear  maintail  quit  reread  signal    stop    version\n"},
		{[]string{"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy", "z"},
			"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx  z\n" +
				"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy          \n"},
	}
	for _, c := range cases {
		var b bytes.Buffer
		columnize(&b, c.words, 79)
		assert.Equal(t, c.want, b.String(), "%q", c.words)
	}
}

func TestPyInt(t *testing.T) {
	for in, want := range map[string]int{"12": 12, " 12 ": 12, "+3": 3, "-0": 0, "1_000": 1000, "٣": 3, "-1600": -1600} {
		got, ok := pyInt(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"1__0", "_1", "1_", "", "0x10", "1.0", "--5", "f", "-"} {
		_, ok := pyInt(in)
		assert.False(t, ok, in)
	}
}

func TestParseLine(t *testing.T) {
	cases := []struct {
		in, cmd, arg, line string
		hasCmd             bool
	}{
		{"status", "status", "", "status", true},
		{"  stop  all  ", "stop", "all", "stop  all", true},
		{"?", "help", "", "help ", true},
		{"? stop", "help", "stop", "help  stop", true},
		{"!ls", "", "", "!ls", false},
		{"status;x", "status", ";x", "status;x", true},
		{"start-all", "start", "-all", "start-all", true},
		{"-x", "", "-x", "-x", true},
		{"", "", "", "", false},
	}
	for _, c := range cases {
		cmd, arg, line, has := parseLine(c.in)
		assert.Equal(t, []any{c.cmd, c.arg, c.line, c.hasCmd}, []any{cmd, arg, line, has}, "%q", c.in)
	}
}

func TestNamespecs(t *testing.T) {
	assert.Equal(t, "grp:None", namespecOf(splitNamespec("grp:*")))
	assert.Equal(t, "grp:None", namespecOf(splitNamespec("grp:")))
	assert.Equal(t, "a", namespecOf(splitNamespec("a")))
	assert.Equal(t, "a:b", namespecOf(splitNamespec("a:b")))
	assert.Equal(t, "x", namespecOf(splitNamespec("x:x")))
	assert.Equal(t, "None:None", result{Group: "None", nameIsNone: true}.namespec())
}

func TestPyStr(t *testing.T) {
	assert.Equal(t, "3.0", pyStr("3.0"))
	assert.Equal(t, "3", pyStr(int64(3)))
	assert.Equal(t, "True", pyStr(true))
	assert.Equal(t, "", pyStr(nil))
	assert.Equal(t, "['a', 1]", pyStr([]any{"a", int64(1)}))
}
