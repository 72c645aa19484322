package py

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"math/rand"
	"os/exec"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReprLiterals(t *testing.T) {
	cases := []struct {
		name string
		got  string
		want string
	}{
		{"plain str", Repr("abc"), `'abc'`},
		{"single quote picks double", Repr("it's"), `"it's"`},
		{"both quotes", Repr(`a'b"c`), `'a\'b"c'`},
		{"double only", Repr(`say "hi"`), `'say "hi"'`},
		{"controls", Repr("a\tb\nc\rd\x00\x7f\\"), `'a\tb\nc\rd\x00\x7f\\'`},
		{"unicode kept", Repr("ünï 日本"), `'ünï 日本'`},
		{"non-printable unicode", Repr("\u00a0\u200b\U000e0001"), `'\xa0\u200b\U000e0001'`},
		{"invalid utf-8 is surrogateescape", Repr("a\xffb"), `'a\udcffb'`},
		{"bytes", BytesRepr([]byte("ok\n")), `b'ok\n'`},
		{"bytes quotes", BytesRepr([]byte(`it's`)), `b"it's"`},
		{"bytes high", BytesRepr([]byte{0xff, 0x00, 0x7f, 0x80, '\\'}), `b'\xff\x00\x7f\x80\\'`},
		{"empty", BytesRepr(nil), `b''`},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, tc.got, tc.name)
	}
}

// TestReprMatchesPython compares with Python's repr() on random and chosen
// inputs.
func TestReprMatchesPython(t *testing.T) {
	const python = "/usr/bin/python3"
	if _, err := exec.LookPath(python); err != nil {
		t.Skipf("%s not available: %v", python, err)
	}
	rng := rand.New(rand.NewSource(1))
	var inputs [][]byte
	for i := 0; i < 300; i++ {
		b := make([]byte, rng.Intn(12))
		rng.Read(b)
		inputs = append(inputs, b)
	}
	for i := 0; i < 300; i++ {
		var b []byte
		for n := rng.Intn(6); n >= 0; n-- {
			var r rune
			switch rng.Intn(4) {
			case 0:
				r = rune(rng.Intn(0x100))
			case 1:
				r = rune(rng.Intn(0x3000))
			case 2: // emoji assigned long ago: Python 3.11 (Unicode 14)
				// and Go (a newer Unicode) agree on them
				r = rune(0x1f300 + rng.Intn(0x350))
			default:
				r = rune(rng.Intn(0x80))
			}
			if utf8.ValidRune(r) {
				b = utf8.AppendRune(b, r)
			}
		}
		inputs = append(inputs, b)
	}
	for _, s := range []string{"'", `"`, `'"`, "\u2028\u2029\u3000\ue000\uffff\U0010ffff\u0301\u00ad"} {
		inputs = append(inputs, []byte(s))
	}
	var hexes []string
	for _, b := range inputs {
		hexes = append(hexes, hex.EncodeToString(b))
	}
	in, err := json.Marshal(hexes)
	require.NoError(t, err)
	script := `
import json, sys
out = []
for h in json.load(sys.stdin):
    b = bytes.fromhex(h)
    s = b.decode('utf-8', 'surrogateescape')
    out.append([repr(b), repr(s), ascii(s)])
print(json.dumps(out))
`
	cmd := exec.Command(python, "-c", script)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	require.NoError(t, err)
	var want [][3]string
	require.NoError(t, json.Unmarshal(out, &want))
	for i, b := range inputs {
		assert.Equal(t, want[i][0], BytesRepr(b), "bytes %x", b)
		assert.Equal(t, want[i][1], Repr(string(b)), "str %x", b)
		assert.Equal(t, want[i][2], ASCII(string(b)), "ascii %x", b)
	}
}

// Expectations were produced by Python 3.11.
func TestReprPython311(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abc", `'abc'`},
		{"it's", `"it's"`},
		{`say "hi"`, `'say "hi"'`},
		{`both '"`, `'both \'"'`},
		{"tab\there\n", `'tab\there\n'`},
		{"\x00\x7f\x1b", `'\x00\x7f\x1b'`},
		{"é\u2028\U0001F600", "'é\\u2028\U0001F600'"},
		{`back\slash`, `'back\\slash'`},
		{"\u00a0nbsp", `'\xa0nbsp'`},
		{"\xff", `'\udcff'`}, // an undecodable byte, as surrogateescape shows it
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Repr(tt.in), "%q", tt.in)
	}
	assert.Equal(t, `'\xe9\u2028\U0001f600'`, ASCII("é\u2028\U0001F600"))
	assert.Equal(t, `['a', "b'c"]`, ListRepr([]string{"a", "b'c"}))
	assert.Equal(t, `('a %s', 'b')`, TupleRepr("a %s", "b"))
}
