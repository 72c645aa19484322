package xmlrpc

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

// escapeSlow is appendEscaped's rule applied rune by rune.
func escapeSlow(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r',
			r == utf8.RuneError && size == 1, r == 0xFFFE, r == 0xFFFF:
			b.WriteRune(0xFFFD)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// TestAppendEscapedEveryPosition puts each kind of special byte at every
// position of plain strings of every length up to 40 (the eight-byte fast
// path must never skip one), and checks against the rune-by-rune rule.
func TestAppendEscapedEveryPosition(t *testing.T) {
	specials := []string{"&", "<", ">", "\x00", "\x01", "\x1f", "\t", "\n", "\r", " ", "\x7f", "é", "\u2603",
		"\U0001d11e", "\xff", "\xc3", "\uFFFE", "\uFFFF", "\x20\x1f"}
	for n := 0; n <= 40; n++ {
		base := strings.Repeat("abcdefgh/01234567"[n%3:], 3)[:n]
		assert.Equal(t, escapeSlow(base), string(appendEscaped(nil, base)), "%q", base)
		for pos := 0; pos <= n; pos++ {
			for _, sp := range specials {
				s := base[:pos] + sp + base[pos:]
				assert.Equal(t, escapeSlow(s), string(appendEscaped([]byte("x"), s))[1:], "%q", s)
			}
		}
	}
	// Bytes next to the thresholds of the eight-byte test.
	for c := 0; c < 256; c++ {
		s := strings.Repeat(string([]byte{byte(c)}), 9) + "tail-tail"
		assert.Equal(t, escapeSlow(s), string(appendEscaped(nil, s)), "byte %#x", c)
	}
}

// BenchmarkAppendEscaped escapes a typical log file path.
func BenchmarkAppendEscaped(b *testing.B) {
	s := "/var/log/supervisor/worker-0042-stdout---supervisor-k3j2h1.log"
	buf := make([]byte, 0, 256)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		buf = appendEscaped(buf[:0], s)
	}
}
