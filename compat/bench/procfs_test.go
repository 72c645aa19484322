package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseStat(t *testing.T) {
	tests := []struct {
		name string
		data string
		want procStat
	}{
		{
			name: "plain",
			data: "4242 (supervisord) S 1 4242 4242 0 -1 4194560 1234 0 0 0 150 37 0 0 20 0 3 0 98765 123456789 2048 18446744073709551615\n",
			want: procStat{State: 'S', PPID: 1, UTime: 150, STime: 37, Threads: 3, StartTime: 98765},
		},
		{
			name: "command with spaces and parens",
			data: "7 (a) b (c)) R 6 7 7 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 55 0 0 0\n",
			want: procStat{State: 'R', PPID: 6, UTime: 1, STime: 2, Threads: 1, StartTime: 55},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseStat([]byte(tt.data))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseStatMalformed(t *testing.T) {
	for _, data := range []string{"", "12 (x", "12 (x) S 1 2 3", "1 (x) S z 1 1 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 5 0\n"} {
		_, err := parseStat([]byte(data))
		assert.Error(t, err, "%q", data)
	}
}

func TestParseSchedstat(t *testing.T) {
	run, wait, n, err := parseSchedstat([]byte("5512345 120000 42\n"))
	require.NoError(t, err)
	assert.Equal(t, []uint64{5512345, 120000, 42}, []uint64{run, wait, n})
	_, _, _, err = parseSchedstat([]byte("1 2\n"))
	assert.Error(t, err)
	_, _, _, err = parseSchedstat([]byte("1 x 3\n"))
	assert.Error(t, err)
}

func TestParseStatusField(t *testing.T) {
	status := "Name:\tsupervisord\nVmRSS:\t   33388 kB\nvoluntary_ctxt_switches:\t17\nnonvoluntary_ctxt_switches:\t3\n"
	tests := []struct {
		key  string
		want uint64
		ok   bool
	}{
		{"VmRSS", 33388, true},
		{"voluntary_ctxt_switches", 17, true},
		{"nonvoluntary_ctxt_switches", 3, true},
		{"VmHWM", 0, false},
		{"Name", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseStatusField([]byte(status), tt.key)
		assert.Equal(t, tt.ok, ok, tt.key)
		assert.Equal(t, tt.want, got, tt.key)
	}
}

func TestEnvironHas(t *testing.T) {
	env := []byte("PATH=/bin\x00GOSVBENCH_TOKEN=abc\x00HOME=/root\x00")
	assert.True(t, environHas(env, "GOSVBENCH_TOKEN=abc"))
	assert.False(t, environHas(env, "GOSVBENCH_TOKEN=ab"))
	assert.False(t, environHas(env, "OSVBENCH_TOKEN=abc"))
}

func TestCPUDelta(t *testing.T) {
	a := cpuSample{TicksS: 1.00, SchedS: 1.002}
	// schedstat agrees with ticks: take the precise figure
	assert.InDelta(t, 0.0123, cpuDelta(a, cpuSample{TicksS: 1.01, SchedS: 1.0143}), 1e-9)
	// a thread exited and took its schedstat time with it: fall back to ticks
	assert.InDelta(t, 0.5, cpuDelta(a, cpuSample{TicksS: 1.5, SchedS: 1.1}), 1e-9)
}

func TestCountDelta(t *testing.T) {
	assert.Equal(t, 5.0, countDelta(10, 15))
	assert.Equal(t, 0.0, countDelta(15, 10))
}
