package main

import (
	"os"
	"runtime"
	"testing"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/stretchr/testify/assert"
)

func TestMain(m *testing.M) {
	applyGomaxprocs = func(*config.Config, []string) {}
	os.Exit(m.Run())
}

func TestSetGomaxprocs(t *testing.T) {
	before := runtime.GOMAXPROCS(0)
	t.Cleanup(func() { runtime.GOMAXPROCS(before) })
	runtime.SetDefaultGOMAXPROCS()
	def := runtime.GOMAXPROCS(0)
	cases := []struct {
		name    string
		n       int
		environ []string
		start   int
		want    int
	}{
		{name: "one", n: 1, start: 2, want: 1},
		{name: "three", n: 3, start: 1, want: 3},
		{name: "runtime default", n: 0, start: 1, want: def},
		{name: "environment wins", n: 1, environ: []string{"GOMAXPROCS=2"}, start: 2, want: 2},
		{name: "empty variable does not", n: 1, environ: []string{"GOMAXPROCS="}, start: 2, want: 1},
		{name: "other variables do not", n: 1, environ: []string{"XGOMAXPROCS=2", "PATH=/bin"}, start: 2, want: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			runtime.GOMAXPROCS(tc.start)
			cfg := &config.Config{}
			cfg.Supervisord.Gomaxprocs = tc.n
			setGomaxprocs(cfg, tc.environ)
			assert.Equal(t, tc.want, runtime.GOMAXPROCS(0))
		})
	}
}
