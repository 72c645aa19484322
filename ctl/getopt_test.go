package ctl

import (
	"testing"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/stretchr/testify/assert"
)

// supervisorctl's option specs through config.Getopt give what Python
// 3.11's getopt.getopt gives with 4.2.5's ClientOptions.
func opt(name, value string) config.Option { return config.Option{Name: name, Value: value} }

func TestGetopt(t *testing.T) {
	cases := []struct {
		args []string
		opts []config.Option
		rest []string
		err  string
	}{
		{args: []string{"-c", "x", "status"}, opts: []config.Option{opt("-c", "x")}, rest: []string{"status"}},
		{args: []string{"-cx", "-i", "a", "-b"}, opts: []config.Option{opt("-c", "x"), opt("-i", "")}, rest: []string{"a", "-b"}},
		{args: []string{"--conf=x"}, opts: []config.Option{opt("--configuration", "x")}},
		{args: []string{"--configuration", "x"}, opts: []config.Option{opt("--configuration", "x")}},
		{args: []string{"--h"}, err: "option --h not a unique prefix"},
		{args: []string{"--he"}, opts: []config.Option{opt("--help", "")}},
		{args: []string{"--hi=f"}, opts: []config.Option{opt("--history_file", "f")}},
		{args: []string{"--interactive=1"}, err: "option --interactive must not have an argument"},
		{args: []string{"-x"}, err: "option -x not recognized"},
		{args: []string{"--"}},
		{args: []string{"-", "a"}, rest: []string{"-", "a"}},
		{args: []string{"--", "-c"}, rest: []string{"-c"}},
		{args: []string{"-ic", "x"}, opts: []config.Option{opt("-i", ""), opt("-c", "x")}},
		{args: []string{"-c"}, err: "option -c requires argument"},
		{args: []string{"--user"}, err: "option --username requires argument"},
		{args: []string{"--=x"}, err: "option -- not a unique prefix"},
		{args: []string{"-s", "u", "--", "-c", "x"}, opts: []config.Option{opt("-s", "u")}, rest: []string{"-c", "x"}},
		{args: []string{"a", "-c", "x"}, rest: []string{"a", "-c", "x"}},
		{args: []string{"-?"}, opts: []config.Option{opt("-?", "")}},
		{args: []string{"-:"}, err: "option -: not recognized"},
		{args: []string{"--help=x"}, err: "option --help must not have an argument"},
		{args: []string{"--history_file"}, err: "option --history_file requires argument"},
		{args: []string{"-r", ""}, opts: []config.Option{opt("-r", "")}},
		{args: []string{"-é"}, err: "option -é not recognized"},
	}
	for _, c := range cases {
		opts, rest, err := config.Getopt(c.args, shortOpts, longOpts)
		if c.err != "" {
			assert.EqualError(t, err, c.err, "%q", c.args)
			continue
		}
		assert.NoError(t, err, "%q", c.args)
		assert.Equal(t, c.opts, opts, "%q", c.args)
		if c.rest == nil {
			c.rest = []string{}
		}
		if rest == nil {
			rest = []string{}
		}
		assert.Equal(t, c.rest, rest, "%q", c.args)
	}
}
