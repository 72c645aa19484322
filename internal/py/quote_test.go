package py

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The expected values are what Python 3.11's urllib.parse answers.
func TestUnquote(t *testing.T) {
	const r = "\uFFFD"
	for _, tc := range []struct{ in, unquote, unquotePlus string }{
		{"a+b", "a+b", "a b"},
		{"%41%zz%", "A%zz%", "A%zz%"},
		{"%e9", r, r},
		{"%c3%a9", "é", "é"},
		{"+%2B", "++", " +"},
		{"%", "%", "%"},
		{"%4", "%4", "%4"},
		{"%ff%fe-%C3-%E2%9C", r + r + "-" + r + "-" + r, r + r + "-" + r + "-" + r},
		{"%E0%80%AF", r + r + r, r + r + r},
		{"%ED%A0%80", r + r + r, r + r + r},
		{"%F4%90%80%80", r + r + r + r, r + r + r + r},
		{"%F0%9F%98", r, r},
		{"%F0%9F%98%80x", "\U0001F600x", "\U0001F600x"},
		{"%C3%28", r + "(", r + "("},
		{"%E2%82", r, r},
		{"%EF%BF%BD", r, r},
		{"%80%80", r + r, r + r},
		{"café%C3", "café" + r, "café" + r},
	} {
		assert.Equal(t, tc.unquote, Unquote(tc.in), tc.in)
		assert.Equal(t, tc.unquotePlus, UnquotePlus(tc.in), tc.in)
	}
}
