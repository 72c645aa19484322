package py

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Expectations from Python 3.11's str.strip() and str.split().

func TestWhitespace(t *testing.T) {
	assert.Equal(t, "x", TrimSpace("\x1c\u3000 x\t\u0085"))
	assert.Equal(t, []string{"a", "b"}, Split(" a\x1fb\u2028"))
	assert.False(t, IsSpace('\u200b'))
	assert.Equal(t, " x", TrimRightSpace(" x\u2029\x1d "))
}

func TestSplit(t *testing.T) {
	assert.Equal(t, []string{"a", "b", "c", "d", "e\u200bf"}, Split("a\x1cb c\u00a0d\u2003e\u200bf"))
	assert.Equal(t, "x y", TrimSpace("\t x y\u00a0\n"))
}
