package py

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Expectations from Python 3.11's unicodedata.decimal(c, -1).
func TestDecimal(t *testing.T) {
	for r, want := range map[rune]int{
		'0': 0, '7': 7, '\u0663': 3, '\u0669': 9, '\uff10': 0, '\U0001d7ce': 0, '\U0001d7d7': 9,
		'a': -1, ' ': -1, '\u00b2': -1, '\u2460': -1, '\u216b': -1,
	} {
		assert.Equal(t, want, Decimal(r), "%U", r)
	}
}
