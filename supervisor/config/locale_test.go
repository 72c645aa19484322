package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Expectations observed with /usr/bin/python3 started with exactly these
// environments (only C, C.utf8 and POSIX installed).
func TestNeedsLocaleCoercion(t *testing.T) {
	installed := func(name string) bool { return normalizeLocale(name) == "C.utf8" }
	tests := []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, true},
		{map[string]string{"LANG": "C"}, true},
		{map[string]string{"LANG": "POSIX"}, true},
		{map[string]string{"LC_CTYPE": "C"}, true},
		{map[string]string{"LANG": "en_US.UTF-8"}, true}, // not installed
		{map[string]string{"LANG": "C.UTF-8"}, false},
		{map[string]string{"LC_ALL": "C"}, false},
		{map[string]string{"LC_ALL": ""}, true},
		{map[string]string{"LANG": "fr_FR.UTF-8", "LC_CTYPE": "POSIX"}, true},
		{map[string]string{"PYTHONCOERCECLOCALE": "0"}, false},
	}
	for _, tt := range tests {
		getenv := func(k string) string { return tt.env[k] }
		assert.Equal(t, tt.want, needsLocaleCoercion(getenv, installed), "%v", tt.env)
	}
	assert.Equal(t, "en_US.utf8", normalizeLocale("en_US.UTF-8"))
	assert.Equal(t, "de_DE.iso885915@euro", normalizeLocale("de_DE.ISO-8859-15@euro"))
	assert.True(t, localeInstalled("C.UTF-8"))
}
