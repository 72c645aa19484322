package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

// Expectations were produced by Python 3.11's getopt.getopt with 4.2.5's
// supervisord option specification.
func TestGetopt(t *testing.T) {
	tests := []struct {
		args    []string
		opts    [][]string
		rest    []string
		wantErr string
	}{
		{[]string{"-n"}, [][]string{{"-n", ""}}, []string{}, ""},
		{[]string{"-nc", "f.conf"}, [][]string{{"-n", ""}, {"-c", "f.conf"}}, []string{}, ""},
		{[]string{"-cf.conf", "-n"}, [][]string{{"-c", "f.conf"}, {"-n", ""}}, []string{}, ""},
		{[]string{"-c", "f.conf", "rest", "-n"}, [][]string{{"-c", "f.conf"}}, []string{"rest", "-n"}, ""},
		{[]string{"--conf=f.conf"}, [][]string{{"--configuration", "f.conf"}}, []string{}, ""},
		{[]string{"--conf", "f.conf"}, [][]string{{"--configuration", "f.conf"}}, []string{}, ""},
		{[]string{"--nod"}, [][]string{{"--nodaemon", ""}}, []string{}, ""},
		{[]string{"--min", "5"}, nil, nil, "option --min not a unique prefix"},
		{[]string{"--minf=5"}, [][]string{{"--minfds", "5"}}, []string{}, ""},
		{[]string{"--minfds"}, nil, nil, "option --minfds requires argument"},
		{[]string{"--nodaemon=yes"}, nil, nil, "option --nodaemon must not have an argument"},
		{[]string{"-x"}, nil, nil, "option -x not recognized"},
		{[]string{"--bogus"}, nil, nil, "option --bogus not recognized"},
		{[]string{"-"}, [][]string{}, []string{"-"}, ""},
		{[]string{"--", "-n"}, [][]string{}, []string{"-n"}, ""},
		{[]string{"-n", "--", "x"}, [][]string{{"-n", ""}}, []string{"x"}, ""},
		{[]string{"-c"}, nil, nil, "option -c requires argument"},
		{[]string{"--=x"}, nil, nil, "option -- not a unique prefix"},
		{[]string{"-:"}, nil, nil, "option -: not recognized"},
		{[]string{"-kts"}, [][]string{{"-k", ""}, {"-t", ""}, {"-s", ""}}, []string{}, ""},
		{[]string{"-mx"}, [][]string{{"-m", "x"}}, []string{}, ""},
		{[]string{"--user=", "-n"}, [][]string{{"--user", ""}, {"-n", ""}}, []string{}, ""},
		{[]string{"--log=x"}, nil, nil, "option --log not a unique prefix"},
		{[]string{"--logfile_m=1"}, [][]string{{"--logfile_maxbytes", "1"}}, []string{}, ""},
		{[]string{"-é"}, nil, nil, "option -é not recognized"},
		{[]string{"--profile_options=calls,Callers"}, [][]string{{"--profile_options", "calls,Callers"}}, []string{}, ""},
		{[]string{"--s"}, nil, nil, "option --s not a unique prefix"},
		{[]string{"--si"}, [][]string{{"--silent", ""}}, []string{}, ""},
		{[]string{"--st"}, [][]string{{"--strip_ansi", ""}}, []string{}, ""},
		{[]string{"-?"}, [][]string{{"-?", ""}}, []string{}, ""},
		{[]string{"--h"}, [][]string{{"--help", ""}}, []string{}, ""},
		{[]string{"--he"}, [][]string{{"--help", ""}}, []string{}, ""},
		{[]string{"x", "-n"}, [][]string{}, []string{"x", "-n"}, ""},
	}
	for _, tt := range tests {
		opts, rest, err := config.Getopt(tt.args, shortOptions, longOptions)
		if tt.wantErr != "" {
			assert.EqualError(t, err, tt.wantErr, "%q", tt.args)
			continue
		}
		if !assert.NoError(t, err, "%q", tt.args) {
			continue
		}
		got := [][]string{}
		for _, o := range opts {
			got = append(got, []string{o.Name, o.Value})
		}
		assert.Equal(t, tt.opts, got, "%q", tt.args)
		if rest == nil {
			rest = []string{}
		}
		assert.Equal(t, tt.rest, rest, "%q", tt.args)
	}
}
