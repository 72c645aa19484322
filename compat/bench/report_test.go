package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTarget(t *testing.T) {
	tests := []struct {
		t    target
		text string
		v    float64
		met  bool
	}{
		{*ratioTarget(true, 0.25), "B/A ≤ 0.25", 0.25, true},
		{*ratioTarget(false, 10), "B/A ≥ 10", 9.9, false},
		{*absTarget(true, true, 100), "B < 100", 100, false},
		{*absTarget(true, false, 20), "B ≤ 20", 3, true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.text, tt.t.String())
		assert.Equal(t, tt.met, tt.t.met(tt.v), tt.text)
	}
}

func TestEvaluate(t *testing.T) {
	r := &metricResult{
		def:   metricDef{name: "m", agg: "mean", target: ratioTarget(true, 0.5)},
		slots: map[string]*slot{"A": {}, "B": {}},
	}
	r.slots["A"].record(many([]float64{0.03, 1.03, 1.03}))
	r.slots["B"].record(one(0.1))
	r.slots["B"].record(failed(errors.New("boom")))
	r.evaluate()
	require.NotNil(t, r.ratio)
	assert.InDelta(t, 0.1/(2.09/3), *r.ratio, 1e-9)
	require.NotNil(t, r.met)
	assert.True(t, *r.met)
	assert.Equal(t, []string{"boom"}, r.slots["B"].Fails)
	assert.Equal(t, []any{0.1, "fail: boom"}, r.slots["B"].Trials)
}

func TestEvaluateBelowResolution(t *testing.T) {
	r := &metricResult{def: metricDef{name: "cpu", agg: "median", ratioMin: 0.05},
		slots: map[string]*slot{"A": {}, "B": {}}}
	r.slots["A"].record(one(0.01))
	r.slots["B"].record(one(0.0))
	r.evaluate()
	assert.Nil(t, r.ratio)
}

func TestRenderTable(t *testing.T) {
	r := &metricResult{def: metricDef{name: "rss", unit: "kB", better: "lower", agg: "median",
		target: ratioTarget(true, 0.25)}, slots: map[string]*slot{"A": {}, "B": {}}}
	r.slots["A"].record(one(33000))
	r.slots["B"].record(failed(errors.New("daemon exited")))
	r.evaluate()
	out := renderTable([]*metricResult{r}, []string{"A", "B"}, []string{"head"}, []string{"foot"})
	assert.Contains(t, out, "head\n")
	assert.Contains(t, out, "33000")
	assert.Contains(t, out, "B/A ≤ 0.25")
	assert.Contains(t, out, "FAIL [B] rss: daemon exited")
	assert.True(t, strings.Contains(out, "targets met: 0 of 1"))
}

func TestExpandTemplate(t *testing.T) {
	argv, err := expandTemplate(`sh -c 'exec bin -n -c "$0"' {conf}`, "/tmp/x.conf")
	require.NoError(t, err)
	assert.Equal(t, []string{"sh", "-c", `exec bin -n -c "$0"`, "/tmp/x.conf"}, argv)
	_, err = expandTemplate(`a 'b`, "c")
	assert.Error(t, err)
}

func TestParseCounts(t *testing.T) {
	n, err := parseCounts("5000, 1000,2500,1000")
	require.NoError(t, err)
	assert.Equal(t, []int{1000, 2500, 5000}, n)
	_, err = parseCounts("10,x")
	assert.Error(t, err)
}

func TestRenderConf(t *testing.T) {
	conf := renderConf("/tmp/d", 9001, 15256, sleepers(2, "none", "startsecs", "1"))
	assert.Contains(t, conf, "minfds=15256\n")
	assert.Contains(t, conf, "childlogdir=/tmp/d/childlogs\n")
	assert.Contains(t, conf, "[program:p000]\ncommand=/bin/sleep 86400\nstartsecs=1\nstdout_logfile=NONE\nstderr_logfile=NONE\n")
	assert.Contains(t, conf, "[program:p001]")
}
