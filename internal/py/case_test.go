package py

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Expectations were produced by Python 3.11.

func TestCase(t *testing.T) {
	tests := []struct{ in, lower, upper string }{
		{"ABC", "abc", "ABC"},
		{"İstanbul", "i\u0307stanbul", "İSTANBUL"},
		{"ΟΔΟΣ", "οδος", "ΟΔΟΣ"},
		{"ΣΑ", "σα", "ΣΑ"},
		{"straße", "straße", "STRASSE"},
		{"ﬁx", "ﬁx", "FIX"},
		{"Ǆ", "ǆ", "Ǆ"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.lower, Lower(tt.in), tt.in)
		assert.Equal(t, tt.upper, Upper(tt.in), tt.in)
	}
}
