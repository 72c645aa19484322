package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func testNames() *Names {
	n := NewNames()
	n.SetString("ENV_HOME", "/root")
	n.SetString("here", "/etc/sv")
	n.SetString("program_name", "web")
	n.SetInt("process_num", 3)
	n.SetInt("numprocs", 4)
	return n
}

// Expectations were produced by 4.2.5's options.expand with the same
// dictionary.
func TestExpand(t *testing.T) {
	tests := []struct{ value, want, wantErr string }{
		{"%(program_name)s_%(process_num)02d", "web_03", ""},
		{"%(process_num)d", "3", ""},
		{"100%%", "100%", ""},
		{"%(here)s/%(program_name)s.log", "/etc/sv/web.log", ""},
		{"date +%s", "date +{'ENV_HOME': '/root', 'here': '/etc/sv', 'program_name': 'web', 'process_num': 3, 'numprocs': 4}", ""},
		{"%(process_num)5s|", "    3|", ""},
		{"%(process_num)-3d|", "3  |", ""},
		{"%(here)r", "'/etc/sv'", ""},
		{"%(nope)s", "", "Format string '%(nope)s' for 'program:web.command' contains names ('nope') which cannot be expanded. Available names: ENV_HOME, here, numprocs, process_num, program_name"},
		{"%(here)b", "", "Format string '%(here)b' for 'program:web.command' is badly formatted: unsupported format character 'b' (0x62) at index 7"},
		{"%", "", "Format string '%' for 'program:web.command' is badly formatted: incomplete format"},
		{"%(here", "", "Format string '%(here' for 'program:web.command' is badly formatted: incomplete format key"},
		{"%d", "", "Format string '%d' for 'program:web.command' is badly formatted: %d format: a real number is required, not dict"},
		{"%(process_num)x", "3", ""},
		{"%(program_name)d", "", "Format string '%(program_name)d' for 'program:web.command' is badly formatted: %d format: a real number is required, not str"},
		{"%(process_num)c", "\u0003", ""},
		{"%(process_num)+05d", "+0003", ""},
		{"%(process_num)#o", "0o3", ""},
		{"%(process_num).3f", "3.000", ""},
		{"%(process_num)e", "3.000000e+00", ""},
		{"%(process_num)g", "3", ""},
		{"%(here)10.4s|", "      /etc|", ""},
		{"%(here)a", "'/etc/sv'", ""},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			got, err := Expand(tt.value, testNames(), "program:web.command")
			if tt.wantErr != "" {
				assert.EqualError(t, err, tt.wantErr)
				return
			}
			assert.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestNamesOrder(t *testing.T) {
	n := NewNames()
	n.SetString("b", "1")
	n.SetString("a", "2")
	n.SetString("b", "3")
	assert.Equal(t, []string{"b", "a"}, n.Keys())
	assert.Equal(t, "{'b': '3', 'a': '2'}", n.repr())
	e := EnvNames([]string{"HOME=/r", "X=a=b", "bogus", "HOME=/second"})
	assert.Equal(t, []string{"ENV_HOME", "ENV_X"}, e.Keys())
	v, _ := e.Lookup("ENV_X")
	assert.Equal(t, "a=b", v)
	v, _ = e.Lookup("ENV_HOME")
	assert.Equal(t, "/r", v)
}
