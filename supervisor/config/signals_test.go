package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Expectations checked against 4.2.5's datatypes.signal_number.
func TestParseSignal(t *testing.T) {
	tests := []struct {
		in      string
		want    int
		wantErr string
	}{
		{"TERM", 15, ""},
		{"sigterm", 15, ""},
		{" int ", 2, ""},
		{"RTMIN", 34, ""},
		{"rtmax", 64, ""},
		{"9", 9, ""},
		{" +9 ", 9, ""},
		{"0", 0, ""},
		{"SIG_DFL", 0, ""},
		{"_ign", 1, ""},
		{"CLD", 17, ""},
		{"999", 0, "value '999' is not a valid signal number"},
		{"35", 0, "value '35' is not a valid signal number"},
		{"-1", 0, "value '-1' is not a valid signal number"},
		{"FOO", 0, "value 'FOO' is not a valid signal name"},
		{"", 0, "value '' is not a valid signal name"},
		{"99999999999999999999", 0, "value '99999999999999999999' is not a valid signal number"},
	}
	for _, tt := range tests {
		got, err := ParseSignal(tt.in)
		if tt.wantErr != "" {
			assert.EqualError(t, err, tt.wantErr, tt.in)
			continue
		}
		assert.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
}

func TestSignalName(t *testing.T) {
	assert.Equal(t, "SIGTERM", SignalName(15))
	assert.Equal(t, "SIGABRT", SignalName(6))
	assert.Equal(t, "SIGCHLD", SignalName(17))
	assert.Equal(t, "SIGPOLL", SignalName(29))
	assert.Equal(t, "signal 0", SignalName(0))
	assert.Equal(t, "signal 35", SignalName(35))
}

func TestNamespec(t *testing.T) {
	assert.Equal(t, "web", MakeNamespec("web", "web"))
	assert.Equal(t, "grp:web_00", MakeNamespec("grp", "web_00"))
	tests := []struct {
		in, group, process string
		whole              bool
	}{
		{"web", "web", "web", false},
		{"grp:web", "grp", "web", false},
		{"grp:", "grp", "", true},
		{"grp:*", "grp", "", true},
		{"a:b:c", "a", "b:c", false},
	}
	for _, tt := range tests {
		g, p, w := SplitNamespec(tt.in)
		assert.Equal(t, []any{tt.group, tt.process, tt.whole}, []any{g, p, w}, tt.in)
	}
}
